import { expect, test, type Page } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn } from "./helpers";

const PROFILE_PATH = /^\/clients\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The first client row of /clients: its profile link, the name shown and the client ID. */
async function firstClientOnList(page: Page) {
  await page.goto("/clients");
  const rows = page.locator("main [data-testid=client-item]:visible");
  await expect(rows.first()).toBeVisible();
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    const link = rows.nth(i).locator("a");
    const href = await link.first().getAttribute("href");
    if (href && PROFILE_PATH.test(href)) {
      return {
        href,
        link: link.first(),
        name: (await link.first().innerText()).trim(),
        ref: (await rows.nth(i).getByTestId("client-ref").innerText()).trim(),
      };
    }
  }
  throw new Error("no client link on /clients");
}

test("a Mentor Mother reads her own client's profile, and another Mentor Mother's client is not found", async ({ page, browser }, testInfo) => {
  // A client only mentor02 holds, taken from what mentor02 herself sees (no database access here).
  const other = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const otherPage = await other.newPage();
  await signIn(otherPage, DEMO_USERS.mentors[1]!);
  await expect(otherPage).toHaveURL(/\/queue$/);
  const theirs = await firstClientOnList(otherPage);
  await other.close();

  await signIn(page, DEMO_USERS.mentors[0]!);
  await expect(page).toHaveURL(/\/queue$/);
  const mine = await firstClientOnList(page);
  expect(mine.href).not.toBe(theirs.href);
  await mine.link.click();
  await expect(page).toHaveURL(new RegExp(`${mine.href}$`));

  // The profile: her name as the heading, every section, read only for a Mentor Mother.
  const [last, first] = mine.name.split(",").map((s) => s.trim());
  await expect(page.getByRole("heading", { level: 1, name: `${first} ${last}` })).toBeVisible();
  for (const section of ["Facts", "Status", "Phones", "Appointments", "Viral-load results", "Infants", "Assignment history", "Call history"]) {
    await expect(page.getByRole("heading", { level: 2, name: section })).toBeVisible();
  }
  await expect(page.getByText(mine.ref).first()).toBeVisible();
  await expect(page.getByText("No calls yet")).toBeVisible();
  await expect(page.getByText("Change status")).toHaveCount(0);
  await expect(page.getByText("Add an appointment")).toHaveCount(0);
  // Nothing wider than the phone: sections stack at 360 px.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // mentor02's client by its address: a real 404, with nothing of hers in the page.
  const response = await page.goto(theirs.href);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Client not found" })).toBeVisible();
  const [theirLast, theirFirst] = theirs.name.split(",").map((s) => s.trim());
  const html = await response!.text();
  for (const secret of [theirs.ref, theirs.name, `${theirFirst} ${theirLast}`]) {
    expect(html).not.toContain(secret);
    await expect(page.locator("body")).not.toContainText(secret);
  }
});
