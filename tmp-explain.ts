import pg from "pg";
import { createPrisma } from "@/lib/prisma-client";
import { loadBatches } from "@/lib/calls/generate";
import { insertStatement } from "@/lib/messages/schedule";
async function main() {
  const url = "postgresql://postgres@127.0.0.1:5432/eservices_bench_r17b8";
  const db = createPrisma(url, 2);
  const b = (await loadBatches(db, { day: "2026-12-06" }))[0]!;
  const { text, values } = insertStatement({ day: "2026-12-06", siteIds: b.siteIds, settings: b.settings, whatsapp: false }, { provider: "africastalking", sender: "X" },
    { keys: ["appointment", "missed", "vl_due"], languages: ["en", "en", "en"], texts: ["a", "b", "c"] }, "en");
  const c = new pg.Client({ connectionString: url }); await c.connect();
  await c.query("BEGIN"); await c.query("SET LOCAL jit = off");
  await c.query("UPDATE client_phones p SET consent_sms = true FROM clients c WHERE c.id = p.client_id AND c.consent_messages AND p.status = 'OK' AND c.site_id = ANY($1::uuid[])", [b.siteIds]);
  const r = await c.query("EXPLAIN (ANALYZE, BUFFERS, SUMMARY) " + text, values);
  console.log(r.rows.map((x: Record<string, string>) => x["QUERY PLAN"]).join("\n"));
  await c.query("ROLLBACK"); await c.end(); await db.$disconnect();
}
main();
