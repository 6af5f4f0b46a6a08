import { expect, test, type Page } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn, searchClients } from "./helpers";

const HEADER = ["site_code", "first_name", "last_name", "date_of_birth", "category", "enrolment_date", "preferred_language", "consent_calls", "phone_1", "next_appointment_date", "next_appointment_kind"];

const isoDaysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
/** A South African mobile number, random enough that parallel runs never share one. */
const randomPhone = () => `+2772${String(Math.floor(Math.random() * 10_000_000)).padStart(7, "0")}`;

function csvOf(rows: string[][]): Buffer {
  return Buffer.from([HEADER, ...rows].map((r) => r.join(",")).join("\n") + "\n", "utf8");
}

async function upload(page: Page, name: string, content: Buffer) {
  await page.getByLabel("File to import").setInputFiles({ name, mimeType: "text/csv", buffer: content });
  await page.getByRole("button", { name: "Check and import" }).click();
}

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("a supervisor imports clients from a CSV: errors by row and column first, then the corrected file", async ({ page }, testInfo) => {
  // A surname unique per project and run (specs share one seeded database and run two at a
  // time), all random: runs must not look like the same people to the duplicate check. Letters
  // only: the client list reads a search with a digit in it as a ref or a phone number.
  const surname = `${testInfo.project.name === "phone" ? "P" : "D"}${Array.from({ length: 10 }, () => "abcdefghijklmnopqrstuvwxyz"[Math.floor(Math.random() * 26)]).join("")}`;
  const enrolled = isoDaysFromToday(-20);
  const next = isoDaysFromToday(14);
  // Different birth dates: people born the same day with the same surname count as possible
  // duplicates (twins are enrolled by hand, with the form's "not a duplicate" confirmation).
  const row = (first: string, dob: string, phone = randomPhone()) => [
    "ZA-SOW", first, surname, dob, "POSTNATAL", enrolled, "zu", "yes", phone, next, "ART_REFILL",
  ];
  const good = [row("Ayanda", "1993-06-15"), row("Busisiwe", "1991-01-20"), row("Dineo", "1998-11-02")];
  const badDate = row("Palesa", "1993-02-30"); // there is no 30 February
  const badPhone = row("Naledi", "1995-07-07", "12345");

  await signIn(page, DEMO_USERS.supervisors[0]!);
  await expect(page).toHaveURL(/\/supervision$/);
  await page.goto("/clients/import");
  await expect(page.getByRole("heading", { level: 1, name: "Import clients" })).toBeVisible();
  await expectNoSidewaysScroll(page);

  // The template link answers with the CSV itself.
  const href = await page.getByRole("link", { name: "Template (CSV)" }).getAttribute("href");
  const template = await page.request.get(href!);
  expect(template.status()).toBe(200);
  expect(template.headers()["content-type"]).toContain("text/csv");
  expect(template.headers()["cache-control"]).toBe("no-store");
  expect((await template.text()).replace(/^\uFEFF/, "").split("\r\n")[0]).toMatch(/^site_code,first_name,last_name,/);

  // Two bad rows (file rows 3 and 5): nothing is imported, each problem is listed by row and column.
  await upload(page, "clients.csv", csvOf([good[0]!, badDate, good[1]!, badPhone, good[2]!]));
  await expect(page.getByText("2 rows have errors")).toBeVisible();
  const errors = page.getByRole("table", { name: "Errors by row and column" });
  await expect(errors.getByRole("row").filter({ hasText: "date_of_birth" })).toContainText("3");
  await expect(errors.getByRole("row").filter({ hasText: "date_of_birth" })).toContainText("Not a real date");
  await expect(errors.getByRole("row").filter({ hasText: "phone_1" })).toContainText("5");
  await expect(errors.getByRole("row").filter({ hasText: "phone_1" })).toContainText("Not a valid phone number");
  await expect(page.getByRole("button", { name: "Import the 3 valid rows only" })).toBeVisible();
  await expectNoSidewaysScroll(page);

  // The corrected file goes in whole.
  const fixed = [good[0]!, row("Palesa", "1993-02-28"), good[1]!, row("Naledi", "1995-07-07"), good[2]!];
  await upload(page, "clients-fixed.csv", csvOf(fixed));
  await expect(page.getByRole("status").filter({ hasText: "5 clients imported" })).toBeVisible();
  await expect(page.getByText("5 assigned to a Mentor Mother")).toBeVisible();
  await expectNoSidewaysScroll(page);

  // They are in the register now.
  await searchClients(page, surname);
  await expect(page.getByRole("row").filter({ hasText: surname })).toHaveCount(5);
});
