// Times of day as minutes after local midnight (safe-to-call hours): read from and written as
// "HH:MM". No dependencies, so the browser's queue can use it as well as the server.

/** Minutes after midnight from "HH:MM" (00:00-24:00), or null when malformed. */
export function minutesOf(hhmm: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm.trim());
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 1440 ? minutes : null;
}

/** "HH:MM" of a minute after midnight. */
export function hhmmOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
