// Reports and exports (issue 12): the enrolment report downloaded as CSV and .xlsx with the page's
// totals; a supervisor's de-identified line list holds her site only; a programme manager without
// the administrator's grant gets 404 on identified client records.
import fs from "node:fs";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn } from "./helpers";

test.skip(({ browserName }) => browserName !== "chromium");

const number = async (page: Page, testId: string) => Number((await page.getByTestId(testId).innerText()).replace(/[^\d]/g, ""));

async function download(page: Page, linkName: string) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: linkName }).click()]);
  return { name: file.suggestedFilename(), path: (await file.path())! };
}

const csvLines = (path: string) => fs.readFileSync(path, "utf8").replace(/^\uFEFF/, "").trim().split("\r\n");

test("a programme manager opens the enrolment report and downloads it as CSV and Excel with the page's totals", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "downloads once, on the desktop");
  await signIn(page, DEMO_USERS.manager);
  await expect(page).toHaveURL(/\/reports$/);
  // This quarter, through the filters in the URL.
  const now = new Date();
  const q = Math.floor(now.getUTCMonth() / 3);
  const quarter = `${now.getUTCFullYear()}-Q${q + 1}`;
  const from = `${now.getUTCFullYear()}-${String(q * 3 + 1).padStart(2, "0")}-01`;
  await page.getByLabel("Period").selectOption("quarter");
  await page.getByLabel("Quarter").fill(quarter);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(new RegExp(`period=quarter&.*quarter=${quarter}`));
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(`^${from} to `) })).toBeVisible();
  const totals = { new: await number(page, "total-new"), active: await number(page, "total-active"), exits: await number(page, "total-exits") };
  expect(totals.active).toBeGreaterThan(0);
  // Each figure's definition is one tap away.
  await page.locator("summary", { hasText: "Definition" }).first().click();
  await expect(page.getByText(/clients whose enrolment date falls in the period/)).toBeVisible();

  const csv = await download(page, "Report (CSV)");
  expect(csv.name).toMatch(/^enrolment-report_programme_\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = csvLines(csv.path);
  expect(lines[1]).toBe("dimension,value,new_enrolments,new_enrolments_previous,active_at_end,active_at_end_previous,exits,exits_previous");
  const total = lines.find((l) => l.startsWith("total,"))!.split(",");
  expect({ new: Number(total[2]), active: Number(total[4]), exits: Number(total[6]) }).toEqual(totals);

  const xlsx = await download(page, "Report (Excel)");
  expect(xlsx.name).toMatch(/^enrolment-report_programme_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsx.path);
  let row: unknown[] = [];
  wb.worksheets[0]!.eachRow((r) => {
    const values = (r.values as unknown[]).slice(1);
    if (values[0] === "total") row = values;
  });
  expect({ new: row[2], active: row[4], exits: row[6] }).toEqual(totals);
});

test("a supervisor's de-identified line list holds her site only, and no names", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "downloads once, on the desktop");
  await signIn(page, DEMO_USERS.supervisors[0]!);
  await expect(page).toHaveURL(/\/supervision$/);
  await page.goto("/reports");
  // Her one site is the only one she can filter on.
  const options = await page.getByLabel("Site").locator("option").allInnerTexts();
  expect(options).toHaveLength(2);
  const siteName = options[1]!.trim();
  const list = await download(page, "De-identified line list (CSV)");
  expect(list.name).toMatch(/^line-list_my-sites_\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, ...rows] = parse(fs.readFileSync(list.path, "utf8"), { bom: true }) as string[][];
  expect(header!.join(",")).toBe("pseudonymous_id,country,site,category,age_band,enrolment_month,status,exit_reason,language,last_contact_month");
  expect(rows.length).toBeGreaterThan(0);
  for (const cells of rows) {
    expect(cells[0]).toMatch(/^P-[0-9a-f]{16}$/);
    expect(cells[2]).toBe(siteName);
  }
  // No identified list for her: she has no grant.
  await expect(page.getByRole("heading", { name: "Identified line list" })).toHaveCount(0);
});

test("a programme manager without the grant gets 404 on the client list and a client profile", async ({ page, browser }, testInfo) => {
  // A client's address, as her supervisor sees it (no database access here).
  const other = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const otherPage = await other.newPage();
  await signIn(otherPage, DEMO_USERS.supervisors[0]!);
  await expect(otherPage).toHaveURL(/\/supervision$/);
  await otherPage.goto("/clients");
  const href = (await otherPage.locator("main tbody tr a").first().getAttribute("href"))!;
  expect(href).toMatch(/^\/clients\/[0-9a-f-]{36}$/);
  await other.close();

  await signIn(page, DEMO_USERS.manager);
  await expect(page).toHaveURL(/\/reports$/);
  expect((await page.goto(href))?.status()).toBe(404);
  expect((await page.goto("/clients"))?.status()).toBe(404);
  // And no "Clients" in her navigation.
  await page.goto("/reports");
  await expect(page.getByRole("link", { name: "Clients", exact: true })).toHaveCount(0);
});
