// Calendar dates (YYYY-MM-DD) for the call rules: plain days, no time of day, no time zone. The
// day being generated is already a site-local date (lib/dates.ts localDate); from there on every
// computation must give the same answer whatever the server's TZ is, so the date-fns functions
// run on `DayDate`, a Date whose local getters and setters are the UTC ones (the technique of
// @date-fns/utc, which is not a dependency here). TZDate(..., "UTC") would do the same but costs
// ~35 µs per call, too slow for the rule oracle the set-based generator is tested against.
import { addDays, addMonths, differenceInCalendarDays, getISODay } from "date-fns";

/** A Date that reads and writes its fields in UTC, so date-fns "local" arithmetic is UTC arithmetic. */
class DayDate extends Date {
  override getFullYear() { return this.getUTCFullYear(); }
  override getMonth() { return this.getUTCMonth(); }
  override getDate() { return this.getUTCDate(); }
  override getDay() { return this.getUTCDay(); }
  override getHours() { return this.getUTCHours(); }
  override getMinutes() { return this.getUTCMinutes(); }
  override getSeconds() { return this.getUTCSeconds(); }
  override getMilliseconds() { return this.getUTCMilliseconds(); }
  override getTimezoneOffset() { return 0; }
  override setFullYear(...a: [number, number?, number?]) { return this.setUTCFullYear(...(a as [number])); }
  override setMonth(...a: [number, number?]) { return this.setUTCMonth(...(a as [number])); }
  override setDate(d: number) { return this.setUTCDate(d); }
  override setHours(...a: [number, number?, number?, number?]) { return this.setUTCHours(...(a as [number])); }
  override setMinutes(...a: [number, number?, number?]) { return this.setUTCMinutes(...(a as [number])); }
  override setSeconds(...a: [number, number?]) { return this.setUTCSeconds(...(a as [number])); }
  override setMilliseconds(ms: number) { return this.setUTCMilliseconds(ms); }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function toDay(s: string): DayDate {
  // A malformed date here is a bug in the caller (the rules would silently compare garbage).
  if (!isIsoDate(s)) throw new Error(`not a YYYY-MM-DD date: ${JSON.stringify(s)}`);
  return new DayDate(`${s}T00:00:00.000Z`);
}

function fromDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** `d` plus `n` calendar days (n may be negative). */
export function addDaysIso(d: string, n: number): string {
  return fromDay(addDays(toDay(d), n));
}

/** `d` plus `n` calendar months; the day is clamped to the month's end (Jan 31 + 1 month = Feb 28),
 * which is also what PostgreSQL's `date + interval 'n months'` does. */
export function addMonthsIso(d: string, n: number): string {
  return fromDay(addMonths(toDay(d), n));
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return differenceInCalendarDays(toDay(to), toDay(from));
}

/** ISO weekday: 1 = Monday ... 7 = Sunday (the numbering of settings.weekendDays and working_days). */
export function isoWeekday(d: string): number {
  return getISODay(toDay(d));
}

export function minDate(a: string, b: string): string {
  return a <= b ? a : b;
}

export type Calendar = { isWorkingDay(d: string): boolean };

/** A country's working days: not one of its weekend days and not one of its public holidays. */
export function makeCalendar({ weekendDays, holidays }: { weekendDays: readonly number[]; holidays: Iterable<string> }): Calendar {
  const weekend = new Set(weekendDays);
  const off = new Set(holidays);
  return { isWorkingDay: (d) => !weekend.has(isoWeekday(d)) && !off.has(d) };
}

// A calendar where nothing is a working day (every weekday a weekend, or a year of holidays) would
// loop for ever; settings allow at most 6 weekend days, so hitting this limit is a data error.
const MAX_SEARCH_DAYS = 800;

function step(cal: Calendar, d: string, dir: 1 | -1, includeStart: boolean): string {
  let day = includeStart ? d : addDaysIso(d, dir);
  for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
    if (cal.isWorkingDay(day)) return day;
    day = addDaysIso(day, dir);
  }
  throw new Error(`no working day within ${MAX_SEARCH_DAYS} days of ${d}`);
}

/** The first working day strictly after `d`. */
export function nextWorkingDay(cal: Calendar, d: string): string {
  return step(cal, d, 1, false);
}

/** `d` itself when it is a working day, else the working day before it. */
export function lastWorkingDayOnOrBefore(cal: Calendar, d: string): string {
  return step(cal, d, -1, true);
}

/** `d` itself when it is a working day, else the next working day. */
export function firstWorkingDayOnOrAfter(cal: Calendar, d: string): string {
  return step(cal, d, 1, true);
}

/** The n-th working day after `d` (before it when n < 0); n = 0 gives `d` unchanged. */
export function addWorkingDays(cal: Calendar, d: string, n: number): string {
  let day = d;
  for (let i = 0; i < Math.abs(n); i++) day = step(cal, day, n > 0 ? 1 : -1, false);
  return day;
}

/** How many working days lie in [from, to], both ends included (0 when to < from). */
export function workingDaysInRange(cal: Calendar, from: string, to: string): number {
  let count = 0;
  for (let day = from; day <= to; day = addDaysIso(day, 1)) if (cal.isWorkingDay(day)) count++;
  return count;
}
