import "server-only";
describe("throwaway", () => {
  it("runs TS with the @ alias", async () => {
    const mod = await import("@/lib/prisma-client");
    expect(typeof mod.createPrisma).toBe("function");
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(process.env.TZ ?? "UTC");
  });
});
