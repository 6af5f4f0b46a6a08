// S0: how long the synthetic-data generator (scripts/seed-synthetic.ts) takes to fill the clients
// table with N clients, against the floor: one bare INSERT ... SELECT of N client-shaped rows from
// generate_series into a temporary table (no indexes, no foreign keys, no WAL).
//
// Runs in a scratch database (the clients table must start empty, as in a real fill), with the
// sites and Mentor Mothers already in place (not timed). The app time includes the set-based check
// of the clients' foreign keys when the fill deferred them (see openConnections).
import {
  closeConnections, fillClients, fillReferenceData, openConnections, verifyForeignKeys, type SyntheticRun,
} from "@/scripts/seed-synthetic";
import { checkpoint, timed, type Benchmark } from "./lib";

export const S0: Benchmark = {
  id: "S0",
  name: "S0 synthetic fill",
  target: "under 60 s for 1M clients",
  async run(ctx) {
    const scratch = await ctx.scratchDatabase("s0");
    try {
      const { conns, deferredForeignKeys } = await openConnections(scratch.url, 2);
      try {
        const run: SyntheticRun = { plan: ctx.plan, conns, deferredForeignKeys, log: () => {} };
        await fillReferenceData(run, "!scratch: no password"); // countries, sites, staff: not timed
        await checkpoint(conns[0]!);

        const app = await timed(async () => {
          await fillClients(run);
          if (deferredForeignKeys) await verifyForeignKeys(run, ["clients"]);
        });

        const db = conns[0]!;
        await db.query("CREATE TEMP TABLE s0_baseline (LIKE clients INCLUDING DEFAULTS)");
        const baseline = await timed(() => db.query(
          `INSERT INTO s0_baseline (id, ref, site_id, first_name, last_name, date_of_birth, category, enrolment_date,
             preferred_language, status, updated_at)
           SELECT gen_random_uuid(), 'B-' || lpad(g::text, 7, '0'), '00000000-0000-4000-8000-000000000000', 'Thandiwe', 'Dlamini',
                  DATE '1995-01-01' + g % 9000, 'POSTNATAL', DATE '2026-01-01' - g % 540, 'en', 'ACTIVE', now()
           FROM generate_series(1, $1::int) AS g`, [ctx.plan.clients]));
        return { app, baseline };
      } finally {
        await closeConnections(conns);
      }
    } finally {
      await scratch.drop();
    }
  },
};
