// Stand-in for the `server-only` package under jest: the real one throws when imported outside a
// React Server Components bundle, which a test process is not.
export {};
