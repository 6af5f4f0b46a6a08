import { createPrisma } from "@/lib/prisma-client";
const prisma = createPrisma(process.env.DATABASE_URL!, 2);
afterAll(() => prisma.$disconnect());
it("queries the real database", async () => {
  const rows = await prisma.$queryRaw<{ db: string }[]>`SELECT current_database() AS db`;
  expect(rows[0]?.db).toMatch(/test/);
  const tables = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM _prisma_migrations`;
  expect(Number(tables[0]?.n)).toBeGreaterThan(0);
});
