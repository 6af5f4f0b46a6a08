// The one site clock (architecture.md, convention 13): a site's local calendar day, minute of the
// day and the instant its day starts. "Today" is never the server's date: every business decision
// takes an instant (`now`, passed down by the command wrapper) and the site's IANA time zone, and
// asks this module. Pure and light (Intl only, plus @date-fns/tz to turn a local time back into an
// instant), so the queue's client component can use it too.
import { TZDate } from "@date-fns/tz";

// Making an Intl.DateTimeFormat costs about 0.2 ms: one per time zone, kept (the queue is read all day).
const clocks = new Map<string, Intl.DateTimeFormat>();

function clockOf(timeZone: string): Intl.DateTimeFormat {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat("en-CA", {
      timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    });
    clocks.set(timeZone, clock);
  }
  return clock;
}

export type SiteClock = {
  /** The site-local calendar date, YYYY-MM-DD. */
  day: string;
  /** Minutes after the site's local midnight, 0..1439. */
  minute: number;
};

/** The site-local day and minute of `instant`. */
export function siteClock(timeZone: string, instant: Date): SiteClock {
  const parts = clockOf(timeZone).formatToParts(instant);
  const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? "00";
  return { day: `${get("year")}-${get("month")}-${get("day")}`, minute: (Number(get("hour")) % 24) * 60 + Number(get("minute")) };
}

// The last day asked for per time zone, with the instants it starts and ends: most calls ask for
// "today" of a handful of zones, and formatToParts is the costly part (bench B4's profile).
const lastDays = new Map<string, { day: string; from: number; to: number }>();

/** The site-local calendar date (YYYY-MM-DD) of `instant`. */
export function localDay(timeZone: string, instant: Date): string {
  const t = instant.getTime();
  const hit = lastDays.get(timeZone);
  if (hit && t >= hit.from && t < hit.to) return hit.day;
  const day = siteClock(timeZone, instant).day;
  const from = dayStart(day, timeZone).getTime();
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const after = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  const to = dayStart(after, timeZone).getTime();
  // Kept only for a plain 24-hour day around this instant, starting at 00:00 and ending at 23:59 there:
  // a day with a clock change (23 or 25 hours, a midnight that does not exist or comes twice) is
  // always worked out in full.
  const first = siteClock(timeZone, new Date(from));
  const last = siteClock(timeZone, new Date(to - 1));
  if (from <= t && t < to && to - from === 86_400_000 && first.day === day && first.minute === 0 && last.day === day && last.minute === 1439) {
    if (lastDays.size >= 500) lastDays.clear();
    lastDays.set(timeZone, { day, from, to });
  }
  return day;
}

/** Minutes after the site's local midnight of `instant` (0..1439). */
export function minuteOfDay(timeZone: string, instant: Date): number {
  return siteClock(timeZone, instant).minute;
}

/** The instant of `hour`:`minute` site-local time on `day` (YYYY-MM-DD). */
export function localTime(day: string, hour: number, minute: number, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, hour, minute, 0, timeZone).getTime());
}

/** The instant the site-local `day` starts (00:00 there). */
export function dayStart(day: string, timeZone: string): Date {
  return localTime(day, 0, 0, timeZone);
}
