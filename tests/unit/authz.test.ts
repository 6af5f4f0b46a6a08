import { assertCan, can, clientScope, countryScope, homePath, siteScope, userScope, ROLES, type Actor } from "@/lib/authz";
import { AppError } from "@/lib/errors";

const actor = (role: Actor["role"], over: Partial<Actor> = {}): Actor => ({
  userId: "u1", sessionId: "s1", name: "N", role, siteIds: ["site-a"], countryId: null, locale: "en", ...over,
});

describe("permissions", () => {
  it("gives administration to administrators only", () => {
    for (const role of ROLES) {
      expect(can(actor(role), "admin.users")).toBe(role === "ADMIN");
      expect(can(actor(role), "admin.sites")).toBe(role === "ADMIN");
    }
  });

  it("gives the call queue to Mentor Mothers only and supervision to supervisors only", () => {
    expect(ROLES.filter((r) => can(actor(r), "queue.work"))).toEqual(["MENTOR_MOTHER"]);
    expect(ROLES.filter((r) => can(actor(r), "supervision.view"))).toEqual(["SUPERVISOR"]);
  });

  it("denies everything to no actor", () => {
    expect(can(null, "account.self")).toBe(false);
    expect(() => assertCan(null, "account.self")).toThrow(AppError);
  });

  it("answers a wrong role with not found, never forbidden", () => {
    try {
      assertCan(actor("MENTOR_MOTHER"), "admin.users");
      throw new Error("should have thrown");
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe("NOT_FOUND");
      expect((e as AppError).status).toBe(404);
    }
  });

  it("sends each role to its own home", () => {
    expect(ROLES.map(homePath)).toEqual(["/queue", "/supervision", "/reports", "/admin", "/facility"]);
  });

  it("gives facility data to supervisors, data clerks and administrators; a data clerk sees her sites' clients for matching only", () => {
    expect(ROLES.filter((r) => can(actor(r), "facility.update"))).toEqual(["SUPERVISOR", "ADMIN", "DATA_CLERK"]);
    expect(ROLES.filter((r) => can(actor(r), "facility.feeds"))).toEqual(["ADMIN"]);
    const clerk = actor("DATA_CLERK");
    expect(can(clerk, "clients.view")).toBe(false);
    expect(clientScope(clerk)).toEqual({ siteId: { in: ["site-a"] } });
    expect(userScope(clerk)).toEqual({ id: "u1" });
  });
});

describe("scopes", () => {
  it("limits a Mentor Mother to herself and her own clients", () => {
    const a = actor("MENTOR_MOTHER");
    expect(userScope(a)).toEqual({ id: "u1" });
    expect(clientScope(a)).toEqual({ mentorId: "u1" });
    expect(siteScope(a)).toEqual({ id: { in: ["site-a"] } });
  });

  it("limits a supervisor to her sites", () => {
    const a = actor("SUPERVISOR", { siteIds: ["s1", "s2"] });
    expect(siteScope(a)).toEqual({ id: { in: ["s1", "s2"] } });
    expect(clientScope(a)).toEqual({ siteId: { in: ["s1", "s2"] } });
    expect(userScope(a)).toEqual({ OR: [{ id: "u1" }, { sites: { some: { siteId: { in: ["s1", "s2"] } } } }] });
  });

  it("gives a supervisor with no site nothing at all (fail closed)", () => {
    const a = actor("SUPERVISOR", { siteIds: [] });
    expect(siteScope(a)).toEqual({ id: { in: [] } });
    expect(clientScope(a)).toEqual({ id: { in: [] } });
    expect(countryScope(a)).toEqual({ id: { in: [] } });
  });

  it("limits a country programme manager to her country and leaves a programme-wide one unlimited", () => {
    const country = actor("PROGRAMME_MANAGER", { countryId: "c1", siteIds: [] });
    expect(siteScope(country)).toEqual({ countryId: "c1" });
    expect(countryScope(country)).toEqual({ id: "c1" });
    expect(clientScope(country)).toEqual({ site: { countryId: "c1" } });
    const wide = actor("PROGRAMME_MANAGER", { countryId: null, siteIds: [] });
    expect(siteScope(wide)).toEqual({});
    expect(clientScope(wide)).toEqual({});
  });

  it("does not let an administrator's site list narrow her scope", () => {
    expect(siteScope(actor("ADMIN", { siteIds: ["x"] }))).toEqual({});
    expect(userScope(actor("ADMIN"))).toEqual({});
  });
});
