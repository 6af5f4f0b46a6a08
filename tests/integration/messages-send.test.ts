// Sending reminder messages at most once through the fake provider (tests/support/fake-provider.ts:
// Twilio's and Africa's Talking's documented APIs, no de-duplication), delivery reports and replies
// through the real webhook route handlers (signature / secret checked), STOP, "call me", retries,
// unknown outcomes and the phone-update escalation, against the real database.
import { dateOnly } from "@/lib/dates";
import { countrySettingsSchema } from "@/lib/settings/schemas";
import { addDaysIso, isoWeekday } from "@/lib/calls/calendar";
import { localDay } from "@/lib/site-clock";
import { generateDay } from "@/lib/calls/generate";
import { dispatchDue, markStaleUnknown, FAILURES_TO_ESCALATE, SEND_HORIZON_HOURS } from "@/lib/messages/send";
import { readMessagingConfig } from "@/lib/messages/config";
import { twilioProvider } from "@/lib/messages/providers/twilio";
import { africasTalkingProvider } from "@/lib/messages/providers/africas-talking";
import { actorFor, closeDb, createCountry, createSite, createUser, testDb, uid } from "../factories";
import { messageLog } from "@/lib/coverage/messages";
import { approveTemplates, TEST_TEMPLATES } from "../support/message-templates";
import { startFakeProvider, type FakeProvider } from "../support/fake-provider";
import twilio from "twilio";

const db = () => testDb();
const NAIROBI = "Africa/Nairobi";
const D = "2026-06-10"; // a Wednesday
const SID = "AC00000000000000000000000000000001";
const TOKEN = "test-auth-token-0123456789";
const AT_SECRET = "at-webhook-secret-0123456789abcdef";
const PUBLIC = "https://app.example.test";
const saved = { ...process.env };
let fake: FakeProvider;
let twCountry: string;
let atCountry: string;

beforeAll(async () => {
  fake = await startFakeProvider({ twilioSid: SID, twilioToken: TOKEN, atUsername: "sandbox", atApiKey: "at-key" });
  const tw = await createCountry({ timeZone: NAIROBI, settings: countrySettingsSchema.parse({}) });
  const at = await createCountry({ timeZone: NAIROBI, settings: countrySettingsSchema.parse({}) });
  twCountry = tw.id;
  atCountry = at.id;
  Object.assign(process.env, {
    MESSAGING_ROUTES: JSON.stringify({
      [tw.code]: { provider: "twilio", sender: "+15550001111", whatsappFrom: "whatsapp:+15550002222" },
      [at.code]: { provider: "africastalking", sender: "REMIND" },
    }),
    MESSAGING_PUBLIC_URL: PUBLIC, TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_API_BASE_URL: fake.url,
    AT_USERNAME: "sandbox", AT_API_KEY: "at-key", AT_BASE_URL: fake.url, AT_WEBHOOK_SECRET: AT_SECRET,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "x".repeat(40),
  });
  await approveTemplates();
});

afterAll(async () => {
  // The route handlers brought in the app's own client (lib/db): close its pool too.
  const { db: appDb } = await import("@/lib/db");
  await appDb.$disconnect();
  process.env = saved;
  await fake.close();
  await closeDb();
});

