// `npm run seed:synthetic -- --clients N --seed S [--reset] [--anchor YYYY-MM-DD] [--jobs J]`
//
// Synthetic data at benchmark scale (docs/bench.md, ../shared/docs/performance.md): per 1,000
// clients one site, ten Mentor Mothers and a supervisor, in up to ten countries. Set-based SQL only
// (generate_series + INSERT ... SELECT), split into contiguous ranges that run on `jobs` connections
// at once.
//
// Deterministic: every "random" value is hashint8extended(row number, seed * 1000 + k) for a
// fixed stream k, a pure function of the row, so the data depend neither on evaluation order nor
// on how the ranges are split over connections (setseed()/random() would depend on both). Ids are
// deterministic too ("5eKK0000-0000-4000-8000-<row number in hex>", KK = table), which also makes
// them ascending, so primary-key indexes fill at their right edge. Dates are relative to the
// anchor date (default: today, UTC), so the same seed and anchor give the same rows.
//
// Recognisable and removable: sites SYN-0001, clients SYN-0000001, users syn-mm-00001 /
// syn-sup-0001 / syn-admin / syn-manager*, countries with the ISO 3166 user-assigned codes XA-XJ
// named "SYN <country>". --reset deletes all of that first (audit_events is never touched).
import { parseArgs } from "node:util";
import pg from "pg";
import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { countrySettingsSchema, programmeSettingsSchema } from "@/lib/settings/schemas";
import { DEMO_PASSWORD } from "@/prisma/demo-accounts";
import { resolveDatabase } from "./lib/database";

/** Bump when the generated data change shape, so stored data of an older version are regenerated. */
export const SYNTHETIC_VERSION = 1;
export const CLIENTS_PER_SITE = 1000;
export const MENTORS_PER_SITE = 10;
export const MAX_CLIENTS = 4_000_000; // phone numbers are unique up to 4,999,999 clients
/** Of every 1,000 clients at a site, this many prefer the country's default language. */
const DEFAULT_LANGUAGE_SHARE = 600;
/** Synthetic accounts share the demo password. */
export const SYNTHETIC_PASSWORD = DEMO_PASSWORD;
export const SYNTHETIC_ADMIN = "syn-admin";

// ------------------------------------------------------------------------------------------------
// The shape of the data.

type NameGroup = { female: readonly string[]; male: readonly string[]; surnames: readonly string[] };
const NAME_GROUPS: Record<"southern" | "malawi" | "east" | "lusophone" | "ghana", NameGroup> = {
  southern: {
    female: ["Nomvula", "Thandiwe", "Zanele", "Nokuthula", "Lindiwe", "Sibongile", "Lerato", "Palesa", "Mpho", "Refilwe",
      "Dineo", "Naledi", "Ayanda", "Nosipho", "Asanda", "Zintle", "Nomsa", "Thandeka", "Puleng", "Mbali", "Lulama", "Busisiwe"],
    male: ["Sipho", "Thabo", "Mandla", "Bongani", "Tshepo", "Lwazi", "Sizwe", "Themba", "Teboho", "Xolani"],
    surnames: ["Dlamini", "Nkosi", "Ndlovu", "Khumalo", "Mokoena", "Mahlangu", "Zulu", "Mthembu", "Sithole", "Ngcobo",
      "Molefe", "Mofokeng", "Radebe", "Cele", "Shabalala", "Maseko", "Mgqibelo", "Dyantyi", "Mlambo", "Letsie", "Mabuza", "Simelane"],
  },
  malawi: {
    female: ["Chikondi", "Tiwonge", "Thokozani", "Mphatso", "Tadala", "Chisomo", "Alinafe", "Madalitso", "Lusungu",
      "Takondwa", "Tamanda", "Chimwemwe", "Yamikani", "Chifundo", "Towera", "Wezi", "Mwayi", "Memory", "Grace", "Esther"],
    male: ["Kondwani", "Blessings", "Yohane", "Chikumbutso", "Dalitso", "Limbani", "Mavuto", "Kumbukani", "Gift", "Mwiza"],
    surnames: ["Banda", "Phiri", "Mwale", "Chirwa", "Mbewe", "Gondwe", "Nyirenda", "Kumwenda", "Tembo", "Msiska",
      "Kalua", "Mkandawire", "Mhango", "Jere", "Lungu", "Nkhoma", "Kamanga", "Moyo", "Zulu", "Daka", "Mulenga", "Bwalya"],
  },
  east: {
    female: ["Achieng", "Atieno", "Akinyi", "Wanjiru", "Njeri", "Wambui", "Nakato", "Namubiru", "Nabirye", "Auma",
      "Apio", "Nafula", "Chebet", "Jepkoech", "Kemunto", "Moraa", "Nalwoga", "Babirye", "Nansubuga", "Aber"],
    male: ["Ochieng", "Otieno", "Kamau", "Mwangi", "Kiprono", "Okello", "Mugisha", "Wafula", "Omondi", "Ssemakula"],
    surnames: ["Odhiambo", "Otieno", "Kamau", "Mwangi", "Njoroge", "Wanjala", "Kiprotich", "Mukasa", "Ssempala", "Okello",
      "Opio", "Namutebi", "Byaruhanga", "Tumusiime", "Kariuki", "Ouma", "Onyango", "Mutua", "Kato", "Nsubuga"],
  },
  lusophone: {
    female: ["Ana", "Maria", "Celeste", "Felizarda", "Lurdes", "Rosa", "Amélia", "Joana", "Esperança", "Graça", "Fátima",
      "Isabel", "Luísa", "Teresa", "Domingas", "Helena", "Alzira", "Judite", "Madalena", "Sónia"],
    male: ["João", "Manuel", "António", "José", "Carlos", "Domingos", "Armando", "Fernando", "Alberto", "Paulo"],
    surnames: ["Macuácua", "Nhantumbo", "Cossa", "Sitoe", "Tembe", "Mabunda", "Langa", "Muianga", "dos Santos", "Fernandes",
      "Domingos", "Kiala", "Lourenço", "Bento", "Sebastião", "Cumbe", "Chiziane", "Mondlane", "Massango", "Matsinhe"],
  },
  ghana: {
    female: ["Akosua", "Adwoa", "Abena", "Akua", "Yaa", "Afia", "Ama", "Efua", "Esi", "Araba", "Adjoa", "Comfort",
      "Gifty", "Mercy", "Abigail", "Patience", "Vida", "Rita", "Grace", "Joyce"],
    male: ["Kwame", "Kofi", "Kwaku", "Yaw", "Kwabena", "Kojo", "Kwesi", "Emmanuel", "Daniel", "Samuel"],
    surnames: ["Mensah", "Owusu", "Boateng", "Asante", "Osei", "Agyeman", "Appiah", "Amoah", "Ansah", "Acheampong",
      "Darko", "Addo", "Quaye", "Tetteh", "Adjei", "Frimpong", "Ofori", "Bonsu", "Sarpong", "Oppong"],
  },
};

