// `npm run db:migrate`: `prisma migrate deploy` on the database every command resolves to
// (DATABASE_URL, or the embedded PostgreSQL's demo database when it is unset).
import { migrateDeploy, resolveDatabase } from "./lib/database";

async function main(): Promise<number> {
  const database = await resolveDatabase("db:migrate");
  try {
    await migrateDeploy(database.url);
    return 0;
  } finally {
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
