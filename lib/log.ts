// Structured server log lines: one JSON object per line on stdout (warnings and errors on stderr),
// with the server-set request id of the request being served when there is one. Never pass
// passwords, names, phone numbers or health data here: record ids and codes only.
import { currentRequestId } from "@/lib/observability/request-context";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function threshold(): number {
  const l = (process.env.LOG_LEVEL ?? "info") as Level;
  return ORDER[l] ?? ORDER.info;
}

export function log(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  if (ORDER[level] < threshold() || process.env.NODE_ENV === "test") return;
  const requestId = fields.requestId ?? currentRequestId();
  const line = JSON.stringify({ t: new Date().toISOString(), level, event, ...(requestId ? { requestId } : {}), ...fields });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}