export type SyntheticCountry = {
  code: string; // ISO 3166 user-assigned (XA-XJ): never a real country, never the demo's ZA/MW
  name: string;
  timeZone: string;
  /** First = the country's default; Mentor Mothers speak it plus one of the others. */
  languages: readonly string[];
  /** E.164 country code and mobile prefix; seven digits follow. */
  mobilePrefix: string;
  names: keyof typeof NAME_GROUPS;
};

/** Modelled on the programme's countries. Languages are those in the programme settings' default list. */
export const SYNTHETIC_COUNTRIES: readonly SyntheticCountry[] = [
  { code: "XA", name: "SYN South Africa", timeZone: "Africa/Johannesburg", languages: ["en", "zu", "xh", "st"], mobilePrefix: "+2772", names: "southern" },
  { code: "XB", name: "SYN Malawi", timeZone: "Africa/Blantyre", languages: ["ny", "en"], mobilePrefix: "+26599", names: "malawi" },
  { code: "XC", name: "SYN Uganda", timeZone: "Africa/Kampala", languages: ["en"], mobilePrefix: "+25677", names: "east" },
  { code: "XD", name: "SYN Kenya", timeZone: "Africa/Nairobi", languages: ["en"], mobilePrefix: "+25471", names: "east" },
  { code: "XE", name: "SYN Lesotho", timeZone: "Africa/Maseru", languages: ["st", "en"], mobilePrefix: "+2665", names: "southern" },
  { code: "XF", name: "SYN Eswatini", timeZone: "Africa/Mbabane", languages: ["en", "zu"], mobilePrefix: "+2687", names: "southern" },
  { code: "XG", name: "SYN Mozambique", timeZone: "Africa/Maputo", languages: ["pt", "en"], mobilePrefix: "+25884", names: "lusophone" },
  { code: "XH", name: "SYN Zambia", timeZone: "Africa/Lusaka", languages: ["en", "ny"], mobilePrefix: "+26097", names: "malawi" },
  { code: "XI", name: "SYN Angola", timeZone: "Africa/Luanda", languages: ["pt", "fr"], mobilePrefix: "+24492", names: "lusophone" },
  { code: "XJ", name: "SYN Ghana", timeZone: "Africa/Accra", languages: ["en", "fr"], mobilePrefix: "+23324", names: "ghana" },
];

export type SyntheticPlan = {
  clients: number;
  seed: number;
  /** YYYY-MM-DD: dates are generated relative to this day. */
  anchor: string;
  sites: number;
  mentors: number;
  countries: readonly SyntheticCountry[];
};

export function planSynthetic(opts: { clients: number; seed: number; anchor?: string }): SyntheticPlan {
  const sites = Math.ceil(opts.clients / CLIENTS_PER_SITE);
  return {
    clients: opts.clients,
    seed: opts.seed,
    anchor: opts.anchor ?? new Date().toISOString().slice(0, 10),
    sites,
    mentors: sites * MENTORS_PER_SITE,
    countries: SYNTHETIC_COUNTRIES.slice(0, Math.min(SYNTHETIC_COUNTRIES.length, sites)),
  };
}

export const syntheticUsernames = {
  mentor: (n: number): string => `syn-mm-${String(n).padStart(5, "0")}`,
  supervisor: (site: number): string => `syn-sup-${String(site).padStart(4, "0")}`,
  admin: SYNTHETIC_ADMIN,
  manager: "syn-manager",
  countryManager: (code: string): string => `syn-manager-${code.toLowerCase()}`,
};
export const syntheticSiteCode = (site: number): string => `SYN-${String(site).padStart(4, "0")}`;
export const syntheticClientRef = (n: number): string => `SYN-${String(n).padStart(7, "0")}`;

// ------------------------------------------------------------------------------------------------
// SQL building blocks.

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const textArray = (items: readonly string[]): string => `ARRAY[${items.map(lit).join(",")}]::text[]`;
const intArray = (items: readonly number[]): string => `ARRAY[${items.join(",")}]::int[]`;

/** Table tags inside synthetic ids. */
const TAG = {
  country: "01", site: "02", mentor: "03", client: "04", phone: "05", phone2: "06", infant: "07", viralLoad: "08",
  appointment: "09", assignment: "0a", holiday: "0b", supervisor: "0c", staff: "0d",
} as const;

