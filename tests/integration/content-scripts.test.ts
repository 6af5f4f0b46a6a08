// Call scripts as content (issue 16) against the real database: editing and approving is for
// administrators only and audited with a revision each time; the call screen picks the approved
// script in the client's language and wording variant, a draft when that is all there is, and the
// built-in catalogue otherwise.
import { randomUUID } from "node:crypto";
import { execute } from "@/lib/action";
import type { Actor } from "@/lib/authz";
import { dateOnly } from "@/lib/dates";
import { localDay } from "@/lib/site-clock";
import { callScreenTask } from "@/lib/calls/call-screen";
import { approveScriptCommand, saveScriptDraftCommand } from "@/lib/content/commands";
import { getScript, listScripts } from "@/lib/content/queries";
import { actorFor, auditFor, closeDb, createClient, createSite, createUser, testDb } from "../factories";

const TZ = "Africa/Johannesburg";
const db = testDb();
// A language code of its own, so no other test's scripts can be picked.
const lang = () => Array.from({ length: 3 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("");
const body = (identity: string, say: string) => ({ steps: [{ type: "identity" as const, text: identity }, { type: "say" as const, text: say }] });

let siteId: string;
let admin: Actor;
let supervisor: Actor;
let mentor: Actor;

beforeAll(async () => {
  siteId = (await createSite({ timeZone: TZ })).id;
  admin = await actorFor(await createUser("ADMIN"));
  supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [siteId] }));
  mentor = await actorFor(await createUser("MENTOR_MOTHER", { siteIds: [siteId] }));
});
afterAll(closeDb);

describe("editing scripts", () => {
  it("saves a draft and approves it, each audited with a revision; a stale version is a conflict", async () => {
    const language = lang();
    const ref = { key: "adherence", language, variant: "FEMALE" as const };
    const saved = await execute(db, saveScriptDraftCommand, admin, { ...ref, version: 0, body: body("Hello, is this {firstName}? Can you talk freely?", "How are the pills going?") });
    expect(saved).toMatchObject({ ok: true, data: { version: 1 } });
    const id = saved.ok ? saved.data.id : "";

    const stale = await execute(db, saveScriptDraftCommand, admin, { ...ref, version: 0, body: body("Hi {firstName}, can you talk?", "Any doses missed?") });
    expect(stale).toMatchObject({ ok: false, error: { code: "CONFLICT" } });

    const approved = await execute(db, approveScriptCommand, admin, { ...ref, version: 1 });
    expect(approved).toMatchObject({ ok: true, data: { version: 2 } });

    const script = await getScript(db, admin, ref);
    expect(script!.draft).toBeNull();
    expect(script!.approved!.steps[1]!.text).toBe("How are the pills going?");
    expect(script!.history.map((h) => [h.action, h.version, h.byName])).toEqual([["approved", 2, admin.name], ["draft", 1, admin.name]]);
    expect((await listScripts(db, admin)).find((s) => s.language === language)).toMatchObject({ hasApproved: true, hasDraft: false });

    const audit = await auditFor(id);
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([["content.draft_saved", admin.userId], ["content.approved", admin.userId]]);
    // Ids and the script's coordinates, never its text.
    expect(JSON.stringify(audit.map((a) => a.meta))).not.toContain("pills");
  });

  it("refuses a script with a health word before the identity check, on every save", async () => {
    const ref = { key: "missed", language: lang(), variant: "MALE" as const };
    const res = await execute(db, saveScriptDraftCommand, admin, { ...ref, version: 0, body: body("Hello {firstName}, this is the HIV clinic.", "We missed you.") });
    expect(res).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { "body.steps.0": ["healthWordBeforeIdentity|hiv, clinic"] } } });
    const first = await execute(db, saveScriptDraftCommand, admin, { ...ref, version: 0, body: { steps: [{ type: "say", text: "Your clinic visit" }] } });
    expect(first.ok).toBe(false);
    expect(await db.contentText.count({ where: { language: ref.language } })).toBe(0);
  });

  it("is for administrators only: supervisors and Mentor Mothers are refused and nothing is written", async () => {
    const language = lang();
    for (const actor of [supervisor, mentor]) {
      const res = await execute(db, saveScriptDraftCommand, actor, { key: "welcome", language, variant: "FEMALE", version: 0, body: body("Hello {firstName}, can you talk?", "Welcome!") });
      expect(res.ok).toBe(false);
      if (!res.ok) expect(["FORBIDDEN", "NOT_FOUND"]).toContain(res.error.code);
      await expect(listScripts(db, actor)).rejects.toThrow();
    }
    expect(await db.contentText.count({ where: { language } })).toBe(0);
    const none = await execute(db, saveScriptDraftCommand, null, { key: "welcome", language, variant: "FEMALE", version: 0, body: body("Hello {firstName}", "Welcome!") });
    expect(none.ok).toBe(false);
  });
});

