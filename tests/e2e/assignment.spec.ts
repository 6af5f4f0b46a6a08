import { expect, test, type Page } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn } from "./helpers";

// Demo seed Mentor Mothers at ZA-SOW, supervisor1's site (prisma/seed.ts).
const MENTOR_01 = "Thandiwe Dlamini";
const MENTOR_02 = "Lerato Mofokeng";
const MENTOR_03 = "Zanele Khumalo";
const MENTOR_04 = "Palesa Radebe";

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("a supervisor moves ten clients of one Mentor Mother to another in one go", async ({ page }, testInfo) => {
  // The two projects may run at the same time on one database: each works on its own pair of
  // Mentor Mothers, and moves from the fuller to the emptier one, so runs after runs never push
  // anyone towards her cap.
  const pair = testInfo.project.name === "phone" ? [MENTOR_03, MENTOR_04] : [MENTOR_01, MENTOR_02];

  await signIn(page, DEMO_USERS.supervisors[0]!);
  await expect(page).toHaveURL(/\/supervision$/);
  await page.getByRole("link", { name: "Reassign clients" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reassign clients" })).toBeVisible();

  // The target list shows each Mentor Mother as "Name · caseload/cap · languages".
  const loadOf = async (name: string) => {
    const text = await page.getByLabel("Move to").locator("option", { hasText: name }).innerText();
    return Number(/ · (\d+)\/\d+ · /.exec(text)?.[1]);
  };
  const [a, b] = [await loadOf(pair[0]!), await loadOf(pair[1]!)];
  expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
  const [from, to] = a >= b ? [pair[0]!, pair[1]!] : [pair[1]!, pair[0]!];

  await page.getByLabel("Current Mentor Mother").selectOption({ label: from });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]mentor=[0-9a-f-]{36}/);
  await expectNoSidewaysScroll(page);

  const rows = page.getByRole("table").locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(10);
  const refs: string[] = [];
  for (let i = 0; i < 10; i++) {
    const row = rows.nth(i);
    // Only her clients are listed.
    await expect(row.getByRole("cell").last()).toHaveText(from);
    refs.push((await row.getByRole("cell").nth(1).innerText()).trim());
    const box = row.getByRole("checkbox");
    if (i === 0) {
      // Keyboard: focus the box and tick it with the space bar (once the page is live).
      await expect(box).toBeEnabled();
      await box.focus();
      await page.keyboard.press("Space");
      await expect(box).toBeChecked();
    } else {
      await box.check();
    }
  }
  await expect(page.getByText("10 clients selected")).toBeVisible();

  const target = page.getByLabel("Move to");
  const value = await target.locator("option", { hasText: to }).getAttribute("value");
  expect(value).toMatch(/^[0-9a-f-]{36}$/);
  await target.selectOption(value!);
  await page.getByLabel(/^Why/).fill(`e2e bulk move ${testInfo.project.name}`);
  await page.getByRole("button", { name: "Move selected clients" }).click();

  await expect(page.getByRole("status").filter({ hasText: "10 clients moved." })).toBeVisible();
  await expect(page.getByText("No clients selected")).toBeVisible();
  // The list of her clients no longer shows them.
  for (const ref of refs) await expect(page.getByRole("table").getByText(ref, { exact: true })).toHaveCount(0);
  await expectNoSidewaysScroll(page);

  // And the other Mentor Mother holds them now.
  await page.getByLabel("Current Mentor Mother").selectOption({ label: to });
  await page.getByLabel("Name or reference").fill(refs[0]!);
  await page.getByRole("button", { name: "Apply filters" }).click();
  const moved = page.getByRole("table").locator("tbody tr");
  await expect(moved).toHaveCount(1);
  await expect(moved.getByRole("cell").nth(1)).toHaveText(refs[0]!);
  await expect(moved.getByRole("cell").last()).toHaveText(to);
});

test("the caseload page shows each Mentor Mother against her cap and links to her clients", async ({ page }) => {
  await signIn(page, DEMO_USERS.supervisors[0]!);
  await expect(page).toHaveURL(/\/supervision$/);
  await page.goto("/supervision/caseloads");
  await expect(page.getByRole("heading", { level: 1, name: "Caseloads" })).toBeVisible();
  await expectNoSidewaysScroll(page);
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: MENTOR_03 }) });
  await expect(card.getByText(/^\d+ of \d+ \(\d+%\)$/)).toBeVisible();
  await card.getByRole("link", { name: "Reassign her clients" }).click();
  await expect(page).toHaveURL(/\/supervision\/reassign\?site=[0-9a-f-]{36}&mentor=[0-9a-f-]{36}$/);
  await expect(page.getByLabel("Current Mentor Mother")).toHaveValue(/^[0-9a-f-]{36}$/);
});