const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+03:00`);

function options(clock: () => Date, timeoutMs = 2000) {
  const config = readMessagingConfig();
  return {
    providers: {
      twilio: twilioProvider({ accountSid: SID, authToken: TOKEN, baseUrl: fake.url, timeoutMs }),
      africastalking: africasTalkingProvider({ username: "sandbox", apiKey: "at-key", baseUrl: fake.url, timeoutMs }),
    },
    rates: { twilio: 200, africastalking: 200 },
    config, clock, budgetMs: 20_000,
  };
}

async function client(countryId: string, phone: { consentSms?: boolean; consentWhatsapp?: boolean } = {}) {
  const site = await createSite({ countryId, timeZone: NAIROBI });
  const m = await createUser("MENTOR_MOTHER", { siteIds: [site.id] });
  await db().mentorProfile.update({ where: { userId: m.id }, data: { dailyCapacity: 100, workingDays: [1, 2, 3, 4, 5] } });
  const number = `+2547${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  const c = await db().client.create({
    data: {
      ref: `W-${uid()}${uid()}`, siteId: site.id, firstName: "Amara", lastName: `T ${uid()}`, dateOfBirth: dateOnly("1994-04-04"), category: "OTHER",
      enrolmentDate: dateOnly("2024-01-15"), preferredLanguage: "en", consentCalls: true, mentorId: m.id, lastReachedAt: new Date("2026-06-01T08:00:00Z"),
      phones: { create: { number, consentSms: phone.consentSms ?? true, consentWhatsapp: phone.consentWhatsapp ?? false } },
    },
    include: { phones: true },
  });
  const appt = await db().appointment.create({ data: { clientId: c.id, date: dateOnly(addDaysIso(D, 2)), kind: "ART_REFILL" } });
  return { c, site, mentorId: m.id, number, phoneId: c.phones[0]!.id, appt };
}

const statuses = async (clientId: string) =>
  (await db().message.findMany({ where: { clientId, direction: "out" }, include: { events: { orderBy: { id: "asc" } } }, orderBy: { createdAt: "asc" } }))
    .map((m) => ({ reason: m.reason, channel: m.channel, events: m.events.map((e) => e.status) }));

test("one neutral SMS at 09:00 site time, sent once; the signed delivery report marks it delivered; a bad signature is refused", async () => {
  const { c, site, number } = await client(twCountry);
  await generateDay(db(), { day: D, siteIds: [site.id] });
  // 08:59 site time: not yet.
  expect((await dispatchDue(db(), options(() => at(D, "08:59")))).sent).toBe(0);
  const r = await dispatchDue(db(), options(() => at(D, "09:00")));
  expect(r.sent).toBeGreaterThanOrEqual(1);
  const mine = fake.sent.filter((s) => s.to === number);
  expect(mine).toHaveLength(1);
  expect(mine[0]!.body).toBe(TEST_TEMPLATES.appointment.replace("{date}", "12/06/2026"));
  // Again: nothing more.
  await dispatchDue(db(), options(() => at(D, "09:05")));
  expect(fake.sent.filter((s) => s.to === number)).toHaveLength(1);

  const { POST } = await import("@/app/api/webhooks/twilio/status/route");
  const post = (params: Record<string, string>, signature?: string) => {
    const url = `${PUBLIC}/api/webhooks/twilio/status`;
    return POST(new Request("http://127.0.0.1:3975/api/webhooks/twilio/status", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature ?? twilio.getExpectedTwilioSignature(TOKEN, url, params) },
      body: new URLSearchParams(params).toString(),
    }), { params: Promise.resolve({}) });
  };
  const params = { MessageSid: mine[0]!.id, MessageStatus: "delivered", AccountSid: SID };
  expect((await post(params, "bad-signature")).status).toBe(403);
  expect(await statuses(c.id)).toEqual([{ reason: "appointment", channel: "sms", events: ["sending", "sent"] }]);
  expect((await post(params)).status).toBe(200);
  expect(await statuses(c.id)).toEqual([{ reason: "appointment", channel: "sms", events: ["sending", "sent", "delivered"] }]);
});

