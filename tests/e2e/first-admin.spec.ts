import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { signIn, signOut } from "./helpers";

// A fresh install's first administrator: `npm run admin:create` prints a one-time password; she
// signs in with it, can open nothing but the password change, and then signs in with her own.
test("the first administrator replaces her one-time password before anything else", async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const username = `first-admin-${testInfo.project.name}-${Date.now().toString(36)}`;
  const out = execFileSync("npx", ["--no", "--", "tsx", "scripts/admin-create.ts", "--username", username, "--name", "Thandi First", "--json"], {
    env: { ...process.env },
    encoding: "utf8",
  });
  const { oneTimePassword } = JSON.parse(out.trim().split("\n").pop()!) as { oneTimePassword: string };
  expect(oneTimePassword).toMatch(/^\w{5}-\w{5}-\w{5}-\w{5}$/);

  await signIn(page, username, oneTimePassword);
  await expect(page).toHaveURL(/\/change-password$/);
  await expect(page.getByRole("heading", { level: 1, name: "Choose your own password" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // Nothing else opens until it is done.
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/change-password$/);

  const mine = `Own-password-${Date.now()}`;
  await page.getByLabel("Current password").fill(oneTimePassword);
  await page.getByLabel("New password", { exact: true }).fill(oneTimePassword);
  await page.getByLabel("Repeat the new password").fill(oneTimePassword);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("The new password must be different from the current one.")).toBeVisible();

  await page.getByLabel("New password", { exact: true }).fill(mine);
  await page.getByLabel("Repeat the new password").fill(mine);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/login\?reason=password$/);
  await signIn(page, username, mine);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1, name: "Administration" })).toBeVisible();
  await signOut(page, testInfo);
});
