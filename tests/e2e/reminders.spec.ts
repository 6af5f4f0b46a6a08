import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { randomInt, randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/demo-accounts";
import { DEMO_TEMPLATES } from "../../prisma/demo-templates";
import { postTwilioWebhook, type FakeSent } from "../support/fake-provider";
import { E2E_MESSAGING, messagingEnv } from "./messaging";
import { signIn, sql } from "./helpers";

// Issue 17, "Done when": a client with SMS consent and an appointment in two days gets one neutral
// reminder at 09:00 site time (seen in the fake provider's log) and no reminder call; a "call me"
// reply puts her on her Mentor Mother's list as "She replied to a reminder"; a STOP reply stops the
// next reminder. The worker's two scheduled jobs - the day's call-list run (which schedules the
// messages) and the send tick - run at chosen moments through tests/support/worker-tick.ts (the
// app's one clock: a day, a `now`), against the fake provider that playwright.config.ts starts and
// points the app's provider base URLs at. Replies come in as Twilio's signed inbound webhook to
// the running app. XZ-DAILY (Africa/Johannesburg, UTC+2 all year) works every day, and a Mentor
// Mother of this test's own keeps other clients' calls out of her capacity.
const run = promisify(execFile);
const SITE = "XZ-DAILY";
const TZ = "Africa/Johannesburg";

function siteDay(offsetDays = 0): string {
  const ymd = new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10);
}
const siteTime = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+02:00`);
const ddmmyyyy = (day: string) => day.split("-").reverse().join("/");

/** One run of a worker job at a chosen moment, with the worker's messaging environment. Not
 * execFileSync: a test process blocked for the seconds a tick takes cannot notice that the fake
 * provider closed its idle keep-alive connection, and its next fetch went out on the dead socket
 * ("other side closed", CI on 88d7693). */
async function tick(...args: string[]): Promise<unknown> {
  const { stdout } = await run("npx", ["--no", "--", "tsx", "tests/support/worker-tick.ts", ...args], {
    env: { ...process.env, ...messagingEnv(true) },
    encoding: "utf8",
    timeout: 90_000,
  });
  return JSON.parse(stdout.trim().split("\n").pop()!);
}

async function sentTo(number: string): Promise<FakeSent[]> {
  const res = await fetch(`${E2E_MESSAGING.fakeUrl}/log`);
  expect(res.ok).toBe(true);
  return ((await res.json()) as FakeSent[]).filter((s) => s.to === number);
}

function reply(number: string, body: string) {
  return postTwilioWebhook(
    `${E2E_MESSAGING.publicUrl}/api/webhooks/twilio/inbound`,
    { From: number, To: E2E_MESSAGING.routes.XZ.sender, Body: body, MessageSid: `SM${randomUUID().replace(/-/g, "")}` },
    E2E_MESSAGING.twilioToken,
  );
}

// Mentor Mothers work on phones.
test("a reminder at 09:00 instead of a call, a reply on her Mentor Mother's list, STOP ends the next one", { tag: "@phone" }, async ({ page }) => {
  test.setTimeout(180_000);
  const D = siteDay(0);
  const inTwoDays = siteDay(2);
  const tag = `${Date.now().toString(36)}${randomInt(1000)}`;
  const mentor = `e2e-remind-${tag}`;
  const number = `+2782${String(randomInt(1_000_000, 9_999_999))}`;

  // Her own Mentor Mother at XZ-DAILY (the demo password), and the client: reached yesterday (no
  // welcome or adherence call due), consent to calls and SMS on her one phone, an appointment in two days.
  const [m] = await sql<{ id: string }>(
    `INSERT INTO users (username, name, password_hash, role, updated_at)
     SELECT $1, 'Reminder Test Mentor', password_hash, 'MENTOR_MOTHER', now() FROM users WHERE username = $2 RETURNING id::text`,
    [mentor, DEMO_USERS.mentors[20]!],
  );
  await sql("INSERT INTO mentor_profiles (user_id, languages, daily_capacity, working_days) VALUES ($1::uuid, '{en}', 40, '{1,2,3,4,5,6,7}')", [m!.id]);
  await sql("INSERT INTO user_sites (user_id, site_id) SELECT $1::uuid, id FROM sites WHERE code = $2", [m!.id, SITE]);
  const [c] = await sql<{ id: string }>(
    `INSERT INTO clients (ref, site_id, first_name, last_name, date_of_birth, category, enrolment_date, consent_calls, consent_messages,
                          preferred_language, mentor_id, last_reached_at, updated_at)
     SELECT $1, s.id, 'Remindia', 'Testcase', '1995-05-05', 'OTHER', $2::date - 200, true, true, 'en', $3::uuid, $4::timestamptz, now()
     FROM sites s WHERE s.code = $5 RETURNING id::text`,
    [`E2E-R-${tag}`, D, m!.id, siteTime(siteDay(-1), "10:00").toISOString(), SITE],
  );
  await sql("INSERT INTO client_phones (client_id, number, is_primary, consent_sms) VALUES ($1::uuid, $2, true, true)", [c!.id, number]);
  await sql("INSERT INTO appointments (client_id, date, kind, updated_at) VALUES ($1::uuid, $2::date, 'ART_REFILL', now())", [c!.id, inTwoDays]);

  // The day's run: one reminder for 09:00 site time, and no appointment-reminder call.
  await tick("generate", D, SITE);
  const scheduled = await sql<{ reason: string; channel: string; send_at: Date }>(
    "SELECT reason, channel, send_at FROM messages WHERE client_id = $1::uuid AND direction = 'out'", [c!.id],
  );
  expect(scheduled.map((s) => [s.reason, s.channel, new Date(s.send_at).toISOString()])).toEqual([["appointment", "sms", siteTime(D, "09:00").toISOString()]]);
  const tasks = await sql<{ reasons: string[] }>("SELECT reasons FROM call_tasks WHERE client_id = $1::uuid AND task_date = $2::date", [c!.id, D]);
  expect(tasks.flatMap((t) => t.reasons)).not.toContain("appointment");

  // Nothing before 09:00; at 09:00 exactly one message, neutral, to her number; later ticks send no more.
  await tick("dispatch", siteTime(D, "08:59").toISOString());
  expect(await sentTo(number)).toEqual([]);
  await tick("dispatch", siteTime(D, "09:00").toISOString());
  await tick("dispatch", siteTime(D, "09:01").toISOString());
  const reminder = DEMO_TEMPLATES.en.appointment.replace("{date}", ddmmyyyy(inTwoDays));
  expect((await sentTo(number)).map((s) => [s.provider, s.from, s.body])).toEqual([["twilio", E2E_MESSAGING.routes.XZ.sender, reminder]]);

  // "Call me": a signed reply to the app puts her on her Mentor Mother's next list, labelled as such.
  expect((await reply(number, "Please call me")).status).toBe(200);
  await tick("generate", D, SITE);
  await signIn(page, mentor);
  await expect(page).toHaveURL(/\/queue$/);
  const task = page.getByTestId("queue-task").filter({ hasText: "Remindia" });
  await expect(task).toHaveCount(1);
  // Her reason is the reply, not a plain callback, and no appointment-reminder call (the list then shows the priority).
  const reasons = task.getByRole("list", { name: "Reasons" });
  await expect(reasons.getByRole("listitem").first()).toHaveText("She replied to a reminder");
  await expect(reasons).not.toContainText("Callback");
  await expect(reasons).not.toContainText("Appointment reminder");
  await task.getByTestId("queue-task-link").click();
  await expect(page).toHaveURL(/\/queue\/[0-9a-f-]{36}$/);
  await expect(page.getByText("She replied to a reminder", { exact: true }).first()).toBeVisible();

  // STOP opts the number out at once; the next reminder (another visit in two days) is not made,
  // and only the neutral confirmation goes out.
  expect((await reply(number, "STOP")).status).toBe(200);
  const [phone] = await sql<{ opted: boolean; sms: boolean }>(
    "SELECT messages_opted_out_at IS NOT NULL AS opted, consent_sms AS sms FROM client_phones WHERE client_id = $1::uuid", [c!.id],
  );
  expect(phone).toEqual({ opted: true, sms: false });
  await sql("INSERT INTO appointments (client_id, date, kind, updated_at) VALUES ($1::uuid, $2::date, 'CLINICAL_REVIEW', now())", [c!.id, inTwoDays]);
  await tick("generate", D, SITE);
  const later = new Date(Math.max(Date.now() + 60_000, siteTime(D, "09:05").getTime()));
  await tick("dispatch", later.toISOString());
  expect((await sentTo(number)).map((s) => s.body)).toEqual([reminder, DEMO_TEMPLATES.en.stop_confirm]);
  const out = await sql<{ reason: string }>("SELECT reason FROM messages WHERE client_id = $1::uuid AND direction = 'out' ORDER BY created_at", [c!.id]);
  expect(out.map((o) => o.reason)).toEqual(["appointment", "stop_confirm"]);
});
