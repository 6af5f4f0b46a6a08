// The demo accounts created by prisma/seed.ts (`npm run db:seed`), for tests, the README and the
// synthetic benchmark data (scripts/seed-synthetic.ts uses the same password). Demo only: never
// seed these into a production database.
export const DEMO_PASSWORD = "Demo-pass-2026";

export const DEMO_USERS = {
  admin: "admin",
  manager: "manager",
  /** One per site, in site order: ZA-SOW, ZA-KHA, MW-LIL, MW-BLA, XZ-DAILY. */
  supervisors: ["supervisor1", "supervisor2", "supervisor3", "supervisor4", "supervisor5"],
  /** Data clerk of ZA-SOW: sends the clinic's attendance, appointments and results. */
  clerk: "clerk1",
  /** Five per site, in site order: mentor01-05 at ZA-SOW, 06-10 ZA-KHA, 11-15 MW-LIL, 16-20 MW-BLA,
   * 21-25 XZ-DAILY (the demo call centre that works every day). */
  mentors: Array.from({ length: 25 }, (_, i) => `mentor${String(i + 1).padStart(2, "0")}`),
} as const;
