import "server-only";
// Reads a report download's query (or form): the filters and the format, checked with zod. A bad
// value is a 400 with the field named, never a silently different file.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { isoDate } from "@/lib/dates";
import { EXPORT_FORMATS } from "@/lib/exports/files";
import { filtersFromSearch, resolveFilters } from "@/lib/reports/schemas";
import type { ExportRequest } from "@/lib/reports/exports";
import type { AuditContext } from "@/lib/audit";

const formatSchema = z.enum(EXPORT_FORMATS);

export function exportRequest(search: URLSearchParams, now: Date, ctx: AuditContext): ExportRequest {
  const format = formatSchema.safeParse(search.get("format") ?? "csv");
  const filters = filtersFromSearch(search);
  if (!format.success || !filters.success) {
    const fieldErrors: Record<string, string[]> = {};
    if (!format.success) fieldErrors.format = ["invalidValue"];
    if (!filters.success) for (const i of filters.error.issues) fieldErrors[String(i.path[0])] = [i.message];
    throw new AppError("VALIDATION", "VALIDATION", fieldErrors);
  }
  const today = isoDate(now);
  return { format: format.data, filters: resolveFilters(filters.data, today), today, ctx };
}
