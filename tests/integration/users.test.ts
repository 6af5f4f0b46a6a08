// Staff account administration against the real database: writes through execute() with actors
// backed by real sessions, and the list/detail reads scoped per role.
import { execute } from "@/lib/action";
import { loadActor } from "@/lib/auth/actor";
import { signIn } from "@/lib/auth/sign-in";
import { verifyPassword } from "@/lib/auth/password";
import type { Actor } from "@/lib/authz";
import { AppError } from "@/lib/errors";
import {
  createUserCommand,
  deactivateUserCommand,
  reactivateUserCommand,
  resetPasswordCommand,
  updateUserCommand,
} from "@/lib/users/commands";
import { countUsers, getUser, getUserFormOptions, listUsers } from "@/lib/users/queries";
import { actorFor, auditFor, closeDb, createCountry, createSite, createUser, testDb, uid } from "../factories";

const PASSWORD = "Initial-pass-2026";
const LIMITS = { perAccount: 1000, perAddress: 100000 };
const phone = () => `+27${Math.floor(1_000_000_000 + Math.random() * 8_999_999_999)}`;

let siteA: { id: string };
let siteB: { id: string };
let closedSite: { id: string };
let admin: Awaited<ReturnType<typeof createUser>>;
let adminActor: Actor;

beforeAll(async () => {
  const country = await createCountry();
  siteA = await createSite({ countryId: country.id });
  siteB = await createSite({ countryId: country.id });
  closedSite = await createSite({ countryId: country.id });
  await testDb().site.update({ where: { id: closedSite.id }, data: { active: false } });
  admin = await createUser("ADMIN");
  adminActor = await actorFor(admin);
});

afterAll(closeDb);

function mentorInput(over: Record<string, unknown> = {}) {
  return {
    name: `Nomsa ${uid()}`,
    username: `mm-${uid()}`,
    phone: phone(),
    role: "MENTOR_MOTHER",
    siteIds: [siteA.id],
    countryId: null,
    languages: ["en", "zu"],
    dailyCapacity: 30,
    caseloadCap: 90,
    workingDays: [1, 3, 5],
    locale: "pt",
    password: PASSWORD,
    confirmPassword: PASSWORD,
    ...over,
  };
}

/** The edit form's payload for an existing user, as the page would fill it. */
async function editInput(id: string, over: Record<string, unknown> = {}) {
  const u = await testDb().user.findUniqueOrThrow({ where: { id }, include: { sites: true, mentorProfile: true } });
  return {
    id: u.id,
    version: u.version,
    name: u.name,
    username: u.username,
    phone: u.phone,
    role: u.role,
    siteIds: u.sites.map((s) => s.siteId),
    countryId: u.countryId,
    languages: u.mentorProfile?.languages ?? [],
    dailyCapacity: u.mentorProfile?.dailyCapacity ?? null,
    caseloadCap: u.mentorProfile?.caseloadCap ?? null,
    workingDays: u.mentorProfile?.workingDays ?? [],
    locale: u.locale,
    ...over,
  };
}

/** A signed-in session for the user, as the sign-in form creates it. */
async function sessionOf(username: string, password = PASSWORD) {
  const r = await signIn(testDb(), { username, password }, { ip: `10.9.${Math.floor(Math.random() * 250)}.1`, limits: LIMITS });
  if (!r.ok) throw new Error(`sign-in failed: ${r.reason}`);
  return r.sessionId;
}

/** Audit rows as text (ids are BigInt), to look for anything that must never be stored. */
const asText = (rows: unknown[]) => JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

const userByName = (username: string) => testDb().user.findUnique({ where: { username } });