/** SQL for the synthetic uuid of row `expr` (a positive integer expression) of table `tag`. */
export function synId(tag: keyof typeof TAG, expr: string): string {
  return `('5e${TAG[tag]}0000-0000-4000-8000-' || lpad(to_hex(${expr}), 12, '0'))::uuid`;
}
/** The same id computed in JavaScript. */
export function synIdOf(tag: keyof typeof TAG, n: number): string {
  return `5e${TAG[tag]}0000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

class Sql {
  constructor(readonly plan: SyntheticPlan) {}
  private key(k: number): string {
    return String(BigInt(this.plan.seed) * 1000n + BigInt(k));
  }
  /** Uniform [0, 1) from row expression `expr`, stream k. */
  u(expr: string, k: number): string {
    return `((hashint8extended((${expr})::int8, ${this.key(k)}) & 4294967295)::float8 / 4294967296.0)`;
  }
  /** Uniform integer in [0, n) from row `expr`, stream k (n may be an SQL expression). */
  i(expr: string, k: number, n: number | string): string {
    return `((hashint8extended((${expr})::int8, ${this.key(k)}) & 2147483647) % (${n}))::int`;
  }
  get anchor(): string {
    return `DATE ${lit(this.plan.anchor)}`;
  }
  /** CASE over the country index `ci` (0-based). */
  byCountry(ci: string, f: (c: SyntheticCountry, index: number) => string): string {
    return `CASE ${ci} ${this.plan.countries.map((c, i) => `WHEN ${i} THEN ${f(c, i)}`).join(" ")} END`;
  }
  /** A name from a list, chosen by hash. */
  name(ci: string, male: string, expr: string, k: number, kind: "given" | "surname"): string {
    return this.byCountry(ci, (c) => {
      const g = NAME_GROUPS[c.names];
      if (kind === "surname") return `(${textArray(g.surnames)})[1 + ${this.i(expr, k, g.surnames.length)}]`;
      return `CASE WHEN ${male} THEN (${textArray(g.male)})[1 + ${this.i(expr, k, g.male.length)}] ` +
        `ELSE (${textArray(g.female)})[1 + ${this.i(expr, k, g.female.length)}] END`;
    });
  }

  /**
   * One row per client g in [lo, hi] with every attribute the client rows and their children need
   * (the planner drops columns a statement does not use). OFFSET 0 keeps each level from being
   * flattened into the next, so each expression is computed once per row.
   */
  clientAttrs(lo: number, hi: number): string {
    const C = this.plan.countries.length;
    const others = this.plan.countries.map((c) => c.languages.length - 1);
    const A = this.anchor;
    const u = (k: number): string => this.u("g", k);
    // 1: the random draws
    const l1 = `SELECT g, s, ci, (${intArray(others)})[ci + 1] AS k_langs,
        ${u(1)} AS r_cat, ${u(2)} AS r_age, ${u(3)} AS r_age_day, ${u(4)} AS r_enrol, ${u(5)} AS r_status,
        ${u(6)} AS r_status_day, ${u(9)} AS r_art, ${u(10)} AS r_art_day,
        ${u(11)} AS r_vl_day, ${u(12)} AS r_vl_band, ${u(13)} AS r_vl_value, ${u(14)} AS r_family, ${u(15)} AS r_family2,
        ${u(16)} AS r_consent, ${u(17)} AS r_messages, ${u(18)} AS r_source, ${u(19)} AS r_male,
        -- p: the client's place in a per-site shuffle of 0..999 (7919 is prime to 1000), which fixes
        -- her language and Mentor Mother so that every site has the same language mix and even caseloads
        ((g - 1) % ${CLIENTS_PER_SITE} * 7919 + ${this.i("s", 21, CLIENTS_PER_SITE)}) % ${CLIENTS_PER_SITE} AS p
      FROM (SELECT g, (g - 1) / ${CLIENTS_PER_SITE} + 1 AS s, ((g - 1) / ${CLIENTS_PER_SITE}) % ${C} AS ci
            FROM generate_series(${lo}::int, ${hi}::int) AS g) b
      OFFSET 0`;
    // 2: category (PREGNANT 20%, POSTNATAL 30%, INFANT_CAREGIVER 10%, ADOLESCENT 18%, PARTNER 12%,
    // OTHER 10%), age, language, ART start (12% in the last three months)
    const l2 = `SELECT a.*,
        CASE WHEN r_cat < 0.20 THEN 'PREGNANT' WHEN r_cat < 0.50 THEN 'POSTNATAL' WHEN r_cat < 0.60 THEN 'INFANT_CAREGIVER'
             WHEN r_cat < 0.78 THEN 'ADOLESCENT' WHEN r_cat < 0.90 THEN 'PARTNER' ELSE 'OTHER' END AS cat,
        (r_cat >= 0.78 AND r_cat < 0.90 AND r_male < 0.85) AS male,
        ((CASE WHEN r_cat < 0.50 THEN 16 + floor(r_age * 29) WHEN r_cat < 0.60 THEN 18 + floor(r_age * 32)
               WHEN r_cat < 0.78 THEN 13 + floor(r_age * 7) WHEN r_cat < 0.90 THEN 20 + floor(r_age * 36)
               ELSE 18 + floor(r_age * 32) END) * 365.25 + floor(r_age_day * 365))::int AS age_days,
        (r_art < 0.12) AS recent_art,
        (CASE WHEN r_art < 0.12 THEN 7 + floor(r_art_day * 79) ELSE 120 + floor(r_art_day * 3530) END)::int AS art_ago_raw,
        (CASE WHEN r_art < 0.12 THEN floor(r_enrol * 7) WHEN r_cat < 0.20 THEN floor(r_enrol * 200)
              ELSE floor(r_enrol * 548) END)::int AS enrol_raw,
        (CASE WHEN k_langs = 0 OR p < ${DEFAULT_LANGUAGE_SHARE} THEN 0 ELSE 1 + (p - ${DEFAULT_LANGUAGE_SHARE}) % k_langs END) AS lang_t
      FROM (${l1}) a OFFSET 0`;
    // 3: days ago of ART start and enrolment (recent starters enrol within a week of starting)
    const l3 = `SELECT b.*,
        (CASE WHEN recent_art THEN art_ago_raw ELSE LEAST(art_ago_raw, age_days - 60) END) AS art_ago,
        (CASE WHEN recent_art THEN art_ago_raw - enrol_raw ELSE enrol_raw END) AS enrol_ago
      FROM (${l2}) b OFFSET 0`;
    // 4: status (95% active; nobody leaves in her first 45 days) and when it changed
    const l4 = `SELECT c.*,
        (CASE WHEN enrol_ago < 45 OR r_status < 0.95 THEN 'ACTIVE' WHEN r_status < 0.965 THEN 'TRANSFERRED_OUT'
              WHEN r_status < 0.975 THEN 'LOST_TO_FOLLOW_UP' WHEN r_status < 0.985 THEN 'OPTED_OUT'
              WHEN r_status < 0.998 THEN 'EXITED' ELSE 'DIED' END) AS st,
        (CASE WHEN enrol_ago < 45 OR r_status < 0.95 THEN NULL ELSE floor(r_status_day * (enrol_ago - 29))::int END) AS status_ago
      FROM (${l3}) c OFFSET 0`;
    // 5: everything else. The last viral load: sampled 3+ months after ART start, 3 weeks to a year
    // ago (before she left); none yet for recent starters. 74% undetectable, 8% under 50, 10%
    // 50-1000, 8% above 1000.
    const vlAgo = `(CASE WHEN recent_art OR COALESCE(status_ago, 0) + 21 > art_ago - 90 THEN NULL
        ELSE LEAST(GREATEST(21 + floor(r_vl_day * 330)::int, COALESCE(status_ago, 0) + 21), art_ago - 90) END)`;
    return `SELECT g, s, ci, cat, male, lang_t, st,
        ${A} - age_days AS dob, ${A} - art_ago AS art, ${A} - enrol_ago AS enrol,
        ${A} - status_ago AS status_date, COALESCE(status_ago, 0) AS last_ago,
        ${A} - ${vlAgo} AS vl_date,
        (CASE WHEN ${vlAgo} IS NULL THEN NULL WHEN r_vl_band < 0.74 THEN 0 WHEN r_vl_band < 0.82 THEN 20 + floor(r_vl_value * 30)
              WHEN r_vl_band < 0.92 THEN round(50 * exp(r_vl_value * ln(20))) ELSE round(1001 * exp(r_vl_value * 5)) END)::int AS vl_copies,
        (CASE WHEN cat = 'PREGNANT' THEN ${A} + 7 + floor(r_family * 234)::int END) AS edd,
        (cat = 'POSTNATAL' AND r_family < 0.9) AS bf,
        (cat IN ('POSTNATAL', 'INFANT_CAREGIVER')) AS has_infant,
        (CASE WHEN cat = 'POSTNATAL' THEN ${A} - 3 - floor(r_family2 * 362)::int
              WHEN cat = 'INFANT_CAREGIVER' THEN ${A} - 14 - floor(r_family2 * 526)::int END) AS infant_dob,
        (st <> 'OPTED_OUT' AND r_consent < 0.985) AS consent_calls,
        (st <> 'OPTED_OUT' AND r_consent < 0.985 AND r_messages < 0.62) AS consent_messages,
        (CASE WHEN r_source < 0.7 THEN 'import' ELSE 'manual' END) AS source,
        -- the Mentor Mother slot (0-9 at the site): slot j speaks the default language and language
        -- 1 + (j mod k_langs); clients of the default language go round all ten slots, clients of
        -- language t > 0 round the slots j with j mod k_langs = t - 1
        (CASE WHEN lang_t = 0 THEN p % ${MENTORS_PER_SITE}
              ELSE (lang_t - 1) + k_langs * (((p - ${DEFAULT_LANGUAGE_SHARE}) / k_langs) % ((${MENTORS_PER_SITE} - lang_t) / k_langs + 1)) END) AS slot
      FROM (${l4}) d OFFSET 0`;
  }
}

// ------------------------------------------------------------------------------------------------
// Running statements: `jobs` connections, big steps split into contiguous row ranges.

export type Log = (line: string) => void;

export type SyntheticRun = {
  plan: SyntheticPlan;
  conns: pg.Client[];
  log: Log;
  /** Foreign keys were not checked row by row (session_replication_role = replica): verify them set-based. */
  deferredForeignKeys: boolean;
};

/**
 * Opens `jobs` connections for filling. Foreign-key checks are PostgreSQL triggers that run one
 * lookup per inserted row and cost more than half of the fill time (measured: 1M clients with
 * their two foreign keys 18-22 s, without 7-8 s). So, when the role may (superuser), the sessions
 * run with session_replication_role = replica, which skips those triggers for these sessions only
 * (as pg_restore --disable-triggers does); nothing is dropped, indexes and unique constraints still
 * apply, and verifyForeignKeys() then checks every foreign key with one anti-join per key.
 * Not a superuser: the triggers run as usual (slower, same result).
 */
export async function openConnections(databaseUrl: string, jobs: number, opts: { deferForeignKeys?: boolean } = {}): Promise<{ conns: pg.Client[]; deferredForeignKeys: boolean }> {
  const conns: pg.Client[] = [];
  let deferred = opts.deferForeignKeys ?? true;
  try {
    for (let i = 0; i < jobs; i++) {
      const c = new pg.Client({ connectionString: databaseUrl, application_name: "seed-synthetic" });
      conns.push(c);
      await c.connect();
      // Synthetic data are regenerable: a crash losing the last commits costs nothing.
      await c.query("SET synchronous_commit = off; SET work_mem = '64MB'; SET statement_timeout = 0");
      if (deferred) {
        const { rows } = await c.query<{ su: boolean }>("SELECT rolsuper AS su FROM pg_roles WHERE rolname = current_user");
        if (rows[0]?.su) await c.query("SET session_replication_role = replica");
        else deferred = false;
      }
    }
    if (!deferred) for (const c of conns) await c.query("SET session_replication_role = origin");
    return { conns, deferredForeignKeys: deferred };
  } catch (err) {
    await closeConnections(conns);
    throw err;
  }
}

export async function closeConnections(conns: pg.Client[]): Promise<void> {
  await Promise.all(conns.map((c) => c.end().catch(() => {})));
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const count = (n: number): string => n.toLocaleString("en-US");

/** Runs sql(lo, hi) for [1, total] split into one range per connection; returns rows written. */
async function chunked(run: SyntheticRun, label: string, total: number, sql: (lo: number, hi: number) => string): Promise<number> {
  const started = Date.now();
  const parts = Math.max(1, Math.min(run.conns.length, Math.ceil(total / 10_000)));
  const size = Math.ceil(total / parts);
  const results = await Promise.all(
    Array.from({ length: parts }, (_, p) => {
      const lo = p * size + 1;
      const hi = Math.min(total, (p + 1) * size);
      return lo > hi ? Promise.resolve(0) : run.conns[p]!.query(sql(lo, hi)).then((r) => r.rowCount ?? 0);
    }),
  );
  const rows = results.reduce((a, b) => a + b, 0);
  run.log(`  ${label}: ${count(rows)} rows in ${seconds(Date.now() - started)}`);
  return rows;
}

async function single(run: SyntheticRun, label: string, sql: string, params: unknown[] = []): Promise<number> {
  const started = Date.now();
  const r = await run.conns[0]!.query(sql, params);
  run.log(`  ${label}: ${count(r.rowCount ?? 0)} rows in ${seconds(Date.now() - started)}`);
  return r.rowCount ?? 0;
}

// ------------------------------------------------------------------------------------------------
// The steps.

const MARKER = /\[synthetic v(\d+): clients=(\d+) seed=(\d+) anchor=(\d{4}-\d{2}-\d{2})\]/;
const markerText = (p: SyntheticPlan): string =>
  `[synthetic v${SYNTHETIC_VERSION}: clients=${p.clients} seed=${p.seed} anchor=${p.anchor}]`;

export type SyntheticMarker = { version: number; clients: number; seed: number; anchor: string };

/** What synthetic data the database holds: the marker of a complete run, "partial", or null. */
export async function readSyntheticState(db: pg.ClientBase): Promise<SyntheticMarker | "partial" | null> {
  const { rows } = await db.query<{ name: string }>("SELECT name FROM users WHERE username = $1", [SYNTHETIC_ADMIN]);
  const m = rows[0] && MARKER.exec(rows[0].name);
  if (m) return { version: Number(m[1]), clients: Number(m[2]), seed: Number(m[3]), anchor: m[4]! };
  const any = await db.query(
    "SELECT 1 FROM users WHERE username LIKE 'syn-%' UNION ALL SELECT 1 FROM sites WHERE code LIKE 'SYN-%' " +
    "UNION ALL SELECT 1 FROM clients WHERE ref LIKE 'SYN-%' LIMIT 1");
  return rows[0] || any.rowCount ? "partial" : null;
}

/** Deletes every synthetic row (children first). audit_events is append-only and never touched. */
export async function resetSynthetic(db: pg.ClientBase, log: Log): Promise<void> {
  const started = Date.now();
  const codes = SYNTHETIC_COUNTRIES.map((c) => lit(c.code)).join(",");
  await db.query("BEGIN");
  try {
    // Deletes below rely on ON DELETE CASCADE and the append-only trigger: triggers must fire.
    const { rows: [role] } = await db.query<{ r: string }>("SELECT current_setting('session_replication_role') AS r");
    if (role?.r !== "origin") await db.query("SET LOCAL session_replication_role = origin");
    const { rows: [flags] } = await db.query<{ syn: boolean; other: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM clients WHERE ref LIKE 'SYN-%') AS syn, EXISTS (SELECT 1 FROM clients WHERE ref NOT LIKE 'SYN-%') AS other");
    if (flags?.syn && !flags.other) {
      // Only synthetic clients: TRUNCATE empties clients and every table that references them
      // (phones, infants, viral loads, assignments, appointments, call tasks and attempts), all of
      // whose rows therefore belong to synthetic clients. Seconds instead of minutes of row deletes.
      // The append-only tables refuse TRUNCATE; synthetic rows may go (their no-truncate triggers
      // are off inside this transaction only).
      for (const t of ["call_attempts", "tracing_outcomes"]) await db.query(`ALTER TABLE ${t} DISABLE TRIGGER ${t}_no_truncate`);
      await db.query("TRUNCATE clients CASCADE");
      for (const t of ["call_attempts", "tracing_outcomes"]) await db.query(`ALTER TABLE ${t} ENABLE TRIGGER ${t}_no_truncate`);
    } else if (flags?.syn) {
      // Synthetic and other clients side by side (e.g. a development database with the demo data).
      const syn = "(SELECT id FROM clients WHERE ref LIKE 'SYN-%')";
      const superuser = (await db.query<{ su: boolean }>("SELECT rolsuper AS su FROM pg_roles WHERE rolname = current_user")).rows[0]?.su;
      if (superuser) {
        // Row-by-row foreign-key triggers would make this take hours at 1M clients (deleting an
        // infant sets appointments.infant_id to null by scanning appointments, which has no index
        // on it). So: no triggers for this transaction, every dependent row deleted explicitly
        // (children first), and all foreign keys checked set-based before COMMIT.
        await db.query("SET LOCAL session_replication_role = replica");
        await db.query(`DELETE FROM call_attempts WHERE client_id IN ${syn}`);
        for (const table of ["call_tasks", "appointments", "assignments", "viral_load_results", "infants", "client_phones"]) {
          await db.query(`DELETE FROM ${table} WHERE client_id IN ${syn}`);
        }
        await db.query("DELETE FROM clients WHERE ref LIKE 'SYN-%'");
        const synUsers = "(SELECT id FROM users WHERE username LIKE 'syn-%')";
        for (const table of ["user_sites", "mentor_profiles", "mentor_leaves", "user_sessions"]) {
          await db.query(`DELETE FROM ${table} WHERE user_id IN ${synUsers}`);
        }
        await db.query("DELETE FROM users WHERE username LIKE 'syn-%'");
        await db.query("DELETE FROM user_sites WHERE site_id IN (SELECT id FROM sites WHERE code LIKE 'SYN-%')");
        await db.query("DELETE FROM sites WHERE code LIKE 'SYN-%'");
        await db.query(`DELETE FROM public_holidays WHERE country_id IN (SELECT id FROM countries WHERE code IN (${codes}) AND name LIKE 'SYN %')`);
        await db.query(`DELETE FROM countries WHERE code IN (${codes}) AND name LIKE 'SYN %'`);
        const { broken } = await checkForeignKeys([db]);
        if (broken.length) {
          throw new Error(`--reset stopped, nothing deleted: rows outside the synthetic data point to synthetic rows:\n  ${broken.join("\n  ")}`);
        }
        await db.query("COMMIT");
        log(`  reset: previous synthetic data deleted in ${seconds(Date.now() - started)}`);
        return;
      }
      // Not a superuser: the triggers do the cascading (slow at scale). Call attempts are
      // append-only; synthetic ones may go (the trigger is off inside this transaction only).
      const attempts = await db.query(`SELECT 1 FROM call_attempts WHERE client_id IN ${syn} LIMIT 1`);
      if (attempts.rowCount) {
        await db.query("ALTER TABLE call_attempts DISABLE TRIGGER call_attempts_append_only");
        await db.query(`DELETE FROM call_attempts WHERE client_id IN ${syn}`);
        await db.query("ALTER TABLE call_attempts ENABLE TRIGGER call_attempts_append_only");
      }
      for (const table of ["call_tasks", "appointments", "assignments", "viral_load_results", "infants", "client_phones"]) {
        await db.query(`DELETE FROM ${table} WHERE client_id IN ${syn}`);
      }
      await db.query("DELETE FROM clients WHERE ref LIKE 'SYN-%'");
    }
    await db.query("DELETE FROM users WHERE username LIKE 'syn-%'"); // profiles, user_sites, sessions cascade
    await db.query("DELETE FROM user_sites WHERE site_id IN (SELECT id FROM sites WHERE code LIKE 'SYN-%')");
    await db.query("DELETE FROM sites WHERE code LIKE 'SYN-%'");
    await db.query(`DELETE FROM countries WHERE code IN (${codes}) AND name LIKE 'SYN %'`); // holidays cascade
    await db.query("COMMIT");
  } catch (err) {
    await db.query("ROLLBACK").catch(() => {});
    throw err;
  }
  log(`  reset: previous synthetic data deleted in ${seconds(Date.now() - started)}`);
}

function easter(year: number): Date {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher)
  const a = year % 19, b = Math.floor(year / 100), c = year % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

/** Countries, holidays, programme settings (if missing), sites, staff, Mentor Mothers. */
export async function fillReferenceData(run: SyntheticRun, passwordHash: string): Promise<void> {
  const { plan } = run;
  const q = new Sql(plan);
  const C = plan.countries.length;
  const settings = JSON.stringify(countrySettingsSchema.parse({}));

  await single(run, "countries",
    `INSERT INTO countries (id, code, name, time_zone, default_language, settings, updated_at) VALUES ` +
    plan.countries.map((c, i) => `(${synId("country", String(i + 1))}, ${lit(c.code)}, ${lit(c.name)}, ${lit(c.timeZone)}, ` +
      `${lit(c.languages[0]!)}, $1::jsonb, now())`).join(", "), [settings]);

  // New Year, Good Friday, Easter Monday, Labour Day, Christmas, Boxing Day: this year and next.
  const year = Number(plan.anchor.slice(0, 4));
  const days: Array<[string, string]> = [];
  for (const y of [year, year + 1]) {
    const e = easter(y).getTime();
    const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
    days.push([`${y}-01-01`, "New Year's Day"], [iso(e - 2 * 86_400_000), "Good Friday"], [iso(e + 86_400_000), "Easter Monday"],
      [`${y}-05-01`, "Labour Day"], [`${y}-12-25`, "Christmas Day"], [`${y}-12-26`, "Boxing Day"]);
  }
  let h = 0;
  await single(run, "public holidays",
    "INSERT INTO public_holidays (id, country_id, date, name) VALUES " +
    plan.countries.flatMap((_, ci) => days.map(([date, name]) =>
      `(${synId("holiday", String(++h))}, ${synId("country", String(ci + 1))}, DATE ${lit(date)}, ${lit(name)})`)).join(", "));

  await single(run, "programme settings (only if missing)",
    "INSERT INTO programme_settings (id, settings, updated_at) VALUES (1, $1::jsonb, now()) ON CONFLICT (id) DO NOTHING",
    [JSON.stringify(programmeSettingsSchema.parse({}))]);

  const ci = `((s - 1) % ${C})`;
  await single(run, "sites",
    `INSERT INTO sites (id, country_id, code, name, time_zone, updated_at)
     SELECT ${synId("site", "s")}, ${synId("country", `${ci} + 1`)}, 'SYN-' || lpad(s::text, 4, '0'),
            'SYN Clinic ' || lpad(s::text, 4, '0'), ${q.byCountry(ci, (c) => lit(c.timeZone))}, now()
     FROM generate_series(1, ${plan.sites}) AS s`);

  // Staff: an administrator (whose name carries the completion marker), a programme-wide manager,
  // one manager per country, one supervisor per site.
  const staff = [
    `(${synId("staff", "1")}, ${lit(SYNTHETIC_ADMIN)}, 'syn admin [synthetic: incomplete]', 'ADMIN'::"Role", NULL::uuid)`,
    `(${synId("staff", "2")}, ${lit(syntheticUsernames.manager)}, 'syn programme manager', 'PROGRAMME_MANAGER', NULL)`,
    ...plan.countries.map((c, i) => `(${synId("staff", String(3 + i))}, ${lit(syntheticUsernames.countryManager(c.code))}, ` +
      `${lit(`syn manager ${c.name.replace(/^SYN /, "")}`)}, 'PROGRAMME_MANAGER', ${synId("country", String(i + 1))})`),
  ];
  await single(run, "staff accounts",
    `INSERT INTO users (id, username, name, password_hash, role, country_id, updated_at)
     SELECT id, username, name, $1, role, country_id, now() FROM (VALUES ${staff.join(", ")}) AS v(id, username, name, role, country_id)`,
    [passwordHash]);

  await single(run, "supervisors",
    `INSERT INTO users (id, username, name, password_hash, role, updated_at)
     SELECT ${synId("supervisor", "s")}, 'syn-sup-' || lpad(s::text, 4, '0'),
            ${q.name(ci, "false", "s + 7000000", 31, "given")} || ' ' || ${q.name(ci, "false", "s + 7000000", 32, "surname")},
            $1, 'SUPERVISOR', now()
     FROM generate_series(1, ${plan.sites}) AS s`, [passwordHash]);

  const mentors = `(SELECT k, (k - 1) / ${MENTORS_PER_SITE} + 1 AS s, (k - 1) % ${MENTORS_PER_SITE} AS j FROM generate_series(1, ${plan.mentors}) AS k) m`;
  await single(run, "Mentor Mothers",
    `INSERT INTO users (id, username, name, password_hash, role, updated_at)
     SELECT ${synId("mentor", "k")}, 'syn-mm-' || lpad(k::text, 5, '0'),
            ${q.name(ci, "false", "k + 8000000", 33, "given")} || ' ' || ${q.name(ci, "false", "k + 8000000", 34, "surname")},
            $1, 'MENTOR_MOTHER', now()
     FROM ${mentors}`, [passwordHash]);
  await single(run, "Mentor Mother profiles",
    `INSERT INTO mentor_profiles (user_id, languages, daily_capacity, working_days)
     SELECT ${synId("mentor", "k")},
            ${q.byCountry(ci, (c) => c.languages.length === 1 ? textArray(c.languages)
              : `ARRAY[${lit(c.languages[0]!)}, (${textArray(c.languages.slice(1))})[1 + j % ${c.languages.length - 1}]]`)},
            40, '{1,2,3,4,5}'
     FROM ${mentors}`);
  await single(run, "user sites",
    `INSERT INTO user_sites (user_id, site_id)
     SELECT ${synId("supervisor", "s")}, ${synId("site", "s")} FROM generate_series(1, ${plan.sites}) AS s
     UNION ALL
     SELECT ${synId("mentor", "k")}, ${synId("site", "s")} FROM ${mentors}`);
}

/** The clients table: one row per client, active ones with their Mentor Mother. */
export function clientsSql(plan: SyntheticPlan, lo: number, hi: number): string {
  const q = new Sql(plan);
  const mentor = `(s - 1) * ${MENTORS_PER_SITE} + slot + 1`;
  const lang = q.byCountry("ci", (c) => `(${textArray(c.languages)})[lang_t + 1]`);
  return `INSERT INTO clients (id, ref, site_id, first_name, last_name, date_of_birth, category, enrolment_date, enrolment_source,
      consent_calls, consent_messages, preferred_language, art_start_date, expected_delivery_date, breastfeeding,
      last_vl_copies, last_vl_date, status, status_date, status_reason, mentor_id, updated_at)
    SELECT ${synId("client", "g")}, 'SYN-' || lpad(g::text, 7, '0'), ${synId("site", "s")},
      ${q.name("ci", "male", "g", 41, "given")}, ${q.name("ci", "false", "g", 42, "surname")},
      dob, cat::"ClientCategory", enrol, source, consent_calls, consent_messages, ${lang}, art, edd, bf,
      vl_copies, vl_date, st::"ClientStatus", status_date,
      CASE st WHEN 'TRANSFERRED_OUT' THEN 'Moved to another facility' WHEN 'LOST_TO_FOLLOW_UP' THEN 'Not located after tracing'
              WHEN 'OPTED_OUT' THEN 'Asked not to be called' WHEN 'EXITED' THEN 'Graduated' WHEN 'DIED' THEN 'Died (reported)' END,
      CASE WHEN st = 'ACTIVE' THEN ${synId("mentor", mentor)} END, now()
    FROM (${q.clientAttrs(lo, hi)}) c`;
}

export async function fillClients(run: SyntheticRun): Promise<number> {
  return chunked(run, "clients", run.plan.clients, (lo, hi) => clientsSql(run.plan, lo, hi));
}

/** Phones, infants, viral loads, assignments, appointments. */
export async function fillClientDetails(run: SyntheticRun): Promise<void> {
  const { plan } = run;
  const q = new Sql(plan);
  const N = plan.clients;
  const client = synId("client", "g");

  // Phones: every client one, 20% a second. Numbers are <mobile prefix><7 digits>, the digits a
  // bijection of 2g (primary) or 2g + 1 (second) modulo 10^7, so they are unique and look random.
  // 15% of primary phones (40% of second ones) are shared, with safe hours 17:00-20:00.
  const phones = (lo: number, hi: number): string => {
    const prefix = q.byCountry("ci", (c) => lit(c.mobilePrefix));
    const digits = (n: string): string => `lpad(((${n})::int8 * 7654321 % 10000000)::text, 7, '0')`;
    const base = `SELECT g, ((g - 1) / ${CLIENTS_PER_SITE}) % ${plan.countries.length} AS ci,
        ${q.u("g", 51)} AS r_shared, ${q.u("g", 52)} AS r_identify, ${q.u("g", 53)} AS r_status, ${q.u("g", 54)} AS r_second
      FROM generate_series(${lo}, ${hi}) AS g OFFSET 0`;
    const row = (second: boolean): string => {
      const shared = second ? "r_shared >= 0.6" : "r_shared < 0.15";
      return `SELECT ${synId(second ? "phone2" : "phone", "g")}, ${client}, ${prefix} || ${digits(second ? "2 * g + 1" : "2 * g")},
          ${!second}, ${shared}, CASE WHEN ${shared} THEN 1020 END, CASE WHEN ${shared} THEN 1200 END,
          NOT (${shared}) AND r_identify < 0.5,
          (CASE WHEN r_status < ${second ? 0.03 : 0.005} THEN 'WRONG_NUMBER' WHEN r_status < ${second ? 0.05 : 0.01} THEN 'NOT_IN_SERVICE' ELSE 'OK' END)::"PhoneStatus"
        FROM (${base}) p ${second ? "WHERE r_second < 0.2" : ""}`;
    };
    return `INSERT INTO client_phones (id, client_id, number, is_primary, shared_phone, safe_from_minute, safe_to_minute, may_identify_caller, status)
      ${row(false)} UNION ALL ${row(true)}`;
  };
  await chunked(run, "client phones", N, phones);

  await chunked(run, "infants", N, (lo, hi) =>
    `INSERT INTO infants (id, client_id, first_name, date_of_birth)
     SELECT ${synId("infant", "g")}, ${client}, CASE WHEN ${q.u("g", 62)} < 0.8 THEN ${q.name("ci", `${q.u("g", 63)} < 0.5`, "g", 61, "given")} END, infant_dob
     FROM (${q.clientAttrs(lo, hi)}) c WHERE has_infant`);

  await chunked(run, "viral-load results", N, (lo, hi) =>
    `INSERT INTO viral_load_results (id, client_id, sample_date, result_date, copies, reason_code)
     SELECT ${synId("viralLoad", "g")}, ${client}, vl_date, LEAST(vl_date + 5 + ${q.i("g", 71, 16)}, ${q.anchor}), vl_copies, 'DE392'
     FROM (${q.clientAttrs(lo, hi)}) c WHERE vl_date IS NOT NULL`);

  await chunked(run, "assignments", N, (lo, hi) =>
    `INSERT INTO assignments (id, client_id, mentor_id, start_at, reason)
     SELECT ${synId("assignment", "g")}, ${client}, ${synId("mentor", `(s - 1) * ${MENTORS_PER_SITE} + slot + 1`)},
            (enrol + time '07:00') AT TIME ZONE 'UTC', 'seed'
     FROM (${q.clientAttrs(lo, hi)}) c WHERE st = 'ACTIVE'`);

  // One appointment per client. Active clients: 55% booked in the next 60 days (today included),
  // 30% attended and 15% missed in the last 90 / 60 days. Clients who left: a visit before leaving.
  // Kinds: ANC for 40% of pregnant women, infant tests for 30% of mothers of infants, otherwise
  // ART refill 60%, clinical review 25%, viral-load test 15%.
  await chunked(run, "appointments", N, (lo, hi) => {
    const r = (k: number): string => q.u("g", k);
    return `INSERT INTO appointments (id, client_id, infant_id, date, kind, status, status_at, updated_at)
     SELECT ${synId("appointment", "g")}, ${client}, CASE WHEN kind = 'INFANT_TEST' THEN ${synId("infant", "g")} END,
            date, kind::"AppointmentKind", status::"AppointmentStatus",
            CASE status WHEN 'ATTENDED' THEN (date + time '09:30') AT TIME ZONE 'UTC'
                        WHEN 'MISSED' THEN (date + 1 + time '07:00') AT TIME ZONE 'UTC' END,
            now()
     FROM (SELECT g,
             CASE WHEN st = 'ACTIVE' AND r_when < 0.55 THEN ${q.anchor} + floor(r_day * 61)::int
                  WHEN r_when < 0.85 THEN ${q.anchor} - last_ago - 1 - floor(r_day * 90)::int
                  ELSE ${q.anchor} - last_ago - 1 - floor(r_day * 60)::int END AS date,
             CASE WHEN st = 'ACTIVE' AND r_when < 0.55 THEN 'SCHEDULED' WHEN r_when < 0.85 THEN 'ATTENDED' ELSE 'MISSED' END AS status,
             CASE WHEN cat = 'PREGNANT' AND r_kind < 0.4 THEN 'ANC_PNC'
                  WHEN has_infant AND r_kind < 0.3 THEN 'INFANT_TEST'
                  WHEN r_kind2 < 0.6 THEN 'ART_REFILL' WHEN r_kind2 < 0.85 THEN 'CLINICAL_REVIEW' ELSE 'VIRAL_LOAD_TEST' END AS kind
           FROM (SELECT c.*, ${r(81)} AS r_when, ${r(82)} AS r_day, ${r(83)} AS r_kind, ${r(84)} AS r_kind2
                 FROM (${q.clientAttrs(lo, hi)}) c OFFSET 0) c2
           OFFSET 0) a`;
  });
}

/**
 * Checks foreign keys set-based: one hash anti-join per key, keys read from the catalogue (all
 * single-column foreign keys of the public schema whose referencing table is in `tables`, default
 * all). Runs the checks spread over `dbs`. Returns the broken keys, empty if all hold.
 */
export async function checkForeignKeys(dbs: readonly pg.ClientBase[], tables?: readonly string[]): Promise<{ checked: number; broken: string[] }> {
  const { rows: keys } = await dbs[0]!.query<{ tbl: string; col: string; parent: string; pcol: string }>(
    `SELECT c.conrelid::regclass::text AS tbl, quote_ident(a.attname) AS col,
            c.confrelid::regclass::text AS parent, quote_ident(af.attname) AS pcol
     FROM pg_constraint c
     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
     WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 AND c.connamespace = 'public'::regnamespace
     ORDER BY 1, 2`);
  const queue = keys.filter((k) => !tables || tables.includes(k.tbl.replace(/"/g, "")));
  const checked = queue.length;
  const broken: string[] = [];
  await Promise.all(dbs.map(async (db) => {
    for (let k = queue.shift(); k; k = queue.shift()) {
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${k.tbl} x WHERE x.${k.col} IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM ${k.parent} p WHERE p.${k.pcol} = x.${k.col})`);
      if (Number(rows[0]?.n) > 0) broken.push(`${k.tbl}.${k.col}: ${rows[0]!.n} row(s) point to no ${k.parent} row`);
    }
  }));
  return { checked, broken };
}

