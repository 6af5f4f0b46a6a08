import { expect, type Page, type TestInfo } from "@playwright/test";
import pg from "pg";
import { DEMO_PASSWORD } from "../../prisma/demo-accounts";

export { DEMO_PASSWORD };

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Username or phone number").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** On a phone the navigation (and sign-out) sits behind the "Menu" disclosure. */
export async function signOut(page: Page, testInfo: TestInfo) {
  if (testInfo.project.name === "phone") await page.getByText("Menu", { exact: true }).click();
  await page.getByRole("button", { name: "Sign out" }).filter({ visible: true }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** Runs one query on the test database (DATABASE_URL, as npm test passes it). */
export async function sql<T extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
