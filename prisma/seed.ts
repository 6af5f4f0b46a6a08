// `npm run db:seed`: a small, realistic demo programme. South Africa and Malawi with four sites, plus
// a training "country" whose one site calls seven days a week with no public holidays (so someone
// trying the demo on a weekend or a holiday still gets a working queue); 32 staff accounts and
// 2,500 clients with phones, infants, viral-load history, appointments and assignments.
//
// Refuses to run when the configuration looks like production (NODE_ENV=production, or an https
// NEXTAUTH_URL on a real host): its password is public. `-- --allow-production` overrides that.
//
// Deterministic: every random choice comes from one seeded PRNG, and ids are drawn from it too, so
// the same seed on the same day gives the same rows (dates are relative to today in Johannesburg).
// Idempotent: if the `admin` account exists the script does nothing. Everything is written in one
// transaction with a handful of multi-row inserts, so a failed run leaves no half-seeded database.
import { DEMO_SCRIPT_DRAFTS } from "./demo-scripts";
import { DEMO_TEMPLATES } from "./demo-templates";
import { TEMPLATE_KIND, TEMPLATE_VARIANT } from "@/lib/messages/templates";
import { createPrisma } from "@/lib/prisma-client";
import { productionSigns } from "@/lib/ops/production";
import { resolveDatabase } from "@/scripts/lib/database";
import type { Prisma } from "@/lib/generated/prisma/client";
import { hashPassword } from "@/lib/auth/password";
import { DHIS2_CELLS } from "@/lib/dhis2/indicators";
import { countrySettingsSchema, programmeSettingsSchema } from "@/lib/settings/schemas";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo-accounts";
import { markInterruptions } from "@/lib/clients/interruption";
import { drawBackChecks } from "@/lib/back-checks/draw";
import { weekToDraw } from "@/lib/back-checks/rules";
import { addDaysIso } from "@/lib/calls/calendar";

const SEED = 20260101;
const CLIENTS_PER_SITE = 500;
const CHUNK = 1000; // rows per multi-row INSERT (well under PostgreSQL's 65,535 bind parameters)

// ------------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32) and helpers.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = mulberry32(SEED);
const int = (min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));
const chance = (p: number): boolean => rand() < p;
function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error("pick() from an empty list");
  return item;
}
function weighted<T>(options: ReadonlyArray<readonly [T, number]>): T {
  const total = options.reduce((sum, [, w]) => sum + w, 0);
  let r = rand() * total;
  for (const [value, w] of options) {
    r -= w;
    if (r < 0) return value;
  }
  return options[options.length - 1]![0];
}
/** A version-4-shaped UUID drawn from the seeded PRNG (so ids are reproducible too). */
function uuid(): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  hex[12] = "4";
  hex[16] = "89ab"[Math.floor(rand() * 4)]!;
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Calendar dates are UTC midnights (Prisma writes them to `date` columns as is).
const DAY = 86_400_000;
function localToday(timeZone: string): Date {
  const ymd = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  return new Date(`${ymd}T00:00:00Z`);
}
const TODAY = localToday("Africa/Johannesburg");
const addDays = (d: Date, n: number): Date => new Date(d.getTime() + n * DAY);
const daysAgo = (n: number): Date => addDays(TODAY, -n);
const daysBetween = (a: Date, b: Date): number => Math.round((b.getTime() - a.getTime()) / DAY);
const maxDate = (a: Date, b: Date): Date => (a > b ? a : b);
const minDate = (a: Date, b: Date): Date => (a < b ? a : b);
const d = (ymd: string): Date => new Date(`${ymd}T00:00:00Z`);
/** An instant on a calendar date at a local clock time (both countries are UTC+2 all year). */
const at = (date: Date, hour: number, minute = 0): Date => new Date(date.getTime() + (hour - 2) * 3_600_000 + minute * 60_000);

// ------------------------------------------------------------------------------------------------
// Reference data: countries, public holidays, sites, names.

type CountryCode = "ZA" | "MW" | "XZ";

// Public holidays as gazetted (South Africa: Public Holidays Act, a Sunday holiday moves to Monday;
// Malawi: a weekend holiday moves to the next working day). Eid al-Fitr in Malawi is left out: its
// date is only fixed when the moon is sighted.
const HOLIDAYS: Record<CountryCode, ReadonlyArray<readonly [string, string]>> = {
  ZA: [
    ["2026-01-01", "New Year's Day"], ["2026-03-21", "Human Rights Day"], ["2026-04-03", "Good Friday"],
    ["2026-04-06", "Family Day"], ["2026-04-27", "Freedom Day"], ["2026-05-01", "Workers' Day"],
    ["2026-06-16", "Youth Day"], ["2026-08-09", "National Women's Day"], ["2026-08-10", "Public holiday (National Women's Day observed)"],
    ["2026-09-24", "Heritage Day"], ["2026-12-16", "Day of Reconciliation"], ["2026-12-25", "Christmas Day"],
    ["2026-12-26", "Day of Goodwill"],
    ["2027-01-01", "New Year's Day"], ["2027-03-21", "Human Rights Day"], ["2027-03-22", "Public holiday (Human Rights Day observed)"],
    ["2027-03-26", "Good Friday"], ["2027-03-29", "Family Day"], ["2027-04-27", "Freedom Day"],
    ["2027-05-01", "Workers' Day"], ["2027-06-16", "Youth Day"], ["2027-08-09", "National Women's Day"],
    ["2027-09-24", "Heritage Day"], ["2027-12-16", "Day of Reconciliation"], ["2027-12-25", "Christmas Day"],
    ["2027-12-26", "Day of Goodwill"], ["2027-12-27", "Public holiday (Day of Goodwill observed)"],
  ],
  MW: [
    ["2026-01-01", "New Year's Day"], ["2026-01-15", "John Chilembwe Day"], ["2026-03-03", "Martyrs' Day"],
    ["2026-04-03", "Good Friday"], ["2026-04-06", "Easter Monday"], ["2026-05-01", "Labour Day"],
    ["2026-05-14", "Kamuzu Day"], ["2026-07-06", "Independence Day"], ["2026-10-15", "Mother's Day"],
    ["2026-12-25", "Christmas Day"], ["2026-12-26", "Boxing Day"], ["2026-12-28", "Boxing Day (observed)"],
    ["2027-01-01", "New Year's Day"], ["2027-01-15", "John Chilembwe Day"], ["2027-03-03", "Martyrs' Day"],
    ["2027-03-26", "Good Friday"], ["2027-03-29", "Easter Monday"], ["2027-05-01", "Labour Day"],
    ["2027-05-03", "Labour Day (observed)"], ["2027-05-14", "Kamuzu Day"], ["2027-07-06", "Independence Day"],
    ["2027-10-15", "Mother's Day"], ["2027-12-25", "Christmas Day"], ["2027-12-26", "Boxing Day"],
    ["2027-12-27", "Christmas Day (observed)"], ["2027-12-28", "Boxing Day (observed)"],
  ],
  // The training country (ISO 3166 user-assigned code XZ) keeps no holidays: its site calls every day.
  XZ: [],
};