/** After a fill with deferred foreign keys: checks the keys of the filled tables; throws if one is broken. */
export async function verifyForeignKeys(run: SyntheticRun, tables: readonly string[] = TABLES): Promise<void> {
  const started = Date.now();
  const { checked, broken } = await checkForeignKeys(run.conns, tables);
  if (broken.length) throw new Error(`Foreign-key check failed:\n  ${broken.join("\n  ")}`);
  run.log(`  foreign keys: ${checked} verified set-based in ${seconds(Date.now() - started)}`);
}

const TABLES = ["countries", "public_holidays", "sites", "users", "user_sites", "mentor_profiles", "clients", "client_phones",
  "infants", "viral_load_results", "assignments", "appointments"];

export type SeedResult = { totalMs: number; steps: Record<string, number> };

/**
 * Fills a database that holds no synthetic data (call resetSynthetic first otherwise).
 * The marker goes in last, so an interrupted run is recognisable as "partial".
 */
export async function fillSynthetic(run: SyntheticRun): Promise<SeedResult> {
  const started = Date.now();
  const steps: Record<string, number> = {};
  const step = async (name: string, f: () => Promise<unknown>): Promise<void> => {
    const t = Date.now();
    await f();
    steps[name] = Date.now() - t;
  };
  const { plan } = run;
  run.log(`Synthetic data: ${count(plan.clients)} clients, ${count(plan.sites)} sites, ${count(plan.mentors)} Mentor Mothers, ` +
    `${plan.countries.length} countries; seed ${plan.seed}, anchor ${plan.anchor}; ${run.conns.length} connection(s), ` +
    (run.deferredForeignKeys ? "foreign keys verified set-based at the end" : "foreign keys checked row by row (not a superuser: slower)"));
  const passwordHash = await hashPassword(SYNTHETIC_PASSWORD); // once, for every account
  await step("reference", () => fillReferenceData(run, passwordHash));
  await step("clients", () => fillClients(run));
  await step("details", () => fillClientDetails(run));
  if (run.deferredForeignKeys) await step("verify", () => verifyForeignKeys(run));
  await step("analyze", async () => {
    const t = Date.now();
    const queue = [...TABLES];
    await Promise.all(run.conns.map(async (c) => {
      for (let table = queue.shift(); table; table = queue.shift()) await c.query(`ANALYZE ${table}`);
    }));
    run.log(`  analyze: ${TABLES.length} tables in ${seconds(Date.now() - t)}`);
  });
  await run.conns[0]!.query("UPDATE users SET name = $1 WHERE username = $2", [`syn admin ${markerText(plan)}`, SYNTHETIC_ADMIN]);
  const totalMs = Date.now() - started;
  run.log(`Synthetic data ready in ${seconds(totalMs)}.`);
  return { totalMs, steps };
}