test("a clear failure is retried after a backoff (at most 3 attempts); an unknown outcome is never resent", async () => {
  const a = await client(twCountry);
  await generateDay(db(), { day: D, siteIds: [a.site.id] });
  fake.failNext(1, "busy");
  await dispatchDue(db(), options(() => at(D, "09:00")));
  expect((await statuses(a.c.id))[0]!.events).toEqual(["sending", "retry"]);
  await dispatchDue(db(), options(() => at(D, "09:02")));
  expect((await statuses(a.c.id))[0]!.events).toEqual(["sending", "retry"]); // backoff: 5 minutes
  await dispatchDue(db(), options(() => at(D, "09:06")));
  expect((await statuses(a.c.id))[0]!.events).toEqual(["sending", "retry", "sending", "sent"]);

  const b = await client(twCountry);
  await generateDay(db(), { day: D, siteIds: [b.site.id] });
  fake.failNext(1, "hang");
  await dispatchDue(db(), options(() => at(D, "09:00"), 500));
  expect((await statuses(b.c.id))[0]!.events).toEqual(["sending", "unknown"]);
  await dispatchDue(db(), options(() => at(D, "10:00")));
  expect((await statuses(b.c.id))[0]!.events).toEqual(["sending", "unknown"]);
  expect(fake.sent.filter((s) => s.to === b.number)).toHaveLength(0);

  // A worker killed between "sending" and the outcome: unknown after STALE_MINUTES, never resent.
  const k = await client(twCountry);
  await generateDay(db(), { day: D, siteIds: [k.site.id] });
  const msg = await db().message.findFirstOrThrow({ where: { clientId: k.c.id } });
  await db().messageEvent.create({ data: { messageId: msg.id, status: "sending", attempt: 1, at: at(D, "09:00") } });
  await markStaleUnknown(db(), at(D, "09:06"));
  await dispatchDue(db(), options(() => at(D, "09:30")));
  expect((await statuses(k.c.id))[0]!.events).toEqual(["sending", "unknown"]);
});

test("Africa's Talking: STOP by the callback with the secret opts the number out at once, with a neutral confirmation; a wrong secret is refused", async () => {
  const { c, site, number, phoneId } = await client(atCountry);
  await generateDay(db(), { day: D, siteIds: [site.id] });
  await dispatchDue(db(), options(() => at(D, "09:00")));
  expect(fake.sent.filter((s) => s.to === number && s.provider === "africastalking")).toHaveLength(1);
  const { POST } = await import("@/app/api/webhooks/africastalking/[secret]/inbound/route");
  const post = (secret: string, text: string) => POST(new Request(`http://127.0.0.1:3975/api/webhooks/africastalking/${secret}/inbound`, {
    method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ from: number, to: "12345", text, id: `in-${uid()}`, date: "2026-06-10 09:10:00" }).toString(),
  }), { params: Promise.resolve({ secret }) });
  expect((await post("wrong-secret-0123456789abcdefghij", "STOP")).status).toBe(403);
  expect(await db().message.count({ where: { clientId: c.id, direction: "in" } })).toBe(0);
  expect((await post(AT_SECRET, " Stop! ")).status).toBe(200);
  const p = await db().clientPhone.findUniqueOrThrow({ where: { id: phoneId } });
  expect([p.consentSms, p.messagesOptedOutAt !== null]).toEqual([false, true]);
  // The webhook took the wall clock: the confirmation is due from then.
  await dispatchDue(db(), options(() => new Date(Date.now() + 60_000)));
  const toHer = fake.sent.filter((s) => s.to === number);
  expect(toHer.map((s) => s.body)).toEqual([TEST_TEMPLATES.appointment.replace("{date}", "12/06/2026"), TEST_TEMPLATES.stop_confirm]);
  // The next reminder (missed appointment the day after) is not scheduled.
  await db().appointment.create({ data: { clientId: c.id, date: dateOnly(D), kind: "ART_REFILL" } });
  await generateDay(db(), { day: addDaysIso(D, 1), siteIds: [site.id] });
  expect(await db().message.count({ where: { clientId: c.id, direction: "out" } })).toBe(2);
});

test("any other reply puts a call on her Mentor Mother's next list, as \"she replied to a reminder\"", async () => {
  const { c, site, number } = await client(atCountry);
  await generateDay(db(), { day: D, siteIds: [site.id] });
  const { POST } = await import("@/app/api/webhooks/africastalking/[secret]/inbound/route");
  const res = await POST(new Request(`http://127.0.0.1:3975/api/webhooks/africastalking/${AT_SECRET}/inbound`, {
    method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ from: number, to: "12345", text: "Please call me", id: `in-${uid()}` }).toString(),
  }), { params: Promise.resolve({ secret: AT_SECRET }) });
  expect(res.status).toBe(200);
  // The reply came now (the webhook's wall clock): the next working day's list has the call.
  let next = addDaysIso(localDay(NAIROBI, new Date()), 1);
  while (isoWeekday(next) > 5) next = addDaysIso(next, 1);
  await generateDay(db(), { day: next, siteIds: [site.id] });
  const task = await db().callTask.findFirst({ where: { clientId: c.id, taskDate: dateOnly(next) } });
  // Its own reason, so the queue and call screen say "She replied to a reminder", not "Callback".
  expect(task?.reasons).toContain("reply");
  expect(task?.reasons).not.toContain("callback");
});

