// A month's DHIS2 dataValueSet (POST /api/dataValueSets): pure. Every cell of every site, zeros
// included, so a re-send overwrites what DHIS2 holds for the month. A missing mapping (a site
// without organisation unit, a cell without data element and combo) is listed, and nothing is
// built: a partial set would leave stale values in DHIS2 unnoticed.
import { DHIS2_CELLS, cellKey, dhis2Period, siteCellKey } from "@/lib/dhis2/indicators";

export type DataValue = { dataElement: string; period: string; orgUnit: string; categoryOptionCombo: string; value: string };
export type DataValueSet = { period: string; dataValues: DataValue[] };

export type MappingInput = {
  month: string;
  sites: { id: string; name: string; orgUnit: string | null }[];
  /** By cellKey. */
  elements: Map<string, { dataElement: string; categoryOptionCombo: string }>;
  /** By siteCellKey (lib/dhis2/indicators.ts); absent = 0. */
  counts: Map<string, number>;
};

export type Missing = { sites: string[]; cells: string[] };

export function buildDataValueSet(m: MappingInput): { ok: true; set: DataValueSet } | { ok: false; missing: Missing } {
  const missing: Missing = {
    sites: m.sites.filter((s) => !s.orgUnit).map((s) => s.name),
    cells: DHIS2_CELLS.filter((c) => !m.elements.has(cellKey(c))).map(cellKey),
  };
  if (missing.sites.length || missing.cells.length || m.sites.length === 0) return { ok: false, missing };
  const period = dhis2Period(m.month);
  const dataValues: DataValue[] = [];
  for (const s of m.sites) {
    for (const c of DHIS2_CELLS) {
      const e = m.elements.get(cellKey(c))!;
      dataValues.push({ dataElement: e.dataElement, period, orgUnit: s.orgUnit!, categoryOptionCombo: e.categoryOptionCombo, value: String(m.counts.get(siteCellKey(s.id, c)) ?? 0) });
    }
  }
  return { ok: true, set: { period, dataValues } };
}
