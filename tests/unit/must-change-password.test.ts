import { can, landingPath, homePath, ROLES, type Actor } from "@/lib/authz";

const actor = (role: Actor["role"], mustChangePassword: boolean): Actor => ({
  userId: "u1", sessionId: "s1", name: "N", role, siteIds: ["site-a"], countryId: null, locale: "en", mustChangePassword,
});

describe("an account signed in with a one-time password", () => {
  it("may only change its password, whatever its role", () => {
    for (const role of ROLES) {
      expect(can(actor(role, true), "account.self")).toBe(true);
      for (const p of ["admin.users", "admin.settings", "queue.work", "clients.view", "reports.view", "users.view"] as const) {
        expect(can(actor(role, true), p)).toBe(false);
      }
    }
    expect(can(actor("ADMIN", false), "admin.users")).toBe(true);
  });

  it("lands on the password change, and on its home once the password is its own", () => {
    expect(landingPath(actor("ADMIN", true))).toBe("/change-password");
    for (const role of ROLES) expect(landingPath(actor(role, false))).toBe(homePath(role));
  });
});
