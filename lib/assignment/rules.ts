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
