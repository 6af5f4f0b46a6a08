// Consent to reminder messages per phone (issue 17), the STOP opt-out through the lifecycle owner,
// and the append-only message tables, against the real database.
import { execute } from "@/lib/action";
import { setMessageConsentCommand } from "@/lib/messages/consent";
import { optOutOfMessages } from "@/lib/clients/lifecycle";
import { actorFor, auditFor, closeDb, createClient, createCountry, createSite, createUser, testDb } from "../factories";

afterAll(closeDb);
const db = () => testDb();

async function setup() {
  const country = await createCountry();
  const site = await createSite({ countryId: country.id });
  const other = await createSite({ countryId: country.id });
  const sup = await createUser("SUPERVISOR", { siteIds: [site.id] });
  const c = await createClient(site.id);
  const phone = await db().clientPhone.create({ data: { clientId: c.id, number: `+2547${Date.now() % 1e8}`.slice(0, 13) } });
  return { site, other, sup, c, phone };
}

test("consent is recorded per phone and channel, with the language of messages; audited without values", async () => {
  const { sup, c, phone } = await setup();
  const actor = await actorFor(sup);
  const r = await execute(db(), setMessageConsentCommand, actor, {
    clientId: c.id, version: 1, messageLanguage: "PT", phones: [{ phoneId: phone.id, consentSms: true, consentWhatsapp: false }],
  });
  expect(r).toEqual({ ok: true, data: { version: 2 } });
  const p = await db().clientPhone.findUniqueOrThrow({ where: { id: phone.id } });
  expect([p.consentSms, p.consentWhatsapp]).toEqual([true, false]);
  const client = await db().client.findUniqueOrThrow({ where: { id: c.id } });
  expect([client.messageLanguage, client.consentMessages, client.version]).toEqual(["pt", true, 2]);
  const audit = await auditFor(c.id);
  expect(audit.at(-1)!.meta).toEqual({ fields: ["messageConsent", "messageLanguage"], phoneIds: [phone.id] });
  // A stale version changes nothing.
  const stale = await execute(db(), setMessageConsentCommand, actor, {
    clientId: c.id, version: 1, phones: [{ phoneId: phone.id, consentSms: false, consentWhatsapp: false }],
  });
  expect(stale.ok).toBe(false);
  expect((await db().clientPhone.findUniqueOrThrow({ where: { id: phone.id } })).consentSms).toBe(true);
});

test("a supervisor of another site gets NOT_FOUND; a phone of another client is refused", async () => {
  const { other, sup, c, phone } = await setup();
  const outsider = await actorFor(await createUser("SUPERVISOR", { siteIds: [other.id] }));
  const r = await execute(db(), setMessageConsentCommand, outsider, {
    clientId: c.id, version: 1, phones: [{ phoneId: phone.id, consentSms: true, consentWhatsapp: true }],
  });
  expect(r.ok || r.error.code).toBe("NOT_FOUND");
  const second = await setup();
  const r2 = await execute(db(), setMessageConsentCommand, await actorFor(sup), {
    clientId: c.id, version: 1, phones: [{ phoneId: second.phone.id, consentSms: true, consentWhatsapp: true }],
  });
  expect(r2.ok || r2.error.code).toBe("VALIDATION");
});

test("STOP opts the phone out at once and cancels what waits; message tables are append-only", async () => {
  const { site, c, phone } = await setup();
  await db().clientPhone.update({ where: { id: phone.id }, data: { consentSms: true } });
  const waiting = await db().message.create({
    data: { clientId: c.id, phoneId: phone.id, siteId: site.id, direction: "out", channel: "sms", reason: "appointment", body: "Hello", provider: "fake", number: phone.number },
  });
  const now = new Date("2026-06-10T08:00:00Z");
  const cancelled = await db().$transaction((tx) => optOutOfMessages(tx, phone.id, c.id, now));
  expect(cancelled).toBe(1);
  const p = await db().clientPhone.findUniqueOrThrow({ where: { id: phone.id } });
  expect([p.consentSms, p.consentWhatsapp, p.messagesOptedOutAt?.toISOString()]).toEqual([false, false, now.toISOString()]);
  const events = await db().messageEvent.findMany({ where: { messageId: waiting.id } });
  expect(events.map((e) => e.status)).toEqual(["cancelled"]);
  await expect(db().$executeRaw`UPDATE messages SET body = 'x' WHERE id = ${waiting.id}::uuid`).rejects.toThrow();
  await expect(db().$executeRaw`DELETE FROM message_events WHERE message_id = ${waiting.id}::uuid`).rejects.toThrow();
  await expect(db().$executeRawUnsafe("TRUNCATE message_events, messages")).rejects.toThrow();
  // "sending" is taken once per message and attempt.
  await db().messageEvent.create({ data: { messageId: waiting.id, status: "sending", attempt: 1 } });
  await expect(db().messageEvent.create({ data: { messageId: waiting.id, status: "sending", attempt: 1 } })).rejects.toThrow();
});