type NameList = { female: readonly string[]; male: readonly string[]; surnames: readonly string[]; infants: readonly string[] };

const NAMES: Record<"zuluSotho" | "xhosa" | "chewa", NameList> = {
  zuluSotho: {
    female: ["Nomvula", "Thandiwe", "Zanele", "Nokuthula", "Lindiwe", "Sibongile", "Nompumelelo", "Busisiwe", "Thembi",
      "Zodwa", "Nandi", "Lerato", "Palesa", "Mpho", "Refilwe", "Dineo", "Karabo", "Naledi", "Kgomotso", "Boitumelo",
      "Tshepiso", "Ayanda", "Nosipho", "Khanyisile", "Nolwazi", "Bongiwe", "Phumzile", "Nthabiseng", "Mamello",
      "Puleng", "Lebohang", "Mbali", "Hlengiwe", "Slindile", "Precious", "Portia", "Lindokuhle", "Amahle"],
    male: ["Sipho", "Thabo", "Mandla", "Bongani", "Tshepo", "Lwazi", "Sizwe", "Themba", "Kagiso", "Siyabonga",
      "Andile", "Teboho", "Tumelo", "Musa", "Sibusiso", "Lucky", "Jabulani", "Mpho"],
    surnames: ["Dlamini", "Nkosi", "Ndlovu", "Khumalo", "Mokoena", "Mahlangu", "Zulu", "Mthembu", "Sithole",
      "Ngcobo", "Molefe", "Mofokeng", "Radebe", "Nkabinde", "Cele", "Buthelezi", "Shabalala", "Tshabalala",
      "Mbatha", "Maseko", "Nhlapo", "Motaung", "Sibiya", "Mabena", "Khoza", "Letsoalo", "Mokwena", "Masilela"],
    infants: ["Amahle", "Lwandle", "Omphile", "Lethabo", "Siphesihle", "Rethabile", "Melokuhle", "Katlego", "Nkazimulo", "Oratile"],
  },
  xhosa: {
    female: ["Nomsa", "Noluthando", "Asanda", "Lulama", "Nobuhle", "Sisipho", "Thandeka", "Vuyiswa", "Zoleka",
      "Nokwanda", "Athini", "Lithemba", "Olwethu", "Siphokazi", "Andiswa", "Zintle", "Unathi", "Yonela", "Ziyanda",
      "Nomfundo", "Akhona", "Sinazo", "Anathi", "Babalwa", "Nwabisa", "Thembeka", "Nosiphiwo", "Ntombizodwa",
      "Khanyisa", "Busisiwe", "Nomthandazo", "Buhle"],
    male: ["Lunga", "Mzwandile", "Luyolo", "Siyabulela", "Xolani", "Bulelani", "Lwando", "Mthunzi", "Vuyo",
      "Zukisa", "Ayabonga", "Thembinkosi", "Monde", "Sakhumzi"],
    surnames: ["Ngxokolo", "Mgqibelo", "Nkwinti", "Dyantyi", "Qwabe", "Booi", "Mabandla", "Sonjica", "Tshangana",
      "Gqola", "Mhlaba", "Makhanya", "Nqweniso", "Matiwane", "Mlambo", "Mbeki", "Jacobs", "Somana", "Ntshona",
      "Mkhize", "Mtyida", "Jafta", "Ndamase", "Qoboshiyane", "Mdoda", "Gcaba", "Maqubela", "Nondzube"],
    infants: ["Iminathi", "Lisakhanya", "Alunamda", "Esona", "Inga", "Kamva", "Lubanzi", "Onako", "Khazimla", "Uyanda"],
  },
  chewa: {
    female: ["Chikondi", "Tiwonge", "Thokozani", "Mphatso", "Tadala", "Chisomo", "Grace", "Esther", "Memory",
      "Alinafe", "Madalitso", "Ruth", "Mercy", "Lusungu", "Takondwa", "Tamanda", "Chimwemwe", "Yamikani",
      "Chifundo", "Ulemu", "Agness", "Eneles", "Jessie", "Fanny", "Lucy", "Towera", "Wezi", "Tionge", "Dorothy",
      "Mwayi", "Kondwani", "Temwa", "Maness", "Zione", "Loveness", "Faith"],
    male: ["Kondwani", "Mphatso", "Blessings", "Yohane", "Chikumbutso", "Dalitso", "Limbani", "Mavuto",
      "Kumbukani", "Gift", "Chimwemwe", "Thokozani", "Innocent", "Steven", "Francis"],
    surnames: ["Banda", "Phiri", "Mwale", "Chirwa", "Mbewe", "Kachingwe", "Chisale", "Gondwe", "Nyirenda", "Kumwenda",
      "Mvula", "Tembo", "Msiska", "Kalua", "Chikapa", "Mkandawire", "Chimwaza", "Namwali", "Mhango", "Jere",
      "Lungu", "Nkhoma", "Kamanga", "Moyo", "Chilima", "Kaphesi", "Mussa", "Chiwaula", "Ngwira", "Kachale"],
    infants: ["Chikondi", "Dalitso", "Madalitso", "Chisomo", "Mwayi", "Tiyamike", "Thoko", "Kuziwa", "Wongani", "Taonga"],
  },
};

type SiteSeed = {
  code: string;
  name: string;
  country: CountryCode;
  names: NameList;
  /** Clients' preferred languages and their shares. */
  clientLanguages: ReadonlyArray<readonly [string, number]>;
  /** Languages of the site's five Mentor Mothers. */
  mentorLanguages: ReadonlyArray<readonly string[]>;
  mentorNames: readonly string[];
  supervisorName: string;
  /** ISO weekdays the site's Mentor Mothers work (default Monday to Friday). */
  workingDays?: readonly number[];
};