test(`${FAILURES_TO_ESCALATE} failed messages in a row on a number open the phone-update escalation`, async () => {
  const { c, site, phoneId } = await client(twCountry);
  for (let i = 0; i < FAILURES_TO_ESCALATE; i++) {
    await db().message.create({
      data: { clientId: c.id, phoneId, siteId: site.id, direction: "out", channel: "sms", reason: "appointment", reminderKey: `x:${i}`, sendAt: at(D, "09:00"), body: "x", provider: "twilio", number: "+254700000001" },
    });
  }
  // Every send refused while these go (other tests' leftovers may take some of the refusals).
  fake.failNext(1000, "reject");
  await dispatchDue(db(), options(() => at(D, "09:00")));
  fake.failNext(0, "reject");
  const esc = await db().escalation.findMany({ where: { clientId: c.id } });
  expect(esc.map((e) => [e.cause, e.status])).toEqual([["PHONE_UPDATE", "OPEN"]]);
});

test("the message log counts per site and month: sent, delivered, failed, unknown, replies, opt-outs", async () => {
  const { site, number } = await client(atCountry);
  await generateDay(db(), { day: D, siteIds: [site.id] });
  await dispatchDue(db(), options(() => at(D, "09:00")));
  const sent = fake.sent.find((s) => s.to === number)!;
  const { POST } = await import("@/app/api/webhooks/africastalking/[secret]/delivery/route");
  const res = await POST(new Request(`http://127.0.0.1:3975/api/webhooks/africastalking/${AT_SECRET}/delivery`, {
    method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ id: sent.id, status: "Success", phoneNumber: number }).toString(),
  }), { params: Promise.resolve({ secret: AT_SECRET }) });
  expect(res.status).toBe(200);
  const admin = await actorFor(await createUser("ADMIN"));
  const rows = await messageLog(db(), admin, { site: site.id }, at(D, "12:00"));
  expect(rows).toEqual([{ siteId: site.id, siteName: site.name, month: "2026-06", sent: 1, delivered: 1, failed: 0, unknown: 0, replies: 0, optOuts: 0 }]);
});

test("many due at one time go once each, in (send time, id) order a window at a time; a reminder 48 hours late is cancelled, not sent", async () => {
  const { c, site, number, phoneId } = await client(atCountry);
  const sendAt = at(D, "09:00");
  const n = 47; // more than two windows (CLAIM_WINDOW)
  await db().message.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      clientId: c.id, phoneId, siteId: site.id, direction: "out", channel: "sms", reason: "appointment", reminderKey: `walk:${i}`,
      sendAt, body: `walk ${i}`, provider: "africastalking", sender: "REMIND", number,
    })),
  });
  const r = await dispatchDue(db(), options(() => at(D, "09:01")));
  expect(r.sent).toBeGreaterThanOrEqual(n);
  const bodies = fake.sent.filter((s) => s.to === number).map((s) => s.body);
  expect(bodies.filter((b) => b?.startsWith("walk ")).sort()).toEqual(Array.from({ length: n }, (_, i) => `walk ${i}`).sort());

  const late = await client(twCountry);
  await generateDay(db(), { day: D, siteIds: [late.site.id] });
  await dispatchDue(db(), options(() => new Date(at(D, "09:00").getTime() + (SEND_HORIZON_HOURS * 60 + 1) * 60_000)));
  expect((await statuses(late.c.id))[0]!.events).toEqual(["cancelled"]);
  expect((await db().messageEvent.findFirstOrThrow({ where: { message: { clientId: late.c.id } } })).error).toBe("too late");
  expect(fake.sent.filter((s) => s.to === late.number)).toHaveLength(0);
});
