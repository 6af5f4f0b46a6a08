// Who takes a client (domain.md, "Assignment"): a Mentor Mother of the client's site, active and
// not on leave, below her caseload cap; one who speaks the client's language first; then the lowest
// caseload relative to her cap (ties: lowest caseload, then id for a stable answer). Pure.

export type MentorCandidate = {
  id: string;
  languages: string[];
  /** Active clients she holds now */
  caseload: number;
  /** Her own cap, or the country's */
  cap: number;
};

export type Pick = { mentorId: string; languageMatch: boolean } | { mentorId: null; reason: "no-mentor" | "all-full" };

export function pickMentor(language: string, candidates: readonly MentorCandidate[]): Pick {
  if (candidates.length === 0) return { mentorId: null, reason: "no-mentor" };
  const open = candidates.filter((c) => c.caseload < c.cap);
  if (open.length === 0) return { mentorId: null, reason: "all-full" };
  const speaks = open.filter((c) => c.languages.includes(language));
  const pool = speaks.length ? speaks : open;
  const best = [...pool].sort(
    (a, b) => a.caseload / a.cap - b.caseload / b.cap || a.caseload - b.caseload || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )[0]!;
  return { mentorId: best.id, languageMatch: speaks.length > 0 };
}

/**
 * Places many clients at once (imports, redistribution), updating caseloads as it goes so the load
 * stays balanced and no cap is exceeded. Returns mentor id per client id (null = nobody fits).
 */
export function assignMany(
  clients: readonly { id: string; language: string }[],
  candidates: readonly MentorCandidate[],
): Map<string, Pick> {
  const pool = candidates.map((c) => ({ ...c }));
  const out = new Map<string, Pick>();
  for (const client of clients) {
    const pick = pickMentor(client.language, pool);
    out.set(client.id, pick);
    if (pick.mentorId) pool.find((c) => c.id === pick.mentorId)!.caseload++;
  }
  return out;
}

/**
 * "Balance automatically" re-places clients who already have a holder: each of them first leaves
 * her current Mentor Mother's count, so a client may stay where she is when that is still the best
 * place, and nobody's caseload counts the very clients being balanced.
 */
export function releaseSelected(
  candidates: readonly MentorCandidate[],
  clients: readonly { mentorId: string | null }[],
): MentorCandidate[] {
  const held = new Map<string, number>();
  for (const c of clients) if (c.mentorId) held.set(c.mentorId, (held.get(c.mentorId) ?? 0) + 1);
  return candidates.map((c) => ({ ...c, caseload: Math.max(0, c.caseload - (held.get(c.id) ?? 0)) }));
}

/** How many more clients she can take before reaching her cap (never negative). */
export function roomLeft(c: { caseload: number; cap: number }): number {
  return Math.max(0, c.cap - c.caseload);
}

/**
 * Leave cover: each task (one client's call on one day) goes to a Mentor Mother free that day, by
 * the same rule as clients - her language first, then the lowest load relative to capacity, never
 * above it. For tasks, `caseload` is the tasks she already has that day and `cap` her daily
 * capacity. Returns mentor id per task id (null = nobody free that day).
 */
export function assignTasksByDay(
  tasks: readonly { id: string; day: string; language: string }[],
  candidatesByDay: ReadonlyMap<string, readonly MentorCandidate[]>,
): Map<string, Pick> {
  const byDay = new Map<string, { id: string; language: string }[]>();
  for (const t of tasks) (byDay.get(t.day) ?? byDay.set(t.day, []).get(t.day)!).push(t);
  const out = new Map<string, Pick>();
  for (const [day, list] of byDay) {
    for (const [id, pick] of assignMany(list, candidatesByDay.get(day) ?? [])) out.set(id, pick);
  }
  return out;
}

/** True when [start, end] (YYYY-MM-DD, inclusive) shares at least one day with any of `ranges`. */
export function overlapsAny(start: string, end: string, ranges: readonly { start: string; end: string }[]): boolean {
  return ranges.some((r) => r.start <= end && start <= r.end);
}

/**
 * Order for placing many clients at once: clients whose language fewer of the candidates speak go
 * first, so the speakers' free places are not taken by clients anyone could have. Stable otherwise.
 */
export function scarceLanguagesFirst<C extends { language: string }>(clients: readonly C[], candidates: readonly MentorCandidate[]): C[] {
  const speakers = new Map<string, number>();
  const count = (lang: string) => {
    if (!speakers.has(lang)) speakers.set(lang, candidates.filter((c) => c.caseload < c.cap && c.languages.includes(lang)).length);
    return speakers.get(lang)!;
  };
  return clients
    .map((c, i) => ({ c, i, n: count(c.language) }))
    .sort((a, b) => a.n - b.n || a.i - b.i)
    .map((x) => x.c);
}
