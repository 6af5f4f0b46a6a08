// Programme outcomes besides viral load (domain.md "Reports"): infant testing, interruption in
// treatment by time on ART, returned to care after tracing. Programme figures from the register, not
// the facilities' official ones. Pure twin of lib/reports/programme-sql.ts;
// tests/integration/reports-programme.test.ts compares them on random registers. docs/reports.md.
//
// Over a period P (from..to, E = its last day), among the clients in scope:
//   infant testing   infants of those clients who turned 2 months old in P (birth + 2 months in P):
//                    turned2m; of them tested2m whose first test was on or before that day. The
//                    same at 12 months. An infant's tests: her mother's INFANT_TEST appointments
//                    recorded ATTENDED that name the infant, or name none and are dated on or after
//                    her birth (a facility record does not say which infant).
//   interruption     clients active at E (enrolment-rules.ts) / those of them in interruption in
//                    treatment at E (clients.interruption_since on or before E - the flag is cleared
//                    when she returns, so a past period shows those not back since), by time on ART
//                    when it began: <3, 3-5, 6+ months (ART start on or before since minus 3 / 6
//                    months), UNKNOWN without an ART start date
//   returned         clients with a tracing outcome (DE24-DE29) recorded on a site-local day of P:
//                    traced; of them returned: an appointment recorded ATTENDED dated on or after
//                    the day of her first outcome in P and on or before E
import { addMonthsIso } from "@/lib/calls/calendar";
import { localDay } from "@/lib/site-clock";
import { exitDate, type Period } from "@/lib/reports/enrolment-rules";

export const ART_BANDS = ["<3", "3-5", "6+", "UNKNOWN"] as const;
export type ArtBand = (typeof ART_BANDS)[number];

export type ProgrammeFigures = {
  turned2m: number;
  tested2m: number;
  turned12m: number;
  tested12m: number;
  activeAtEnd: number;
  interrupted: Record<ArtBand | "TOTAL", number>;
  traced: number;
  returned: number;
};

export function emptyProgrammeFigures(): ProgrammeFigures {
  return {
    turned2m: 0, tested2m: 0, turned12m: 0, tested12m: 0, activeAtEnd: 0,
    interrupted: { "<3": 0, "3-5": 0, "6+": 0, UNKNOWN: 0, TOTAL: 0 }, traced: 0, returned: 0,
  };
}

/** Time on ART on `on`: <3, 3-5 or 6+ whole months; UNKNOWN without a start date. */
export function artBand(artStartDate: string | null, on: string): ArtBand {
  if (artStartDate === null) return "UNKNOWN";
  if (artStartDate <= addMonthsIso(on, -6)) return "6+";
  return artStartDate <= addMonthsIso(on, -3) ? "3-5" : "<3";
}

export type ProgrammeClient = {
  timeZone: string;
  enrolmentDate: string;
  status: string;
  statusDate: string | null;
  artStartDate: string | null;
  interruptionSince: string | null;
  infants: { id: string; dateOfBirth: string }[];
  appointments: { date: string; kind: string; status: string; infantId: string | null }[];
  tracing: { recordedAt: Date }[];
};

export function programmeFigures(clients: readonly ProgrammeClient[], p: Period): ProgrammeFigures {
  const out = emptyProgrammeFigures();
  const inP = (d: string) => d >= p.from && d <= p.to;
  for (const c of clients) {
    for (const i of c.infants) {
      const first = c.appointments
        .filter((a) => a.kind === "INFANT_TEST" && a.status === "ATTENDED" && (a.infantId === i.id || (a.infantId === null && a.date >= i.dateOfBirth)))
        .map((a) => a.date)
        .sort()[0];
      const at2 = addMonthsIso(i.dateOfBirth, 2);
      const at12 = addMonthsIso(i.dateOfBirth, 12);
      if (inP(at2)) {
        out.turned2m += 1;
        if (first !== undefined && first <= at2) out.tested2m += 1;
      }
      if (inP(at12)) {
        out.turned12m += 1;
        if (first !== undefined && first <= at12) out.tested12m += 1;
      }
    }
    const exit = exitDate(c);
    if (c.enrolmentDate <= p.to && !(exit !== null && exit <= p.to)) {
      out.activeAtEnd += 1;
      if (c.interruptionSince !== null && c.interruptionSince <= p.to) {
        out.interrupted[artBand(c.artStartDate, c.interruptionSince)] += 1;
        out.interrupted.TOTAL += 1;
      }
    }
    const firstTraced = c.tracing.map((t) => localDay(c.timeZone, t.recordedAt)).filter(inP).sort()[0];
    if (firstTraced !== undefined) {
      out.traced += 1;
      if (c.appointments.some((a) => a.status === "ATTENDED" && a.date >= firstTraced && a.date <= p.to)) out.returned += 1;
    }
  }
  return out;
}

/** One line of a report table (lib/reports/call-rules.ts ReportRow). */
export type ProgrammeRow = { group: "infants" | "interruption" | "returned"; key: string; value: number; previous: number };

const PROGRAMME_ROW_KEYS = [
  ["infants", "turned2m"], ["infants", "tested2m"], ["infants", "turned12m"], ["infants", "tested12m"],
  ["interruption", "activeAtEnd"], ...[...ART_BANDS, "TOTAL" as const].map((b) => ["interruption", `interrupted.${b}`] as const),
  ["returned", "traced"], ["returned", "returned"],
] as const;

function programmeValue(f: ProgrammeFigures, key: string): number {
  if (key.startsWith("interrupted.")) return f.interrupted[key.slice("interrupted.".length) as ArtBand | "TOTAL"];
  return f[key as Exclude<keyof ProgrammeFigures, "interrupted">];
}

/** The programme table: infant testing, interruption by time on ART, returned after tracing. */
export function programmeRows(current: ProgrammeFigures, previous: ProgrammeFigures): ProgrammeRow[] {
  return PROGRAMME_ROW_KEYS.map(([group, key]) => ({ group, key, value: programmeValue(current, key), previous: programmeValue(previous, key) }));
}
