// Report files (issue 12): the call table downloads as CSV and Excel with the page's totals
// (one mechanism for every report table), and the DHIS2 page: a missing mapping is said plainly,
// and the demo country with its sample mapping downloads a month's dataValueSet.
import fs from "node:fs";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn } from "./helpers";

const number = async (page: Page, testId: string) => Number((await page.getByTestId(testId).innerText()).replace(/[^\d]/g, ""));

async function download(page: Page, linkName: string) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: linkName }).click()]);
  return { name: file.suggestedFilename(), path: (await file.path())! };
}

test("a programme manager downloads the call table as CSV and Excel, and the totals match the page", { tag: "@desktop" }, async ({ page }) => {
  await signIn(page, DEMO_USERS.manager);
  await expect(page).toHaveURL(/\/reports$/);
  const shown = { due: await number(page, "calls-due"), reached: await number(page, "calls-reached"), calls: await number(page, "calls-calls") };
  expect(shown.due).toBeGreaterThan(0);

  const csv = await download(page, "Call figures (CSV)");
  expect(csv.name).toMatch(/^calls-report_programme_\d{4}-\d{2}-\d{2}\.csv$/);
  const [, header, ...rows] = parse(fs.readFileSync(csv.path, "utf8"), { bom: true, relax_column_count: true }) as string[][];
  const current = rows.find((r) => r[0] === "current")!;
  const col = (k: string) => Number(current[header!.indexOf(k)]);
  expect({ due: col("due"), reached: col("reached"), calls: col("calls") }).toEqual(shown);

  const xlsx = await download(page, "Call figures (Excel)");
  expect(xlsx.name).toMatch(/^calls-report_programme_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsx.path);
  const lines: unknown[][] = [];
  wb.worksheets[0]!.eachRow((r) => lines.push((r.values as unknown[]).slice(1)));
  const head = lines[1] as string[];
  const row = lines.find((l) => l[0] === "current")!;
  expect({ due: row[head.indexOf("due")], reached: row[head.indexOf("reached")], calls: row[head.indexOf("calls")] }).toEqual(shown);
});

test("the DHIS2 page: a country without mapping is refused plainly; the demo country's month downloads as a dataValueSet", { tag: "@desktop" }, async ({ page }) => {
  await signIn(page, DEMO_USERS.manager);
  await expect(page).toHaveURL(/\/reports$/);
  await page.getByRole("link", { name: "DHIS2", exact: true }).first().click();
  await expect(page).toHaveURL(/\/dhis2$/);
  await expect(page.getByRole("heading", { level: 1, name: "DHIS2" })).toBeVisible();
  // By role, not by label: for a moment after the navigation the reports page can still be in the
  // document, hidden, with its own "Country" fields (CI, 1f2f84f); a role query sees what is shown.
  await page.getByRole("combobox", { name: "Country", exact: true }).selectOption({ label: "Malawi" });
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/country=/);
  await page.getByRole("button", { name: /^Dry run/ }).click();
  await expect(page.getByText("The DHIS2 mapping is incomplete: nothing was sent.")).toBeVisible();

  await page.getByRole("combobox", { name: "Country", exact: true }).selectOption({ label: "South Africa" });
  await page.getByRole("button", { name: "Show" }).click();
  const file = await download(page, "Download the data (JSON)");
  expect(file.name).toMatch(/^dhis2_za-\d{4}-\d{2}_\d{4}-\d{2}-\d{2}\.json$/);
  const set = JSON.parse(fs.readFileSync(file.path, "utf8")) as { period: string; dataValues: { dataElement: string; orgUnit: string; categoryOptionCombo: string; value: string }[] };
  expect(set.period).toMatch(/^\d{6}$/);
  // The full grid: 2 indicators x 9 age bands x 4 sexes per site, zeros included.
  expect(set.dataValues.length % 72).toBe(0);
  expect(set.dataValues.length).toBeGreaterThan(0);
  expect(set.dataValues.some((v) => v.value === "0")).toBe(true);
  expect(set.dataValues.reduce((s, v) => s + Number(v.value), 0)).toBeGreaterThan(0);
  for (const v of set.dataValues) expect(v.orgUnit).toMatch(/^OU_/);
});