// ------------------------------------------------------------------------------------------------
// Command line.

/** YYYY-MM-DD, a real calendar date. */
export const anchorSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "--anchor must be a date as YYYY-MM-DD")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    "--anchor must be a real date");

const argsSchema = z.object({
  clients: z.coerce.number({ error: "--clients must be a number" })
    .int("--clients must be a whole number").min(1, "--clients must be at least 1")
    .max(MAX_CLIENTS, `--clients must be at most ${count(MAX_CLIENTS)}`),
  seed: z.coerce.number({ error: "--seed must be a number" }).int("--seed must be a whole number")
    .min(0, "--seed must be 0 or more").max(2 ** 31 - 1, "--seed must be below 2^31"),
  reset: z.boolean(),
  anchor: anchorSchema.optional(),
  jobs: z.coerce.number({ error: "--jobs must be a number" }).int().min(1, "--jobs must be at least 1").max(16, "--jobs must be at most 16"),
});
export type SyntheticArgs = z.infer<typeof argsSchema>;

const USAGE = "Usage: npm run seed:synthetic -- --clients N --seed S [--reset] [--anchor YYYY-MM-DD] [--jobs J]";

export function parseSyntheticArgs(argv: string[]): SyntheticArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { clients: { type: "string" }, seed: { type: "string" }, reset: { type: "boolean" }, anchor: { type: "string" }, jobs: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  if (values.clients === undefined) throw new UsageError(`--clients is required\n${USAGE}`);
  if (values.seed === undefined) throw new UsageError(`--seed is required\n${USAGE}`);
  const parsed = argsSchema.safeParse({
    clients: String(values.clients).trim() === "" ? "x" : values.clients,
    seed: String(values.seed).trim() === "" ? "x" : values.seed,
    reset: values.reset === true,
    anchor: values.anchor,
    jobs: values.jobs ?? "2",
  });
  if (!parsed.success) {
    const raw = values as Record<string, unknown>;
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0] ?? "");
      return `${i.message}${raw[key] !== undefined && typeof raw[key] === "string" ? ` (got "${raw[key]}")` : ""}`;
    });
    throw new UsageError(`${lines.join("\n")}\n${USAGE}`);
  }
  return parsed.data;
}

