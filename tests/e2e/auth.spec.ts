import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { signIn, signOut } from "./helpers";

const HOMES = [
  { who: "an administrator", username: DEMO_USERS.admin, path: "/admin", heading: "Administration" },
  { who: "a programme manager", username: DEMO_USERS.manager, path: "/reports", heading: "Reports" },
  { who: "a site supervisor", username: DEMO_USERS.supervisors[0]!, path: "/supervision", heading: "Supervision" },
  { who: "a Mentor Mother", username: DEMO_USERS.mentors[0]!, path: "/queue", heading: "Today's calls" },
];

for (const home of HOMES) {
  test(`${home.who} signs in and lands on her home`, async ({ page }, testInfo) => {
    await signIn(page, home.username);
    await expect(page).toHaveURL(new RegExp(`${home.path}$`));
    await expect(page.getByRole("heading", { level: 1, name: home.heading })).toBeVisible();
    // Nothing is wider than the screen on a 360 px phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await signOut(page, testInfo);
    // After signing out, a protected page sends her back to sign-in.
    await page.goto(home.path);
    await expect(page).toHaveURL(/\/login$/);
  });
}

test("a form posted before the page's scripts have loaded still works (no JavaScript)", async ({ browser }) => {
  // Server actions must accept plain form posts: a slow phone may submit before hydration.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Language").selectOption("fr");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await context.close();
});

test("a wrong password shows an error and does not sign in", async ({ page }) => {
  await signIn(page, DEMO_USERS.admin, "not-the-password");
  await expect(page.getByText("The username or password is not right. Please try again.")).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login$/);
});

test("a Mentor Mother who opens an administration page gets not found", async ({ page }) => {
  await signIn(page, DEMO_USERS.mentors[1]!);
  await expect(page).toHaveURL(/\/queue$/);
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText("Users");
});

test("pages carry the security headers and are never cached", async ({ page }) => {
  await signIn(page, DEMO_USERS.supervisors[1]!);
  await expect(page).toHaveURL(/\/supervision$/);
  const response = await page.goto("/supervision");
  const h = response!.headers();
  expect(h["cache-control"]).toContain("no-store");
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("same-origin");
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name.endsWith("next-auth.session-token"));
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
  // Nothing about the user or her clients is kept in the browser's storage.
  expect(await page.evaluate(() => window.localStorage.length)).toBe(0);
});

test("the interface follows the chosen language", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Language").selectOption("pt");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Sign in");
  await expect(page.locator("html")).toHaveAttribute("lang", "pt");
  await page.getByLabel(/Idioma|Language/).selectOption("en");
  await page.getByRole("button", { name: /Guardar|Save/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
});

test("an unknown address answers 404 with the not-found page", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("a forged middleware sub-request header does not reach protected pages", async ({ request }) => {
  // CVE-2025-29927: Next.js once skipped middleware for requests carrying this header. Access is
  // decided by the pages themselves, so it must not matter.
  const response = await request.get("/admin/users", {
    headers: { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(307);
  expect(response.headers()["location"]).toMatch(/\/login$/);
  // No account data in the body (the interface's own labels may be there, names may not).
  const body = await response.text();
  for (const username of [DEMO_USERS.admin, DEMO_USERS.supervisors[0]!, DEMO_USERS.mentors[0]!]) {
    expect(body).not.toContain(`>${username}<`);
  }
  expect(body).not.toContain("Zola");
});
