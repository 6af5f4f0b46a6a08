// Every date computation goes through date-fns; "today" is always a site's or country's local date.
// A site's local day and minute: lib/site-clock.ts.

/** True when `tz` is an IANA time zone this runtime knows. */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

/** A `@db.Date` value (midnight UTC) from YYYY-MM-DD. */
export function dateOnly(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00.000Z`);
}

/** YYYY-MM-DD of a `@db.Date` value. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function minutesBetween(a: Date, b: Date): number {
  return (b.getTime() - a.getTime()) / 60000;
}