describe("creating a user", () => {
  it("creates a Mentor Mother with her site, profile and an audit row without the password", async () => {
    const input = mentorInput({ username: `  MM-Upper-${uid()} ` });
    const result = await execute(testDb(), createUserCommand, adminActor, input);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;

    const user = await testDb().user.findUniqueOrThrow({ where: { id: result.data.id }, include: { sites: true, mentorProfile: true } });
    expect(user.username).toBe((input.username as string).trim().toLowerCase());
    expect(user).toMatchObject({ role: "MENTOR_MOTHER", name: input.name, phone: input.phone, locale: "pt", active: true, countryId: null });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user.passwordHash, PASSWORD)).toBe(true);
    expect(user.sites.map((s) => s.siteId)).toEqual([siteA.id]);
    expect(user.mentorProfile).toMatchObject({ languages: ["en", "zu"], dailyCapacity: 30, caseloadCap: 90, workingDays: [1, 3, 5] });

    const audit = await auditFor(user.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "user.created", entityType: "user", actorId: admin.id });
    const stored = asText(audit);
    for (const secret of [PASSWORD, user.passwordHash, input.phone as string, input.name as string]) {
      expect(stored).not.toContain(secret);
    }

    // She can sign in with her username and with her phone number.
    await expect(sessionOf(user.username)).resolves.toBeTruthy();
    await expect(sessionOf(input.phone as string)).resolves.toBeTruthy();
  });

  it("refuses a taken username (in any case) and a taken phone, writing nothing", async () => {
    const first = mentorInput();
    expect((await execute(testDb(), createUserCommand, adminActor, first)).ok).toBe(true);
    const auditsBefore = await testDb().auditEvent.count({ where: { action: "user.created" } });

    const name = `Dup ${uid()}`;
    const dupUser = await execute(testDb(), createUserCommand, adminActor, mentorInput({ name, username: (first.username as string).toUpperCase() }));
    expect(dupUser).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { username: ["usernameTaken"] } } });

    const dupPhone = await execute(testDb(), createUserCommand, adminActor, mentorInput({ name, phone: first.phone }));
    expect(dupPhone).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { phone: ["phoneTaken"] } } });

    expect(await testDb().user.count({ where: { name } })).toBe(0);
    expect(await testDb().auditEvent.count({ where: { action: "user.created" } })).toBe(auditsBefore);
  });

  it("answers unknown or closed sites, an unknown country and unknown languages with field errors", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    const cases: [Record<string, unknown>, string, string][] = [
      [{ siteIds: [missing] }, "siteIds", "invalidValue"],
      [{ siteIds: [closedSite.id] }, "siteIds", "invalidValue"],
      [{ role: "SUPERVISOR", siteIds: [siteA.id, missing] }, "siteIds", "invalidValue"],
      [{ role: "PROGRAMME_MANAGER", siteIds: [], countryId: missing }, "countryId", "invalidValue"],
      [{ languages: ["en", "xx"] }, "languages", "unknownLanguage"],
    ];
    for (const [over, field, key] of cases) {
      const input = mentorInput(over);
      const r = await execute(testDb(), createUserCommand, adminActor, input);
      expect(r).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { [field]: [key] } } });
      expect(await userByName(input.username as string)).toBeNull();
    }
  });

  it("repeats the form's rules on the server", async () => {
    const r = await execute(testDb(), createUserCommand, adminActor, mentorInput({ siteIds: [siteA.id, siteB.id], languages: [], confirmPassword: "other-password-1" }));
    expect(r).toMatchObject({
      ok: false,
      error: { code: "VALIDATION", fieldErrors: { siteIds: ["oneSiteOnly"], languages: ["languageRequired"], confirmPassword: ["passwordsDiffer"] } },
    });
  });

  it("stores only what the role uses: no sites for an administrator, no country for a supervisor", async () => {
    const country = await createCountry();
    const a = mentorInput({ role: "ADMIN", siteIds: [siteA.id], countryId: country.id });
    const s = mentorInput({ role: "SUPERVISOR", siteIds: [siteA.id, siteB.id], countryId: country.id });
    const p = mentorInput({ role: "PROGRAMME_MANAGER", siteIds: [siteA.id], countryId: country.id });
    for (const input of [a, s, p]) expect((await execute(testDb(), createUserCommand, adminActor, input)).ok).toBe(true);

    const get = (u: { username: unknown }) =>
      testDb().user.findUniqueOrThrow({ where: { username: u.username as string }, include: { sites: true, mentorProfile: true } });
    const [ua, us, up] = await Promise.all([get(a), get(s), get(p)]);
    expect([ua.sites.length, ua.countryId, ua.mentorProfile]).toEqual([0, null, null]);
    expect([us.sites.map((x) => x.siteId).sort(), us.countryId, us.mentorProfile]).toEqual([[siteA.id, siteB.id].sort(), null, null]);
    expect([up.sites.length, up.countryId]).toEqual([0, country.id]);
  });
});

