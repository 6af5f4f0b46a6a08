// The headers of every personal answer (pages' data, files): never cached, never sniffed. Its own
// module so the file writers (lib/exports/files.ts) use it without the route wrapper's imports.
export const NO_STORE = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } as const;
