import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn, searchClients } from "./helpers";

// ZA-SOW's Mentor Mothers who speak isiZulu (prisma/seed.ts: mentor01, mentor03, mentor05).

/** A name part unique per project and run, letters only (digits would make the search look for a ref). */
function uniqueName(testInfo: TestInfo): string {
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.replace(/\d/g, (d) => "abcdefghij"[Number(d)]!);
  return `Zungu${testInfo.project.name === "phone" ? "p" : "d"}${stamp}`;
}

/** A South African mobile number as a person would type it at home. */
const localMobile = () => `082 ${String(Math.floor(Math.random() * 1e7)).padStart(7, "0").replace(/^(\d{3})/, "$1 ")}`;

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

async function fillClient(page: Page, c: { firstName: string; lastName: string; phone: string; dateOfBirth: string }) {
  await page.getByLabel("First name", { exact: true }).fill(c.firstName);
  await page.getByLabel("Last name", { exact: true }).fill(c.lastName);
  await page.getByLabel("Date of birth", { exact: true }).fill(c.dateOfBirth);
  await page.getByLabel("Preferred language", { exact: true }).selectOption("zu");
  await page.getByLabel("Category", { exact: true }).selectOption("POSTNATAL");
  await page.getByLabel("Breastfeeding", { exact: true }).check();
  await page.getByRole("button", { name: "Add an infant" }).click();
  await page.getByLabel("Infant's date of birth", { exact: true }).fill(new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10));
  await page.getByLabel("Phone number", { exact: true }).fill(c.phone);
  await page.getByLabel("Safe to call from", { exact: true }).fill("17:00");
  await page.getByLabel("Safe to call until", { exact: true }).fill("19:00");
  await page.getByLabel("She agrees to be phoned", { exact: true }).check();
}

test("a supervisor enrols an isiZulu-speaking client, who is assigned to a Mentor Mother speaking isiZulu", async ({ page }, testInfo) => {
  const lastName = uniqueName(testInfo);
  await signIn(page, DEMO_USERS.supervisors[0]);
  await expect(page).toHaveURL(/\/supervision$/);

  await page.goto("/clients");
  await expect(page.getByRole("heading", { level: 1, name: "Clients" })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await page.getByRole("link", { name: "Enrol a client" }).first().click();
  await expect(page).toHaveURL(/\/clients\/new$/);
  await expect(page.getByRole("heading", { level: 1, name: "Enrol a client" })).toBeVisible();
  await expectNoSidewaysScroll(page);

  // Submitting the empty form names what is missing, on the fields.
  await page.getByRole("button", { name: "Enrol client" }).click();
  await expect(page.getByLabel("First name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Category", { exact: true })).toHaveAttribute("aria-invalid", "true");

  await fillClient(page, { firstName: "Nomvula", lastName, phone: localMobile(), dateOfBirth: "1996-04-12" });
  await page.getByRole("button", { name: "Enrol client" }).click();

  const outcome = page.getByRole("status").filter({ hasText: "was enrolled" });
  await expect(outcome).toContainText(new RegExp(`Nomvula ${lastName} was enrolled with ref ZA-SOW-\\d{6}\\.`));
  // Whoever takes her speaks isiZulu (other specs may add Mentor Mothers to this site meanwhile).
  await expect(outcome).toContainText(/Assigned to .+ \(speaks isiZulu\)\./);
  const ref = /ZA-SOW-\d{6}/.exec((await outcome.textContent()) ?? "")![0];
  const mentor = /Assigned to (.+) \(speaks isiZulu\)/.exec((await outcome.textContent()) ?? "")![1]!;
  await expect(page.getByRole("link", { name: "Open the client's record" })).toHaveAttribute("href", /\/clients\/[0-9a-f-]{36}$/);

  // The list finds her by name and by ref, with her Mentor Mother and language.
  await searchClients(page, lastName);
  const row = page.getByRole("row").filter({ hasText: ref });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`${lastName}, Nomvula`);
  await expect(row).toContainText(mentor);
  await expect(row).toContainText("isiZulu");
  await expectNoSidewaysScroll(page);
  await searchClients(page, ref);
  await expect(page.getByRole("row").filter({ hasText: ref })).toHaveCount(1);
});

test("enrolling the same phone number again asks whether it is the same person first", async ({ page }, testInfo) => {
  const lastName = uniqueName(testInfo);
  const phone = localMobile();
  await signIn(page, DEMO_USERS.supervisors[0]);
  await expect(page).toHaveURL(/\/supervision$/);

  await page.goto("/clients/new");
  await fillClient(page, { firstName: "Lindiwe", lastName, phone, dateOfBirth: "1993-09-03" });
  await page.getByRole("button", { name: "Enrol client" }).click();
  await expect(page.getByRole("status").filter({ hasText: "was enrolled" })).toBeVisible();

  await page.getByRole("button", { name: "Enrol another client" }).click();
  // Another person on the same phone (a sister, say), with the number typed internationally.
  await fillClient(page, { firstName: "Ayanda", lastName: `${lastName}x`, phone: `+27 ${phone.slice(1)}`, dateOfBirth: "2001-01-20" });
  await page.getByRole("button", { name: "Enrol client" }).click();
  const choice = page.getByRole("alert").filter({ hasText: "This may be a client who is already enrolled" });
  await expect(choice).toBeVisible();
  await expect(choice).toContainText(`Lindiwe ${lastName}`);
  await expect(choice).toContainText("same phone number");
  await expect(choice.getByRole("link", { name: "Open her record" })).toHaveAttribute("href", /\/clients\/[0-9a-f-]{36}$/);
  await expectNoSidewaysScroll(page);

  await choice.getByRole("button", { name: "Not the same person: enrol anyway" }).click();
  await expect(page.getByRole("status").filter({ hasText: "was enrolled" })).toContainText(`Ayanda ${lastName}x was enrolled`);
});
