import { expect, test, type Page } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn, signOut } from "./helpers";

/** Nothing is wider than the screen: on a 360 px phone the table scrolls inside its own box. */
async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("an administrator creates a Mentor Mother, who then signs in to her queue", async ({ page }, testInfo) => {
  // Unique per project and run: the specs share one database and may run again on a retry.
  const username = `e2e-mm-${testInfo.project.name}-${Date.now().toString(36)}`;
  const name = `Lerato Mokoena ${testInfo.project.name}`;
  const password = "E2e-mentor-pass-2026";

  await signIn(page, DEMO_USERS.admin);
  await expect(page).toHaveURL(/\/admin$/);

  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await page.getByRole("link", { name: "New user" }).click();
  await expect(page).toHaveURL(/\/admin\/users\/new$/);
  await expectNoSidewaysScroll(page);

  await page.getByLabel("Full name", { exact: true }).fill(name);
  await page.getByLabel("Username", { exact: true }).fill(username);
  await page.getByLabel("Role", { exact: true }).selectOption("MENTOR_MOTHER");
  await page.getByLabel(/^Zola Community Health Centre/).check();
  await page.getByLabel("isiZulu", { exact: true }).check();
  await page.getByLabel("Initial password", { exact: true }).fill(password);
  await page.getByLabel("Type the password again", { exact: true }).fill(password);
  // Leave the last field first: its check on leaving must not move the button under the pointer.
  await page.getByLabel("Type the password again", { exact: true }).blur();
  await page.getByRole("button", { name: "Create user" }).click();

  await expect(page).toHaveURL(/\/admin\/users\/[0-9a-f-]{36}\?status=created$/);
  await expect(page.getByText("User created.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  // The form shows what was stored.
  await expect(page.getByLabel("Username", { exact: true })).toHaveValue(username);
  await expect(page.getByLabel(/^Zola Community Health Centre/)).toBeChecked();
  await expect(page.getByLabel("isiZulu", { exact: true })).toBeChecked();

  // The list finds her by username and links to her page.
  await page.goto(`/admin/users?q=${encodeURIComponent(username)}`);
  await expect(page.getByRole("link", { name })).toHaveAttribute("href", /\/admin\/users\/[0-9a-f-]{36}$/);

  await signOut(page, testInfo);

  await signIn(page, username, password);
  await expect(page).toHaveURL(/\/queue$/);
  await expect(page.getByRole("heading", { level: 1, name: "Today's calls" })).toBeVisible();
});

test("the create form explains what is missing, in the user's fields", async ({ page }) => {
  await signIn(page, DEMO_USERS.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/users/new");
  await page.getByLabel("Username", { exact: true }).fill(DEMO_USERS.admin);
  await page.getByLabel("Full name", { exact: true }).fill("Someone New");
  await page.getByLabel(/^Zola Community Health Centre/).check();
  await page.getByLabel(/^Limbe Health Centre/).check();
  await page.getByLabel("Initial password", { exact: true }).fill("Long-enough-pass-1");
  await page.getByLabel("Type the password again", { exact: true }).fill("Long-enough-pass-2");
  await page.getByLabel("Type the password again", { exact: true }).blur();
  await page.getByRole("button", { name: "Create user" }).click();

  await expect(page.getByText("A Mentor Mother works at exactly one site.").first()).toBeVisible();
  await expect(page.getByText("Choose at least one language.")).toBeVisible();
  await expect(page.getByText("The two passwords are not the same.")).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/users\/new$/);

  // Fixed in the browser, the taken username comes back from the server as a field error.
  await page.getByLabel(/^Limbe Health Centre/).uncheck();
  await page.getByLabel("English", { exact: true }).check();
  await page.getByLabel("Type the password again", { exact: true }).fill("Long-enough-pass-1");
  await page.getByLabel("Type the password again", { exact: true }).blur();
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("That username is already in use.")).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/users\/new$/);
});
