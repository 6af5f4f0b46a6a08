// Is a Next.js build folder newer than every source that goes into it? (`npm run demo` and
// `npm run cluster` rebuild only when it is not.)
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "./database";

// Sources whose change makes an existing build stale.
const BUILD_INPUTS = ["app", "lib", "components", "messages", "i18n", "public", "prisma/schema.prisma",
  "next.config.js", "next.config.ts", "next.config.mjs", "proxy.ts", "middleware.ts", "instrumentation.ts", "package-lock.json"];

function newestMtime(p: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file only shows as a newer directory
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** `distDir` relative to the repository (next.config.js honours NEXT_DIST_DIR). */
export function buildIsFresh(distDir: string): boolean {
  const buildId = path.join(repoRoot, distDir, "BUILD_ID");
  if (!fs.existsSync(buildId)) return false;
  const built = fs.statSync(buildId).mtimeMs;
  return BUILD_INPUTS.every((p) => newestMtime(path.join(repoRoot, p)) < built);
}

/** `next build` rewrites tsconfig.json when the build folder is not .next: put it back afterwards. */
export async function keepingTsconfig<T>(build: () => T | Promise<T>): Promise<T> {
  const tsconfig = path.join(repoRoot, "tsconfig.json");
  const before = fs.readFileSync(tsconfig);
  try {
    return await build();
  } finally {
    if (!fs.readFileSync(tsconfig).equals(before)) fs.writeFileSync(tsconfig, before);
  }
}