export class UsageError extends Error {}

/** Seeds (or, with reset, replaces) synthetic data; returns null when identical data were already there. */
export async function seedSynthetic(databaseUrl: string, opts: { clients: number; seed: number; anchor?: string; reset: boolean; jobs?: number; log?: Log }): Promise<SeedResult | null> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const plan = planSynthetic(opts);
  const { conns, deferredForeignKeys } = await openConnections(databaseUrl, opts.jobs ?? 2);
  try {
    const state = await readSyntheticState(conns[0]!);
    if (state && !opts.reset) {
      if (state !== "partial" && state.version === SYNTHETIC_VERSION && state.clients === plan.clients &&
          state.seed === plan.seed && state.anchor === plan.anchor) {
        log(`Synthetic data already present (${count(state.clients)} clients, seed ${state.seed}, anchor ${state.anchor}); nothing to do.`);
        return null;
      }
      const what = state === "partial" ? "an incomplete earlier run"
        : `v${state.version}, ${count(state.clients)} clients, seed ${state.seed}, anchor ${state.anchor}`;
      throw new UsageError(`The database already holds synthetic data (${what}). Run again with --reset to replace it.`);
    }
    const started = Date.now();
    if (state) await resetSynthetic(conns[0]!, log);
    const result = await fillSynthetic({ plan, conns, log, deferredForeignKeys });
    // The fill (and the reset's truncations) ran with the triggers off: the report roll-up's
    // answers (decision 044) were not deleted by them, so none is kept over the new data.
    await conns[0]!.query("DELETE FROM report_rollups");
    return { totalMs: Date.now() - started, steps: result.steps };
  } finally {
    await closeConnections(conns);
  }
}

async function main(): Promise<number> {
  try {
    const args = parseSyntheticArgs(process.argv.slice(2));
    const database = await resolveDatabase("seed:synthetic", { migrate: true });
    try {
      const started = Date.now();
      const result = await seedSynthetic(database.url, args);
      if (result) console.log(`Total time: ${seconds(Date.now() - started)}`);
    } finally {
      await database.stop();
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(err.message);
      return 2;
    }
    console.error(err instanceof Error ? err.stack ?? err.message : err);
    return 1;
  }
}

if (require.main === module) {
  main().then((code) => process.exit(code));
}
