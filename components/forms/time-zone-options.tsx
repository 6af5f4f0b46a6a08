import { COMMON_TIME_ZONES } from "@/lib/countries/schemas";

/** The datalist behind every time-zone field: suggestions, free text still allowed. */
export function TimeZoneOptions({ id }: { id: string }) {
  return (
    <datalist id={id}>
      {COMMON_TIME_ZONES.map((tz) => (
        <option key={tz} value={tz} />
      ))}
    </datalist>
  );
}
