// Talks to a country's DHIS2 server: POST /api/dataValueSets with the personal access token
// (`Authorization: ApiToken <token>`), dryRun=true first, then for real. The token is read from
// the environment variable the country's settings name, at the moment of sending, and never
// stored, logged or returned. Every failure comes back as a plain outcome, never thrown.
import type { DataValueSet } from "@/lib/dhis2/payload";
import { readImportSummary, type ImportSummary } from "@/lib/dhis2/schemas";

export type SendOutcome =
  | { ok: true; httpStatus: number; summary: ImportSummary }
  | { ok: false; problem: "unreachable" | "unauthorised" | "badAnswer"; httpStatus: number | null };

export const DHIS2_TIMEOUT_MS = 60_000;

export async function sendDataValueSet(opts: {
  baseUrl: string;
  token: string;
  set: DataValueSet;
  dryRun: boolean;
  idScheme: "UID" | "CODE";
  timeoutMs?: number;
}): Promise<SendOutcome> {
  const params = new URLSearchParams({ dryRun: String(opts.dryRun), importStrategy: "CREATE_AND_UPDATE", idScheme: opts.idScheme });
  let res: Response;
  try {
    res = await fetch(`${opts.baseUrl}/api/dataValueSets?${params}`, {
      method: "POST",
      headers: { Authorization: `ApiToken ${opts.token}`, "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(opts.set),
      signal: AbortSignal.timeout(opts.timeoutMs ?? DHIS2_TIMEOUT_MS),
      redirect: "error",
    });
  } catch {
    return { ok: false, problem: "unreachable", httpStatus: null };
  }
  if (res.status === 401 || res.status === 403) return { ok: false, problem: "unauthorised", httpStatus: res.status };
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return { ok: false, problem: "badAnswer", httpStatus: res.status };
  }
  // DHIS2 answers 200, or 409 with the same summary when values were refused: both are summaries.
  const summary = readImportSummary(body);
  return summary ? { ok: true, httpStatus: res.status, summary } : { ok: false, problem: "badAnswer", httpStatus: res.status };
}
