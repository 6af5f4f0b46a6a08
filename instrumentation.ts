// Runs once when a Next.js server process starts (`next start`, `next dev`), before it serves a
// request: checks the environment, says which database it uses, and installs the request metrics
// and access log (lib/observability/start.ts).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerObservability } = await import("./lib/observability/start");
  startServerObservability();
}