describe("the call screen's script", () => {
  async function taskFor(language: string, sex: "FEMALE" | "MALE", reasons: string[]) {
    const client = await createClient(siteId, { mentorId: mentor.userId });
    await db.client.update({ where: { id: client.id }, data: { preferredLanguage: language, sex } });
    const today = localDay(TZ, new Date());
    return db.callTask.create({
      data: { clientId: client.id, mentorId: mentor.userId, taskDate: dateOnly(today), reasons, priority: 5, firstDueDate: dateOnly(today), id: randomUUID() },
    });
  }
  async function approve(ref: { key: string; language: string; variant: "FEMALE" | "MALE" | "OTHER" }, identity: string, say: string) {
    const s = await execute(db, saveScriptDraftCommand, admin, { ...ref, version: 0, body: body(identity, say) });
    expect(s.ok).toBe(true);
    expect((await execute(db, approveScriptCommand, admin, { ...ref, version: 1 })).ok).toBe(true);
  }

  it("picks the approved script of her language and sex; a draft when that is all; else the catalogue", async () => {
    const language = lang();
    await approve({ key: "adherence", language, variant: "FEMALE" }, "Is this {firstName}? Is she free?", "Her pills: any missed?");
    await approve({ key: "adherence", language, variant: "MALE" }, "Is this {firstName}? Is he free?", "His pills: any missed?");
    // A newer draft of her text does not replace the approved one on the call screen.
    expect((await execute(db, saveScriptDraftCommand, admin, { key: "adherence", language, variant: "FEMALE", version: 2, body: body("Draft hello {firstName}", "Draft text") })).ok).toBe(true);
    // Only a draft for "appointment".
    expect((await execute(db, saveScriptDraftCommand, admin, { key: "appointment", language, variant: "FEMALE", version: 0, body: body("Hello {firstName}, can you talk?", "Your visit is soon.") })).ok).toBe(true);

    const woman = await callScreenTask(db, mentor, (await taskFor(language, "FEMALE", ["adherence", "appointment", "welcome"])).id, new Date());
    expect(woman.scripts.identity).toMatchObject({ text: "Is this {firstName}? Is she free?", state: "approved", variant: "FEMALE" });
    expect(woman.scripts.reasons).toEqual([
      { key: "adherence", state: "approved", say: ["Her pills: any missed?"] },
      { key: "appointment", state: "draft", say: ["Your visit is soon."] },
      { key: "welcome", state: null, say: null },
    ]);
    expect(woman.scripts.anyDraft).toBe(true);

    const man = await callScreenTask(db, mentor, (await taskFor(language.toUpperCase(), "MALE", ["adherence"])).id, new Date());
    expect(man.scripts).toEqual({
      identity: { text: "Is this {firstName}? Is he free?", state: "approved", variant: "MALE" },
      reasons: [{ key: "adherence", state: "approved", say: ["His pills: any missed?"] }],
      anyDraft: false,
    });

    const other = await callScreenTask(db, mentor, (await taskFor(lang(), "FEMALE", ["adherence"])).id, new Date());
    expect(other.scripts).toEqual({ identity: null, reasons: [{ key: "adherence", state: null, say: null }], anyDraft: false });
  });
});