const SITES: readonly SiteSeed[] = [
  {
    code: "ZA-SOW", name: "Zola Community Health Centre, Soweto", country: "ZA", names: NAMES.zuluSotho,
    clientLanguages: [["zu", 45], ["st", 30], ["en", 25]],
    mentorLanguages: [["en", "zu"], ["en", "st"], ["en", "zu"], ["en", "st"], ["en", "zu"]],
    mentorNames: ["Thandiwe Dlamini", "Lerato Mofokeng", "Zanele Khumalo", "Palesa Radebe", "Nokuthula Ndlovu"],
    supervisorName: "Nomvula Mokoena",
  },
  {
    code: "ZA-KHA", name: "Khayelitsha Site B Community Health Centre", country: "ZA", names: NAMES.xhosa,
    clientLanguages: [["xh", 75], ["en", 25]],
    mentorLanguages: [["en", "xh"], ["en", "xh"], ["en", "xh"], ["en", "xh"], ["en", "xh"]],
    mentorNames: ["Nomsa Mgqibelo", "Siphokazi Ngxokolo", "Ayanda Matiwane", "Lulama Nkwinti", "Vuyiswa Booi"],
    supervisorName: "Nosipho Dyantyi",
  },
  {
    code: "MW-LIL", name: "Bwaila Hospital ART Clinic, Lilongwe", country: "MW", names: NAMES.chewa,
    clientLanguages: [["ny", 85], ["en", 15]],
    mentorLanguages: [["ny", "en"], ["ny", "en"], ["ny", "en"], ["ny", "en"], ["ny", "en"]],
    mentorNames: ["Chisomo Phiri", "Tadala Mwale", "Mphatso Nyirenda", "Alinafe Kumwenda", "Madalitso Tembo"],
    supervisorName: "Chikondi Banda",
  },
  {
    code: "MW-BLA", name: "Limbe Health Centre, Blantyre", country: "MW", names: NAMES.chewa,
    clientLanguages: [["ny", 85], ["en", 15]],
    mentorLanguages: [["ny", "en"], ["ny", "en"], ["ny", "en"], ["ny", "en"], ["ny", "en"]],
    mentorNames: ["Chimwemwe Mbewe", "Takondwa Kalua", "Tamanda Gondwe", "Yamikani Msiska", "Lusungu Mkandawire"],
    supervisorName: "Tiwonge Chirwa",
  },
  {
    // A demo call centre open every day: its Mentor Mothers work seven days a week and its country
    // has no weekend and no holidays, so mentor21-mentor25 have a queue whatever day the demo runs.
    code: "XZ-DAILY", name: "eServices demo call centre (open every day)", country: "XZ", names: NAMES.zuluSotho,
    clientLanguages: [["en", 55], ["zu", 30], ["st", 15]],
    mentorLanguages: [["en", "zu"], ["en", "st"], ["en", "zu"], ["en", "st"], ["en", "zu"]],
    mentorNames: ["Naledi Khoza", "Mbali Sibiya", "Refilwe Letsoalo", "Amahle Cele", "Dineo Maseko"],
    supervisorName: "Busisiwe Mabena",
    workingDays: [1, 2, 3, 4, 5, 6, 7],
  },
];

// E.164 mobile numbers: South Africa +27 and a 9-digit national number starting with a mobile
// prefix; Malawi +265 and 9 digits starting 88 (TNM) or 99/98 (Airtel).
const MOBILE_PREFIXES: Record<CountryCode, { dial: string; prefixes: readonly string[] }> = {
  ZA: { dial: "+27", prefixes: ["60", "61", "62", "63", "64", "65", "71", "72", "73", "74", "76", "78", "79", "81", "82", "83", "84"] },
  MW: { dial: "+265", prefixes: ["88", "99", "98"] },
  // The training site's clients have South African numbers (it works in Johannesburg's time zone).
  XZ: { dial: "+27", prefixes: ["60", "61", "62", "71", "72", "73", "74", "76", "78", "79", "81", "82", "83", "84"] },
};
const usedPhones = new Set<string>();
function mobileNumber(country: CountryCode): string {
  const { dial, prefixes } = MOBILE_PREFIXES[country];
  for (;;) {
    const n = `${dial}${pick(prefixes)}${String(int(0, 9_999_999)).padStart(7, "0")}`;
    if (!usedPhones.has(n)) {
      usedPhones.add(n);
      return n;
    }
  }
}

// ------------------------------------------------------------------------------------------------
// Clients.

type Category = "PREGNANT" | "POSTNATAL" | "INFANT_CAREGIVER" | "ADOLESCENT" | "PARTNER" | "OTHER";
type Status = "ACTIVE" | "TRANSFERRED_OUT" | "OPTED_OUT" | "EXITED";
type Kind = "ART_REFILL" | "CLINICAL_REVIEW" | "VIRAL_LOAD_TEST" | "INFANT_TEST" | "ANC_PNC";

const CATEGORIES: ReadonlyArray<readonly [Category, number]> = [
  ["PREGNANT", 18], ["POSTNATAL", 28], ["INFANT_CAREGIVER", 10], ["ADOLESCENT", 20], ["PARTNER", 14], ["OTHER", 10],
];
const AGE_RANGE: Record<Category, readonly [number, number]> = {
  PREGNANT: [16, 44], POSTNATAL: [16, 44], INFANT_CAREGIVER: [18, 49], ADOLESCENT: [13, 19], PARTNER: [20, 55], OTHER: [18, 49],
};
const STATUS_REASONS: Record<Exclude<Status, "ACTIVE">, readonly string[]> = {
  TRANSFERRED_OUT: ["Moved to another facility", "Relocated to another district for work", "Transferred to the adolescent clinic"],
  OPTED_OUT: ["Asked not to be called", "Prefers to be seen at the clinic only"],
  EXITED: ["Graduated: infant HIV-negative at 18 months", "Graduated: completed the programme", "Moved out of the programme area"],
};
const INFANT_TEST_WEEKS = countrySettingsSchema.parse({}).infantTestAgesWeeks;

type VlRow = Prisma.ViralLoadResultCreateManyInput & { sampleDate: Date; copies: number };

function vlCopies(previous: number | undefined): number {
  const mix: ReadonlyArray<readonly [string, number]> =
    previous === undefined || previous < 50 ? [["0", 72], ["lt50", 12], ["low", 9], ["high", 7]]
    : previous > 1000 ? [["0", 55], ["lt50", 15], ["low", 15], ["high", 15]]
    : [["0", 60], ["lt50", 15], ["low", 15], ["high", 10]];
  switch (weighted(mix)) {
    case "0": return 0;
    case "lt50": return int(20, 49);
    case "low": return Math.round(50 * Math.exp(rand() * Math.log(20))); // 50-1000, skewed low
    default: return Math.round(1001 * Math.exp(rand() * 5)); // 1,001 - about 150,000
  }
}