describe("refusals", () => {
  it("answers NOT_FOUND to every other role, and writes nothing", async () => {
    const target = await createUser("MENTOR_MOTHER", { siteIds: [siteA.id] });
    const actors = await Promise.all([
      actorFor(await createUser("SUPERVISOR", { siteIds: [siteA.id] })),
      actorFor(await createUser("PROGRAMME_MANAGER")),
      actorFor(await createUser("MENTOR_MOTHER", { siteIds: [siteA.id] })),
    ]);
    // (A supervisor of the site may reset this Mentor Mother's password: tests/security/password-reset.test.ts.)
    for (const [i, actor] of actors.entries()) {
      const input = mentorInput();
      expect(await execute(testDb(), createUserCommand, actor, input)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
      expect(await userByName(input.username as string)).toBeNull();
      const edit = await editInput(target.id, { role: "ADMIN", siteIds: [] });
      expect(await execute(testDb(), updateUserCommand, actor, edit)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
      expect(await execute(testDb(), deactivateUserCommand, actor, { id: target.id, version: 1 })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
      if (i > 0) expect(await execute(testDb(), resetPasswordCommand, actor, { id: target.id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    }
    expect(await execute(testDb(), createUserCommand, null, mentorInput())).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });

    const after = await testDb().user.findUniqueOrThrow({ where: { id: target.id } });
    expect(after).toMatchObject({ role: "MENTOR_MOTHER", active: true, version: 1, sessionVersion: 1 });
    expect(await auditFor(target.id)).toHaveLength(0);
  });

  it("offers the form's choices to administrators only", async () => {
    const options = await getUserFormOptions(testDb(), adminActor);
    expect(options.sites.map((s) => s.id)).toEqual(expect.arrayContaining([siteA.id, siteB.id, closedSite.id]));
    expect(options.languages.length).toBeGreaterThan(0);
    expect(options.minPasswordLength).toBeGreaterThanOrEqual(10);
    const supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [siteA.id] }));
    await expect(getUserFormOptions(testDb(), supervisor)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("answers NOT_FOUND to an administrator for an id that does not exist", async () => {
    const missing = "00000000-0000-4000-8000-000000000001";
    const target = await createUser("SUPERVISOR", { siteIds: [siteA.id] });
    const edit = await editInput(target.id, { id: missing });
    expect(await execute(testDb(), updateUserCommand, adminActor, edit)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await execute(testDb(), deactivateUserCommand, adminActor, { id: missing, version: 1 })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await execute(testDb(), reactivateUserCommand, adminActor, { id: missing, version: 1 })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(
      await execute(testDb(), resetPasswordCommand, adminActor, { id: missing }),
    ).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    await expect(getUser(testDb(), adminActor, missing)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("editing a user", () => {
  it("saves the changes with the version, then refuses the same stale version (CONFLICT)", async () => {
    const target = await createUser("MENTOR_MOTHER", { siteIds: [siteA.id] });
    const stale = await editInput(target.id);
    const first = await execute(testDb(), updateUserCommand, adminActor, { ...stale, dailyCapacity: 25, languages: ["en", "st"] });
    expect(first).toMatchObject({ ok: true, data: { id: target.id, version: 2 } });

    const second = await execute(testDb(), updateUserCommand, adminActor, { ...stale, name: "Someone else" });
    expect(second).toMatchObject({ ok: false, error: { code: "CONFLICT", message: "CONFLICT" } });

    const row = await testDb().user.findUniqueOrThrow({ where: { id: target.id }, include: { mentorProfile: true } });
    expect(row.name).toBe(target.name);
    expect(row.version).toBe(2);
    expect(row.mentorProfile).toMatchObject({ dailyCapacity: 25, languages: ["en", "st"] });
    const audit = await auditFor(target.id);
    expect(audit.map((a) => a.action)).toEqual(["user.updated"]);
    expect(audit[0]!.meta).toEqual({ changed: ["languages", "dailyCapacity"] });
  });

  it("moves a Mentor Mother to another site, keeping her sessions (sites are read on every request)", async () => {
    const target = await createUser("MENTOR_MOTHER", { siteIds: [siteA.id] });
    const session = await sessionOf(target.username, "Test-password-123");
    const r = await execute(testDb(), updateUserCommand, adminActor, await editInput(target.id, { siteIds: [siteB.id] }));
    expect(r.ok).toBe(true);
    const sites = await testDb().userSite.findMany({ where: { userId: target.id } });
    expect(sites.map((s) => s.siteId)).toEqual([siteB.id]);
    const loaded = await loadActor(testDb(), session);
    expect(loaded.state).toBe("valid");
    expect(loaded.actor?.siteIds).toEqual([siteB.id]);
    expect((await auditFor(target.id)).at(-1)?.meta).toEqual({ changed: ["sites"] });
  });

  it("refuses a username or phone another account has", async () => {
    const other = await createUser("SUPERVISOR", { siteIds: [siteA.id] });
    const otherPhone = phone();
    await testDb().user.update({ where: { id: other.id }, data: { phone: otherPhone } });
    const target = await createUser("SUPERVISOR", { siteIds: [siteA.id] });
    const r = await execute(testDb(), updateUserCommand, adminActor, await editInput(target.id, { username: other.username, phone: otherPhone }));
    expect(r).toMatchObject({ ok: false, error: { fieldErrors: { username: ["usernameTaken"], phone: ["phoneTaken"] } } });
    // Her own values are not "taken".
    expect((await execute(testDb(), updateUserCommand, adminActor, await editInput(target.id, { name: "Renamed" }))).ok).toBe(true);
  });

  it("ends her sessions when the role changes, and records the role codes", async () => {
    const target = await createUser("MENTOR_MOTHER", { siteIds: [siteA.id] });
    const session = await sessionOf(target.username, "Test-password-123");
    expect((await loadActor(testDb(), session)).state).toBe("valid");

    // A change that is not the role leaves her signed in.
    expect((await execute(testDb(), updateUserCommand, adminActor, await editInput(target.id, { locale: "fr" }))).ok).toBe(true);
    expect((await loadActor(testDb(), session)).state).toBe("valid");

    const r = await execute(testDb(), updateUserCommand, adminActor, await editInput(target.id, { role: "SUPERVISOR", siteIds: [siteA.id, siteB.id] }));
    expect(r.ok).toBe(true);
    const row = await testDb().user.findUniqueOrThrow({ where: { id: target.id } });
    expect(row).toMatchObject({ role: "SUPERVISOR", sessionVersion: 2, version: 3 });

    expect(await loadActor(testDb(), session)).toEqual({ actor: null, state: "stale-version" });
    const last = (await auditFor(target.id)).filter((a) => a.action === "user.updated").at(-1);
    expect(last?.meta).toEqual({ changed: ["role", "sites"], roleFrom: "MENTOR_MOTHER", roleTo: "SUPERVISOR" });
  });

  it("does nothing, and writes no audit row, when nothing changed", async () => {
    const target = await createUser("SUPERVISOR", { siteIds: [siteA.id] });
    const r = await execute(testDb(), updateUserCommand, adminActor, await editInput(target.id));
    expect(r).toMatchObject({ ok: true, data: { version: 1 } });
    expect(await auditFor(target.id)).toHaveLength(0);
  });
});

describe("deactivation and password reset", () => {
  it("deactivation ends her session and stops sign-in; reactivation lets her sign in again", async () => {
    const target = await createUser("MENTOR_MOTHER", { siteIds: [siteA.id] });
    const session = await sessionOf(target.username, "Test-password-123");

    const r = await execute(testDb(), deactivateUserCommand, adminActor, { id: target.id, version: 1 });
    expect(r).toMatchObject({ ok: true, data: { version: 2 } });
    const row = await testDb().user.findUniqueOrThrow({ where: { id: target.id } });
    expect(row.active).toBe(false);
    expect(row.deactivatedAt).toBeInstanceOf(Date);
    expect(row.sessionVersion).toBe(2);

    expect(await loadActor(testDb(), session)).toMatchObject({ actor: null });
    await expect(sessionOf(target.username, "Test-password-123")).rejects.toThrow("invalid");

    // The stale version is refused, the current one accepted.
    expect(await execute(testDb(), reactivateUserCommand, adminActor, { id: target.id, version: 1 })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(await execute(testDb(), reactivateUserCommand, adminActor, { id: target.id, version: 2 })).toMatchObject({ ok: true });
    const back = await testDb().user.findUniqueOrThrow({ where: { id: target.id } });
    expect(back).toMatchObject({ active: true, deactivatedAt: null });
    // The old session stays ended; a new sign-in works.
    expect((await loadActor(testDb(), session)).actor).toBeNull();
    await expect(sessionOf(target.username, "Test-password-123")).resolves.toBeTruthy();

    expect((await auditFor(target.id)).filter((a) => a.entityType === "user").map((a) => a.action)).toEqual(
      expect.arrayContaining(["user.deactivated", "user.reactivated"]),
    );
  });

  it("resets the password: a one-time argon2id password to change at next sign-in, old sessions end, no password in the audit row", async () => {
    const target = await createUser("SUPERVISOR", { siteIds: [siteA.id] });
    const session = await sessionOf(target.username, "Test-password-123");

    const r = await execute(testDb(), resetPasswordCommand, adminActor, { id: target.id });
    if (!r.ok) throw new Error(JSON.stringify(r));
    const newPassword = r.data.oneTimePassword;
    expect(newPassword).toMatch(/^\w{5}-\w{5}-\w{5}-\w{5}$/);
    const row = await testDb().user.findUniqueOrThrow({ where: { id: target.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.mustChangePassword).toBe(true);
    expect(await verifyPassword(row.passwordHash, newPassword)).toBe(true);
    expect(await verifyPassword(row.passwordHash, "Test-password-123")).toBe(false);
    expect(row.sessionVersion).toBe(2);
    expect(await loadActor(testDb(), session)).toEqual({ actor: null, state: "stale-version" });

    const audit = (await auditFor(target.id)).filter((a) => a.action === "user.password_reset");
    expect(audit).toHaveLength(1);
    expect(asText(audit)).not.toContain(newPassword);
    expect(asText(audit)).not.toContain(row.passwordHash);
  });
});

describe("scope of lists, details and counts", () => {
  const tag = `scp${uid()}`;
  let users: Record<string, Awaited<ReturnType<typeof createUser>>>;
  let actors: Record<string, Actor>;

  beforeAll(async () => {
    const cx = await createCountry();
    const cy = await createCountry();
    const x1 = await createSite({ countryId: cx.id });
    const x2 = await createSite({ countryId: cx.id });
    const y1 = await createSite({ countryId: cy.id });
    const mk = (key: string, role: Parameters<typeof createUser>[0], over: Parameters<typeof createUser>[1]) =>
      createUser(role, { username: `${tag}-${key}`, ...over });
    users = {
      mmX1: await mk("mmx1", "MENTOR_MOTHER", { siteIds: [x1.id] }),
      supX1: await mk("supx1", "SUPERVISOR", { siteIds: [x1.id] }),
      mmX2: await mk("mmx2", "MENTOR_MOTHER", { siteIds: [x2.id] }),
      mmY1: await mk("mmy1", "MENTOR_MOTHER", { siteIds: [y1.id] }),
      pmX: await mk("pmx", "PROGRAMME_MANAGER", { countryId: cx.id }),
      pmAll: await mk("pmall", "PROGRAMME_MANAGER", {}),
      oldX1: await mk("oldx1", "MENTOR_MOTHER", { siteIds: [x1.id], active: false }),
    };
    actors = {
      admin: adminActor,
      pmX: await actorFor(users.pmX!),
      pmAll: await actorFor(users.pmAll!),
      supX1: await actorFor(users.supX1!),
      mmX1: await actorFor(users.mmX1!),
    };
  });

  const keysOf = (items: { id: string }[]) =>
    items.map((i) => Object.entries(users).find(([, u]) => u.id === i.id)?.[0] ?? "other").sort();

  it.each([
    ["admin", ["mmX1", "mmX2", "mmY1", "oldX1", "pmAll", "pmX", "supX1"]],
    ["pmAll", ["mmX1", "mmX2", "mmY1", "oldX1", "pmAll", "pmX", "supX1"]],
    ["pmX", ["mmX1", "mmX2", "oldX1", "pmX", "supX1"]],
    ["supX1", ["mmX1", "oldX1", "supX1"]],
  ])("%s lists exactly the users in scope", async (who, expected) => {
    const { items, nextCursor } = await listUsers(testDb(), actors[who]!, { q: tag });
    expect(keysOf(items)).toEqual(expected);
    expect(nextCursor).toBeNull();
  });

  it("pages by username without repeating or leaking rows", async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await listUsers(testDb(), actors.pmX!, { q: tag, take: 2, after });
      seen.push(...page.items.map((u) => u.username));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(seen).toEqual([...seen].sort());
    expect(seen).toEqual([`${tag}-mmx1`, `${tag}-mmx2`, `${tag}-oldx1`, `${tag}-pmx`, `${tag}-supx1`]);
  });

  it("filters by role, site and status within the scope", async () => {
    const mms = await listUsers(testDb(), actors.pmX!, { q: tag, role: "MENTOR_MOTHER", active: true });
    expect(keysOf(mms.items)).toEqual(["mmX1", "mmX2"]);
    const inactive = await listUsers(testDb(), actors.admin!, { q: tag, active: false });
    expect(keysOf(inactive.items)).toEqual(["oldX1"]);
    const ySite = users.mmY1!.sites[0]!.siteId;
    // Another country's site as a filter gives nothing rather than its users.
    expect((await listUsers(testDb(), actors.pmX!, { siteId: ySite })).items).toEqual([]);
    expect((await listUsers(testDb(), actors.supX1!, { siteId: ySite })).items).toEqual([]);
  });

  it("finds users by name (any case) and by phone number", async () => {
    const number = phone();
    await testDb().user.update({ where: { id: users.mmX2!.id }, data: { phone: number, name: `Zanele ${tag}` } });
    expect(keysOf((await listUsers(testDb(), actors.admin!, { q: number.slice(3, 10) })).items)).toEqual(["mmX2"]);
    expect(keysOf((await listUsers(testDb(), actors.admin!, { q: `zANELE ${tag}` })).items)).toEqual(["mmX2"]);
  });

  it("counts only the active users in scope", async () => {
    expect(await countUsers(testDb(), actors.pmX!)).toBe(4);
    expect(await countUsers(testDb(), actors.pmX!, { role: "MENTOR_MOTHER" })).toBe(2);
    expect(await countUsers(testDb(), actors.supX1!)).toBe(2);
  });

  it("shows a user's details only in scope", async () => {
    await expect(getUser(testDb(), actors.supX1!, users.mmX1!.id)).resolves.toMatchObject({ id: users.mmX1!.id });
    await expect(getUser(testDb(), actors.supX1!, users.supX1!.id)).resolves.toMatchObject({ id: users.supX1!.id });
    await expect(getUser(testDb(), actors.supX1!, users.mmX2!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getUser(testDb(), actors.pmX!, users.mmY1!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getUser(testDb(), actors.pmX!, users.pmAll!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getUser(testDb(), actors.pmAll!, users.mmY1!.id)).resolves.toMatchObject({ id: users.mmY1!.id });
    await expect(getUser(testDb(), actors.admin!, users.oldX1!.id)).resolves.toMatchObject({ active: false });
  });

  it("gives a Mentor Mother no user list, count or detail at all (not even her own: her profile is on her queue page)", async () => {
    const mm = actors.mmX1!;
    for (const read of [
      () => listUsers(testDb(), mm, { q: tag }),
      () => countUsers(testDb(), mm),
      () => getUser(testDb(), mm, users.mmX1!.id),
      () => getUser(testDb(), mm, users.mmX2!.id),
    ]) {
      await expect(read()).rejects.toBeInstanceOf(AppError);
      await expect(read()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });
});

// Last: it deactivates every other administrator of the shared database for a moment.
describe("the last active administrator", () => {
  let sole: Awaited<ReturnType<typeof createUser>>;
  let soleActor: Actor;
  let others: string[] = [];

  beforeAll(async () => {
    sole = await createUser("ADMIN");
    soleActor = await actorFor(sole);
    // The rule counts every active administrator, so the others step aside for these tests.
    others = (await testDb().user.findMany({ where: { role: "ADMIN", active: true, id: { not: sole.id } }, select: { id: true } })).map((u) => u.id);
    await testDb().user.updateMany({ where: { id: { in: others } }, data: { active: false } });
  });

  afterAll(async () => {
    await testDb().user.updateMany({ where: { id: { in: others } }, data: { active: true } });
  });

  it("cannot deactivate herself or give up the ADMIN role", async () => {
    const deact = await execute(testDb(), deactivateUserCommand, soleActor, { id: sole.id, version: 1 });
    expect(deact).toMatchObject({ ok: false, error: { code: "VALIDATION", message: "lastAdmin" } });
    const demote = await execute(testDb(), updateUserCommand, soleActor, await editInput(sole.id, { role: "SUPERVISOR", siteIds: [siteA.id] }));
    expect(demote).toMatchObject({ ok: false, error: { code: "VALIDATION", message: "lastAdmin", fieldErrors: { role: ["lastAdmin"] } } });
    expect(await testDb().user.findUniqueOrThrow({ where: { id: sole.id } })).toMatchObject({ role: "ADMIN", active: true, version: 1 });
  });

  it("can be deactivated once another administrator is active, and then the other is the last", async () => {
    const second = await createUser("ADMIN");
    const secondActor = await actorFor(second);
    expect(await execute(testDb(), deactivateUserCommand, secondActor, { id: sole.id, version: 1 })).toMatchObject({ ok: true });
    expect(await execute(testDb(), deactivateUserCommand, secondActor, { id: second.id, version: 1 })).toMatchObject({
      ok: false,
      error: { message: "lastAdmin" },
    });
    const demote = await execute(testDb(), updateUserCommand, secondActor, await editInput(second.id, { role: "PROGRAMME_MANAGER" }));
    expect(demote).toMatchObject({ ok: false, error: { message: "lastAdmin" } });
    // An inactive administrator may lose the role: she is not counted.
    expect((await execute(testDb(), updateUserCommand, secondActor, await editInput(sole.id, { role: "PROGRAMME_MANAGER" }))).ok).toBe(true);
    await testDb().user.update({ where: { id: second.id }, data: { active: false } });
  });
});