// Reminder message templates (issue 17) are content too: the same draft and approval, with their
// own rules - a health word is refused on every save, and a template goes live only in a language
// with a forbidden-word list of its own.
describe("message templates", () => {
  it("saves and approves through the content owner, audited; a language without a word list cannot go live", async () => {
    const { saveTemplateDraftCommand, approveTemplateCommand } = await import("@/lib/messages/template-commands");
    // Chichewa has a word list. Content texts are shared by the test database: start from the
    // version there is.
    const ref = { key: "vl_due" as const, language: "ny" };
    const find = () => db.contentText.findFirst({ where: { kind: "message", ...ref }, select: { id: true, version: true, approved: true } });
    const v0 = (await find())?.version ?? 0;
    const text = "Chonde tiimbireni pa {date}.";
    expect(await execute(db, saveTemplateDraftCommand, admin, { ...ref, version: v0, body: { text } })).toMatchObject({ ok: true, data: { version: v0 + 1 } });
    expect(await execute(db, approveTemplateCommand, admin, { ...ref, version: v0 + 1 })).toMatchObject({ ok: true, data: { version: v0 + 2 } });
    const live = (await find())!;
    expect(live.approved).toEqual({ text });
    const audit = await auditFor(live.id);
    expect(audit.slice(-2).map((a) => [a.action, (a.meta as { kind: string }).kind])).toEqual([["content.draft_saved", "message"], ["content.approved", "message"]]);

    const health = await execute(db, saveTemplateDraftCommand, admin, { ...ref, version: v0 + 2, body: { text: "Time for your HIV clinic visit on {date}." } });
    expect(health).toMatchObject({ ok: false, error: { code: "VALIDATION" } });

    const language = lang();
    const draft = await execute(db, saveTemplateDraftCommand, admin, { key: "missed", language, version: 0, body: { text: "Please call us on {date}." } });
    expect(draft).toMatchObject({ ok: true, data: { version: 1 } });
    expect(await execute(db, approveTemplateCommand, admin, { key: "missed", language, version: 1 })).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    expect(await db.contentText.findFirst({ where: { kind: "message", key: "missed", language }, select: { approved: true, version: true } })).toEqual({ approved: null, version: 1 });

    // Nobody but an administrator.
    expect(await execute(db, saveTemplateDraftCommand, supervisor, { key: "missed", language, version: 1, body: { text: "Please call us." } })).toMatchObject({ ok: false });
  });
});

// The administrators' pages for templates (issue 17) read through the content module's own reads.
describe("message template pages' reads", () => {
  it("list the templates with whether their language can go live, and one template's draft, live text and history; administrators only", async () => {
    const { saveTemplateDraftCommand, approveTemplateCommand } = await import("@/lib/messages/template-commands");
    const { getTemplate, listTemplates } = await import("@/lib/messages/template-queries");
    const language = lang();
    const text = "Please call us after {date}.";
    expect(await execute(db, saveTemplateDraftCommand, admin, { key: "missed", language, version: 0, body: { text } })).toMatchObject({ ok: true });
    const listed = (await listTemplates(db, admin)).find((t) => t.language === language);
    expect(listed).toMatchObject({ key: "missed", variant: "OTHER", hasDraft: true, hasApproved: false, wordList: false, version: 1 });
    // No script is listed among the templates, nor a template among the scripts.
    expect((await listScripts(db, admin)).some((s) => s.language === language)).toBe(false);

    const one = await getTemplate(db, admin, { key: "missed", language });
    expect(one).toMatchObject({ version: 1, draft: { text }, approved: null });
    expect(one!.history.map((h) => [h.action, h.version, h.body])).toEqual([["draft", 1, { text }]]);
    expect(await getTemplate(db, admin, { key: "vl_due", language })).toBeNull();

    // Approval refused (no word list): the page still shows the draft and nothing live.
    expect(await execute(db, approveTemplateCommand, admin, { key: "missed", language, version: 1 })).toMatchObject({
      ok: false, error: { code: "VALIDATION", fieldErrors: { language: [`noWordList|${language}`] } },
    });
    await expect(listTemplates(db, supervisor)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