/** Results every 6-12 months from 6 months after ART start (3 months after an unsuppressed one); the last four kept. */
function viralLoadHistory(clientId: string, artStart: Date, until: Date): VlRow[] {
  const rows: VlRow[] = [];
  const latestSample = minDate(daysAgo(21), until); // results take up to three weeks to come back
  let sample = addDays(artStart, int(150, 200));
  if (sample > latestSample) sample = maxDate(addDays(artStart, 90), daysAgo(int(21, 40)));
  let previous: number | undefined;
  while (sample <= latestSample) {
    const copies = vlCopies(previous);
    const reasonCode = previous === undefined ? "DE392" : previous >= 50 ? "DE395" : chance(0.05) ? "DE393" : "DE392";
    rows.push({ id: uuid(), clientId, sampleDate: sample, resultDate: minDate(addDays(sample, int(5, 21)), TODAY), copies, reasonCode });
    sample = addDays(sample, copies >= 50 ? int(85, 120) : int(300, 400));
    previous = copies;
  }
  return rows.slice(-4);
}

// ------------------------------------------------------------------------------------------------

const USAGE = "Usage: npm run db:seed [-- --allow-production]";

// ------------------------------------------------------------------------------------------------
// 30 days of call history (issue 11), so a supervisor signing in sees a real picture: on each of
// her Mentor Mothers' working days before today, 6-12 of each one's clients were on the list; most
// were reached within their attempts, some rang out (three calls, then an escalation: open when
// recent, sent back or closed when older), a few wrong numbers (phone flagged, phone-update
// escalation) and opt-outs (the client leaves the lists). One Mentor Mother per site reaches fewer
// clients than the others, so "who is falling behind" has an answer. Drawn after every other row,
// so the rest of the demo stays as it was.

type SeedSite = (typeof SITES)[number] & { id: string };
type History = {
  tasks: Prisma.CallTaskCreateManyInput[];
  attempts: Prisma.CallAttemptCreateManyInput[];
  escalations: Prisma.EscalationCreateManyInput[];
};

const TASK_REASONS = [["adherence", 50], ["appointment", 18], ["missed", 8], ["vl_due", 8], ["welcome", 6], ["eac_low", 5], ["infant_test", 5]] as const;
const REASON_PRIORITY: Record<string, number> = { missed: 1, eac_low: 3, appointment: 4, welcome: 5, infant_test: 6, adherence: 8, vl_due: 8 };
const NOT_REACHED = [["NO_ANSWER", 50], ["BUSY", 14], ["UNREACHABLE", 20], ["VOICEMAIL", 8], ["CALL_DROPPED", 4], ["ANSWERED_BY_OTHER", 4]] as const;

function callHistory(
  sites: readonly SeedSite[],
  mentorsBySite: ReadonlyMap<string, ReadonlyArray<{ id: string }>>,
  clients: Prisma.ClientCreateManyInput[],
  phones: Prisma.ClientPhoneCreateManyInput[],
  assignments: Prisma.AssignmentCreateManyInput[],
): History {
  const out: History = { tasks: [], attempts: [], escalations: [] };
  const phoneOf = new Map<string, Prisma.ClientPhoneCreateManyInput>();
  for (const p of phones) if (p.isPrimary) phoneOf.set(p.clientId, p);
  const blocked = new Set<string>(); // clients with an open escalation that stops every call
  const openKeys = new Set<string>();
  const escalate = (c: Prisma.ClientCreateManyInput, taskId: string, reason: string, cause: string, when: Date, day: Date, back: number) => {
    const key = `${c.id}|${cause}`;
    const recent = back <= 5;
    if (recent && openKeys.has(key)) return;
    const status = recent ? "OPEN" : chance(0.6) ? "SENT_BACK" : "CLOSED";
    if (status === "OPEN") {
      openKeys.add(key);
      if (cause === "NO_ANSWER" || cause === "PHONE_UPDATE") blocked.add(c.id!);
    }
    out.escalations.push({
      id: uuid(), clientId: c.id!, cause, status, taskId, reasons: [reason], openedAt: when, openedDay: day,
      resolvedAt: status === "OPEN" ? null : at(addDays(day, int(1, 3)), 10),
      resolution: status === "SENT_BACK" ? "sent_back" : status === "CLOSED" ? "closed" : null,
      note: status === "CLOSED" ? "Reached at the clinic visit" : null,
    });
  };
  for (const site of sites) {
    const mentors = mentorsBySite.get(site.id)!;
    const workdays: readonly number[] = site.workingDays ?? [1, 2, 3, 4, 5];
    const skill = new Map(mentors.map((m, i) => [m.id, i === mentors.length - 1 ? 0.25 : 0.6 + rand() * 0.2]));
    const caseload = new Map(mentors.map((m) => [m.id, clients.filter((c) => c.mentorId === m.id)]));
    for (let back = 30; back >= 1; back--) {
      const day = daysAgo(back);
      if (!workdays.includes(((day.getUTCDay() + 6) % 7) + 1)) continue;
      for (const m of mentors) {
        const pool = caseload.get(m.id)!.filter((c) => c.status === "ACTIVE" && c.consentCalls && (c.enrolmentDate as Date) <= day && !blocked.has(c.id!));
        const chosen = new Set<number>();
        const n = Math.min(pool.length, int(6, 12));
        while (chosen.size < n) chosen.add(int(0, pool.length - 1));
        for (const idx of chosen) {
          const c = pool[idx]!;
          const phone = phoneOf.get(c.id!);
          if (!phone || phone.status !== "OK") continue;
          const reason = weighted(TASK_REASONS);
          const taskId = uuid();
          let status: Prisma.CallTaskCreateManyInput["status"] = "CARRIED_OVER";
          let calls = 0;
          let minute = int(8 * 60 + 10, 11 * 60);
          while (calls < 3 && minute < 16 * 60 + 30) {
            calls++;
            const createdAt = at(day, 0, minute);
            const roll = rand();
            const disposition = roll < 0.012 ? "WRONG_NUMBER" : roll < 0.016 ? "OPTED_OUT" : chance(skill.get(m.id)!) ? "REACHED" : weighted(NOT_REACHED);
            out.attempts.push({
              id: uuid(), taskId, clientId: c.id!, mentorId: m.id, phoneId: phone.id!, disposition, createdAt, idempotencyKey: `seed-${uuid()}`,
              details: disposition === "REACHED" ? { adherence: { dosesMissed7d: weighted([[0, 80], [1, 12], [2, 5], [4, 3]] as const), pillsRanOut: chance(0.03) } } : {},
            });
            if (disposition === "REACHED") {
              status = "DONE";
              c.lastReachedAt = createdAt;
              break;
            }
            if (disposition === "WRONG_NUMBER") {
              status = "ESCALATED";
              phone.status = "WRONG_NUMBER";
              escalate(c, taskId, reason, "PHONE_UPDATE", createdAt, day, back);
              break;
            }
            if (disposition === "OPTED_OUT") {
              status = "CANCELLED";
              Object.assign(c, { status: "OPTED_OUT", statusDate: day, statusReason: "Asked not to be called", mentorId: null, consentCalls: false });
              const open = assignments.find((a) => a.clientId === c.id && !a.endAt);
              if (open) open.endAt = createdAt;
              break;
            }
            minute += int(100, 200);
          }
          if (status === "CARRIED_OVER" && calls >= 3) {
            status = "ESCALATED";
            const cause = reason === "missed" ? "TRACING" : reason === "eac_low" ? "HIGH_VL" : "NO_ANSWER";
            escalate(c, taskId, reason, cause, at(day, 16, 45), day, back);
          }
          out.tasks.push({
            id: taskId, clientId: c.id!, mentorId: m.id, taskDate: day, reasons: [reason], priority: REASON_PRIORITY[reason] ?? 8,
            status, attempts: calls, firstDueDate: day, createdAt: at(day, 5), updatedAt: at(day, 17),
          });
        }
      }
    }
  }
  return out;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--allow-production");
  if (unknown.length) {
    console.error(`Unknown option(s): ${unknown.join(" ")}\n${USAGE}`);
    return 2;
  }
  const database = await resolveDatabase("db:seed");
  const signs = productionSigns(process.env);
  if (signs.length && !args.includes("--allow-production")) {
    console.error(`Refusing to seed demo data: this looks like a production configuration (${signs.join("; ")}).\n` +
      "The demo accounts share a public password. Create the first administrator with `npm run admin:create` instead,\n" +
      "or, if this really is a demo server, run `npm run db:seed -- --allow-production`.");
    await database.stop();
    return 2;
  }
  const started = Date.now();
  const prisma = createPrisma(database.url, 2);
  try {
    if (await prisma.user.findUnique({ where: { username: DEMO_USERS.admin }, select: { id: true } })) {
      console.log("Demo data already present; nothing to do.");
      return 0;
    }
    const passwordHash = await hashPassword(DEMO_PASSWORD); // once: argon2id is deliberately slow

    // --- countries, holidays, programme settings, sites ---------------------------------------
    const countryIds: Record<CountryCode, string> = { ZA: uuid(), MW: uuid(), XZ: uuid() };
    const countries: Prisma.CountryCreateManyInput[] = [
      { id: countryIds.ZA, code: "ZA", name: "South Africa", timeZone: "Africa/Johannesburg", defaultLanguage: "en",
        // A sample DHIS2 server (docs/reports.md "DHIS2"): the address is not a real DHIS2, so a
        // push answers "could not be reached" until an operator points it at one and sets the token.
        settings: countrySettingsSchema.parse({ dhis2Url: "https://dhis2.example.org", dhis2TokenEnv: "DHIS2_TOKEN_ZA", dhis2IdScheme: "CODE" }) as Prisma.InputJsonValue },
      { id: countryIds.MW, code: "MW", name: "Malawi", timeZone: "Africa/Blantyre", defaultLanguage: "ny",
        settings: countrySettingsSchema.parse({ mentorsMayEnrol: true }) as Prisma.InputJsonValue },
      { id: countryIds.XZ, code: "XZ", name: "Demo training (calls every day)", timeZone: "Africa/Johannesburg", defaultLanguage: "en",
        settings: countrySettingsSchema.parse({ weekendDays: [] }) as Prisma.InputJsonValue },
    ];
    const timeZones: Record<CountryCode, string> = { ZA: "Africa/Johannesburg", MW: "Africa/Blantyre", XZ: "Africa/Johannesburg" };
    const holidays: Prisma.PublicHolidayCreateManyInput[] = (Object.keys(HOLIDAYS) as CountryCode[]).flatMap((c) =>
      HOLIDAYS[c].map(([date, name]) => ({ id: uuid(), countryId: countryIds[c], date: d(date), name })));
    const caseloadCap = countrySettingsSchema.parse({}).caseloadCap;

    const sites = SITES.map((s) => ({ ...s, id: uuid() }));
    const siteRows: Prisma.SiteCreateManyInput[] = sites.map((s) => ({
      id: s.id, countryId: countryIds[s.country], code: s.code, name: s.name, timeZone: timeZones[s.country],
    }));

    // --- staff --------------------------------------------------------------------------------
    const users: Prisma.UserCreateManyInput[] = [];
    const userSites: Prisma.UserSiteCreateManyInput[] = [];
    const profiles: Prisma.MentorProfileCreateManyInput[] = [];
    users.push({ id: uuid(), username: DEMO_USERS.admin, name: "Sipho Nkosi", passwordHash, role: "ADMIN" });
    users.push({ id: uuid(), username: DEMO_USERS.manager, name: "Ruth Kachingwe", passwordHash, role: "PROGRAMME_MANAGER", countryId: null });
    type Mentor = { id: string; username: string; languages: readonly string[]; caseload: number };
    const mentorsBySite = new Map<string, Mentor[]>();
    sites.forEach((site, si) => {
      const supervisorId = uuid();
      users.push({ id: supervisorId, username: DEMO_USERS.supervisors[si]!, name: site.supervisorName, passwordHash,
        role: "SUPERVISOR", phone: mobileNumber(site.country) });
      userSites.push({ userId: supervisorId, siteId: site.id });
      const mentors: Mentor[] = [];
      site.mentorNames.forEach((name, mi) => {
        const username = DEMO_USERS.mentors[si * 5 + mi]!;
        const languages = site.mentorLanguages[mi]!;
        const id = uuid();
        users.push({ id, username, name, passwordHash, role: "MENTOR_MOTHER", phone: mobileNumber(site.country) });
        userSites.push({ userId: id, siteId: site.id });
        profiles.push({ userId: id, languages: [...languages], dailyCapacity: 40, workingDays: [...(site.workingDays ?? [1, 2, 3, 4, 5])] });
        mentors.push({ id, username, languages, caseload: 0 });
      });
      mentorsBySite.set(site.id, mentors);
    });

    // --- clients and everything hanging off them ------------------------------------------------
    const clients: Prisma.ClientCreateManyInput[] = [];
    const phones: Prisma.ClientPhoneCreateManyInput[] = [];
    const infants: Prisma.InfantCreateManyInput[] = [];
    const viralLoads: Prisma.ViralLoadResultCreateManyInput[] = [];
    const appointments: Prisma.AppointmentCreateManyInput[] = [];
    const assignments: Prisma.AssignmentCreateManyInput[] = [];

    /** A past visit (attended or missed), or one booked ahead (scheduled). */
    const appointment = (clientId: string, date: Date, kind: Kind, infantId?: string): void => {
      let status: Prisma.AppointmentCreateManyInput["status"] = "SCHEDULED";
      let statusAt: Date | null = null;
      if (date < TODAY) {
        if (chance(0.86)) [status, statusAt] = ["ATTENDED", at(date, int(8, 14), int(0, 59))];
        else [status, statusAt] = ["MISSED", at(addDays(date, 1), 8)];
      }
      appointments.push({ id: uuid(), clientId, infantId: infantId ?? null, date, kind, status, statusAt });
    };

    for (const site of sites) {
      const mentors = mentorsBySite.get(site.id)!;
      const siteClients: Array<{ row: Prisma.ClientCreateManyInput; enrolled: Date; status: Status; statusDate: Date | null }> = [];
      for (let i = 1; i <= CLIENTS_PER_SITE; i++) {
        const id = uuid();
        const category = weighted(CATEGORIES);
        const male = category === "PARTNER" ? chance(0.85) : category === "OTHER" ? chance(0.2) : false;
        const [minAge, maxAge] = AGE_RANGE[category];
        const dateOfBirth = daysAgo(Math.floor(int(minAge, maxAge) * 365.25) + int(0, 364));
        const recentArt = chance(0.12);
        let artStartDate: Date;
        let enrolmentDate: Date;
        if (recentArt) {
          artStartDate = daysAgo(int(7, 85));
          enrolmentDate = minDate(addDays(artStartDate, int(0, 14)), TODAY);
        } else {
          enrolmentDate = daysAgo(category === "PREGNANT" ? int(0, 200) : int(0, 547));
          artStartDate = maxDate(daysAgo(int(120, 3650)), addDays(dateOfBirth, 60));
        }
        const status: Status = daysBetween(enrolmentDate, TODAY) < 45 ? "ACTIVE"
          : weighted([["ACTIVE", 93], ["TRANSFERRED_OUT", 2.5], ["OPTED_OUT", 1.5], ["EXITED", 3]] as const);
        const statusDate = status === "ACTIVE" ? null : addDays(enrolmentDate, int(30, daysBetween(enrolmentDate, TODAY)));
        const active = status === "ACTIVE";
        const consentCalls = status !== "OPTED_OUT" && chance(0.985);
        const language = weighted(site.clientLanguages);

        // Infant and pregnancy facts.
        let expectedDeliveryDate: Date | null = null;
        let breastfeeding = false;
        let breastfeedingEndDate: Date | null = null;
        let infant: { id: string; dateOfBirth: Date } | undefined;
        if (category === "PREGNANT") expectedDeliveryDate = addDays(TODAY, int(7, 240));
        if (category === "POSTNATAL" || category === "INFANT_CAREGIVER") {
          const infantDob = daysAgo(category === "POSTNATAL" ? int(3, 365) : int(14, 540));
          infant = { id: uuid(), dateOfBirth: infantDob };
          infants.push({ id: infant.id, clientId: id, firstName: chance(0.8) ? pick(site.names.infants) : null, dateOfBirth: infantDob });
          if (category === "POSTNATAL") breastfeeding = chance(0.9);
          else if (daysBetween(infantDob, TODAY) > 60 && chance(0.3)) {
            breastfeedingEndDate = maxDate(daysAgo(int(1, 90)), addDays(infantDob, 30)); // stopped recently
          }
        }

        // Viral-load history (none yet for clients who started ART in the last three months).
        const lastDay = statusDate ?? TODAY; // nothing happens after a client left
        const vls = recentArt ? [] : viralLoadHistory(id, artStartDate, lastDay);
        viralLoads.push(...vls);
        const lastVl = vls[vls.length - 1];

        // Phones: one or two, some shared with safe hours.
        const phoneCount = chance(0.25) ? 2 : 1;
        for (let p = 0; p < phoneCount; p++) {
          const shared = chance(0.2);
          const [from, to] = shared ? (chance(0.7) ? [1020, 1200] : [720, 840]) : [null, null];
          phones.push({
            id: uuid(), clientId: id, number: mobileNumber(site.country), isPrimary: p === 0, sharedPhone: shared,
            safeFromMinute: from, safeToMinute: to, mayIdentifyCaller: !shared && chance(0.65),
            status: p === 1 && chance(0.08) ? "WRONG_NUMBER" : "OK",
          });
        }

        // Appointments: past visits (attended or missed) and what is booked next. A client who left
        // has her last booking cancelled.
        for (let a = int(1, 3); a > 0; a--) {
          appointment(id, addDays(lastDay, -int(1, 180)), chance(0.72) ? "ART_REFILL" : "CLINICAL_REVIEW");
        }
        for (const vl of vls) if (daysBetween(vl.sampleDate, TODAY) <= 180) {
          appointments.push({ id: uuid(), clientId: id, date: vl.sampleDate, kind: "VIRAL_LOAD_TEST", status: "ATTENDED", statusAt: at(vl.sampleDate, 9) });
        }
        if (infant) {
          for (const weeks of INFANT_TEST_WEEKS) {
            const due = addDays(infant.dateOfBirth, weeks * 7);
            if (due < lastDay) {
              appointment(id, due, "INFANT_TEST", infant.id);
            } else {
              if (active && daysBetween(TODAY, due) <= 120) appointment(id, due, "INFANT_TEST", infant.id); // the next one only
              break;
            }
          }
        }
        if (active) {
          appointment(id, addDays(TODAY, int(0, 56)), "ART_REFILL");
          if (category === "PREGNANT") appointment(id, addDays(TODAY, int(1, 28)), "ANC_PNC");
          if (category === "POSTNATAL" && infant && daysBetween(infant.dateOfBirth, TODAY) < 42) {
            appointment(id, addDays(infant.dateOfBirth, 42), "ANC_PNC");
          }
          if (lastVl && lastVl.copies >= 50 && addDays(lastVl.sampleDate, 90) >= TODAY) {
            appointment(id, addDays(lastVl.sampleDate, 90), "VIRAL_LOAD_TEST");
          }
        } else {
          appointments.push({ id: uuid(), clientId: id, date: addDays(lastDay, int(7, 56)), kind: "ART_REFILL",
            status: "CANCELLED", statusAt: at(lastDay, 16) });
        }

        const row: Prisma.ClientCreateManyInput = {
          id, ref: `${site.code}-${String(i).padStart(6, "0")}`, siteId: site.id,
          // The clinic's own patient number (facility data match on it): four in five have one.
          facilityNumber: i % 5 === 4 ? null : `${site.code.slice(3)}-${String(4000 + i)}`,
          firstName: pick(male ? site.names.male : site.names.female), lastName: pick(site.names.surnames),
          dateOfBirth, sex: male ? "MALE" : "FEMALE", category, enrolmentDate, enrolmentSource: chance(0.7) ? "manual" : "import",
          consentCalls, consentMessages: consentCalls && chance(0.62), preferredLanguage: language,
          artStartDate, expectedDeliveryDate, breastfeeding, breastfeedingEndDate,
          lastVlCopies: lastVl?.copies ?? null, lastVlDate: lastVl?.sampleDate ?? null,
          status, statusDate, statusReason: status === "ACTIVE" ? null : pick(STATUS_REASONS[status]),
        };
        clients.push(row);
        siteClients.push({ row, enrolled: enrolmentDate, status, statusDate });
      }

      // Assignment, in enrolment order as the automatic rule would have done it: a Mentor Mother who
      // speaks the client's language, then the lowest caseload (all have the same capacity), under the cap.
      siteClients.sort((a, b) => a.enrolled.getTime() - b.enrolled.getTime() || a.row.ref.localeCompare(b.row.ref));
      for (const c of siteClients) {
        const speakers = mentors.filter((m) => m.languages.includes(c.row.preferredLanguage) && m.caseload < caseloadCap);
        const pool = speakers.length ? speakers : mentors.filter((m) => m.caseload < caseloadCap);
        const mentor = [...pool].sort((a, b) => a.caseload - b.caseload || a.username.localeCompare(b.username))[0];
        if (!mentor) throw new Error(`Every Mentor Mother at ${site.code} is at the caseload cap`);
        const active = c.status === "ACTIVE";
        if (active) {
          mentor.caseload++;
          c.row.mentorId = mentor.id;
        }
        assignments.push({ id: uuid(), clientId: c.row.id!, mentorId: mentor.id, startAt: at(c.enrolled, 9),
          endAt: active ? null : at(c.statusDate!, 16), reason: "seed" });
      }
    }

    // --- write ----------------------------------------------------------------------------------
    const inChunks = async <T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> => {
      for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
    };
    // A data clerk at the first site (drawn last, so every other demo row stays as it was).
    const clerkId = uuid();
    users.push({ id: clerkId, username: DEMO_USERS.clerk, name: "Zodwa Mthembu", passwordHash, role: "DATA_CLERK" });
    userSites.push({ userId: clerkId, siteId: sites[0]!.id });
    const history = callHistory(sites, mentorsBySite, clients, phones, assignments);
    // Consent to messages is per phone (issue 17): a client who agreed to messages has SMS consent on
    // her primary number (no random draw, so the rest of the demo stays as it was).
    const agreed = new Set(clients.filter((c) => c.consentMessages).map((c) => c.id));
    for (const p of phones) if (p.isPrimary && agreed.has(p.clientId)) p.consentSms = true;
    let interrupted = 0;
    await prisma.$transaction(async (tx) => {
      await tx.country.createMany({ data: countries });
      await tx.publicHoliday.createMany({ data: holidays });
      await tx.programmeSettings.upsert({
        where: { id: 1 },
        create: { id: 1, settings: programmeSettingsSchema.parse({}) as Prisma.InputJsonValue },
        update: {},
      });
      await tx.site.createMany({ data: siteRows });
      await tx.user.createMany({ data: users });
      await tx.userSite.createMany({ data: userSites });
      await tx.mentorProfile.createMany({ data: profiles });
      await inChunks(clients, (data) => tx.client.createMany({ data }));
      await inChunks(phones, (data) => tx.clientPhone.createMany({ data }));
      await inChunks(infants, (data) => tx.infant.createMany({ data }));
      await inChunks(viralLoads, (data) => tx.viralLoadResult.createMany({ data }));
      await inChunks(appointments, (data) => tx.appointment.createMany({ data }));
      await inChunks(assignments, (data) => tx.assignment.createMany({ data }));
      await inChunks(history.tasks, (data) => tx.callTask.createMany({ data }));
      await inChunks(history.attempts, (data) => tx.callAttempt.createMany({ data }));
      await inChunks(history.escalations, (data) => tx.escalation.createMany({ data }));
      // Interruption in treatment as the daily call-list run would have set it by today.
      interrupted = await markInterruptions(tx, siteRows.map((s) => s.id!), TODAY.toISOString().slice(0, 10));
      // Draft call scripts in the languages most demo clients speak (lib/content): shown under a
      // "draft" banner until an administrator approves them.
      const scriptRows = DEMO_SCRIPT_DRAFTS.map((s) => ({ id: uuid(), kind: "script", key: s.key, language: s.language, variant: s.variant, draft: s.body as Prisma.InputJsonValue }));
      await tx.contentText.createMany({ data: scriptRows });
      await tx.contentRevision.createMany({ data: scriptRows.map((r) => ({ textId: r.id, version: 1, action: "draft", body: r.draft })) });
      // Approved (live) reminder message templates in English, Portuguese and French. Content is
      // shared by the whole database, so a template already there (the test database holds the
      // integration tests' ones when the end-to-end tests' demo data is seeded) gets the demo's
      // text as its next approved version.
      for (const [language, texts] of Object.entries(DEMO_TEMPLATES)) {
        for (const [key, text] of Object.entries(texts)) {
          const approved = { text } as Prisma.InputJsonValue;
          const row = await tx.contentText.upsert({
            where: { kind_key_language_variant: { kind: TEMPLATE_KIND, key, language, variant: TEMPLATE_VARIANT } },
            // Not the seeded uuid(): the draws after this stay as they were.
            create: { id: globalThis.crypto.randomUUID(), kind: TEMPLATE_KIND, key, language, variant: TEMPLATE_VARIANT, approved, approvedAt: new Date(), version: 1 },
            update: { approved, approvedAt: new Date(), version: { increment: 1 } },
            select: { id: true, version: true },
          });
          await tx.contentRevision.create({ data: { textId: row.id, version: row.version, action: "approved", body: approved } });
        }
      }
      // A sample DHIS2 mapping for South Africa, by code (ids from the database, so the seeded
      // random draws above stay as they were).
      await tx.dhis2DataElementMap.createMany({
        data: DHIS2_CELLS.map((c) => ({
          countryId: countryIds.ZA, indicator: c.indicator, ageBand: c.ageBand, sex: c.sex,
          dataElement: `ES_${c.indicator}_${c.ageBand.replace("<", "LT").replace("+", "PLUS").replace("-", "_")}`, categoryOptionCombo: `SEX_${c.sex}`,
        })),
      });
      await tx.dhis2OrgUnit.createMany({ data: siteRows.filter((s) => s.countryId === countryIds.ZA).map((s) => ({ siteId: s.id!, orgUnit: `OU_${s.code}` })) });
    }, { timeout: 120_000, maxWait: 10_000 });

    // Back-check calls (issue 11): the weekly draw (lib/back-checks/draw.ts) over the last three
    // full weeks of the history. The last week is left due for the supervisors; the two before are
    // answered - mostly confirmed, a few not confirmed or not reached - so coverage has a share.
    const lastWeek = weekToDraw(TODAY.toISOString().slice(0, 10));
    const weeks = [addDaysIso(lastWeek, -14), addDaysIso(lastWeek, -7), lastWeek];
    const perWeek = countrySettingsSchema.parse({}).backChecksPerWeek;
    await prisma.$transaction((tx) => drawBackChecks(tx, siteRows.flatMap((s) => weeks.map((week) => ({ siteId: s.id!, week, perWeek })))));
    await prisma.$executeRaw`
      WITH r AS (
        SELECT b.id, ('x' || substr(md5(b.attempt_id::text), 1, 4))::bit(16)::int % 100 AS r, s.time_zone AS tz,
               (SELECT us.user_id FROM user_sites us JOIN users u ON u.id = us.user_id AND u.role = 'SUPERVISOR'
                WHERE us.site_id = c.site_id ORDER BY u.username LIMIT 1) AS supervisor_id
        FROM back_checks b JOIN clients c ON c.id = b.client_id JOIN sites s ON s.id = c.site_id
        WHERE b.week < ${lastWeek}::date
      )
      UPDATE back_checks b SET
        status = CASE WHEN r.r < 80 THEN 'CONFIRMED' WHEN r.r < 90 THEN 'NOT_CONFIRMED' ELSE 'COULD_NOT_REACH' END,
        note = CASE WHEN r.r >= 80 AND r.r < 90 THEN 'She does not remember a call that week.' END,
        called_at = ((b.week + 8)::timestamp + time '10:30') AT TIME ZONE r.tz,
        recorded_by_id = r.supervisor_id, version = 2
      FROM r WHERE r.id = b.id`;
    const backChecks = await prisma.backCheck.groupBy({ by: ["status"], _count: { _all: true } });

    // --- summary --------------------------------------------------------------------------------
    const byStatus = new Map<string, number>();
    for (const c of clients) byStatus.set(c.status!, (byStatus.get(c.status!) ?? 0) + 1);
    const loads = [...mentorsBySite.values()].flat().map((m) => m.caseload);
    console.log(`Demo data seeded in ${((Date.now() - started) / 1000).toFixed(1)} s (today = ${TODAY.toISOString().slice(0, 10)}):`);
    console.log(`  ${countries.length} countries, ${holidays.length} public holidays, ${siteRows.length} sites (${sites.map((s) => s.code).join(", ")})`);
    console.log(`  ${users.length} users: 1 admin, 1 programme manager, ${DEMO_USERS.supervisors.length} supervisors, ${DEMO_USERS.mentors.length} Mentor Mothers, 1 data clerk`);
    console.log(`  ${clients.length} clients (${[...byStatus].map(([s, n]) => `${n} ${s}`).join(", ")})`);
    console.log(`  ${phones.length} phones, ${infants.length} infants, ${viralLoads.length} viral-load results, ${appointments.length} appointments, ${assignments.length} assignments`);
    console.log(`  30 days of calls: ${history.tasks.length} tasks, ${history.attempts.length} calls, ${history.escalations.length} escalations (${history.escalations.filter((e) => e.status === "OPEN").length} open)`);
    console.log(`  ${interrupted} active clients in interruption in treatment (28+ days since a missed appointment)`);
    console.log(`  back-check calls: ${backChecks.map((b) => `${b._count._all} ${b.status}`).join(", ")}`);
    console.log(`  ${DEMO_SCRIPT_DRAFTS.length} draft call scripts (isiZulu, Sesotho, Chichewa); approved reminder messages in English, Portuguese and French`);
    console.log(`  ${phones.filter((p) => p.consentSms).length} phones with consent to SMS reminders (sent once MESSAGING_ROUTES is set, docs/reminders.md)`);
    console.log(`  caseloads per Mentor Mother: ${Math.min(...loads)}-${Math.max(...loads)} active clients (cap ${caseloadCap})`);
    console.log("Demo logins (password for all: " + DEMO_PASSWORD + "):");
    console.log(`  ${DEMO_USERS.admin} (administrator), ${DEMO_USERS.manager} (programme manager, all countries)`);
    console.log(`  ${DEMO_USERS.supervisors.map((u, i) => `${u} (${SITES[i]!.code})`).join(", ")}`);
    console.log(`  ${DEMO_USERS.mentors[0]}-${DEMO_USERS.mentors[DEMO_USERS.mentors.length - 1]} (Mentor Mothers, five per site in the order above;`);
    console.log(`  ${DEMO_USERS.mentors[20]}-${DEMO_USERS.mentors[24]} at XZ-DAILY work every day, so their queue is never empty for a weekend or holiday)`);
    return 0;
  } finally {
    await prisma.$disconnect();
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack ?? err.message : err);
    process.exit(1);
  },
);
