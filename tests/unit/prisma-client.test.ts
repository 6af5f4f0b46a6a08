// The pg pool behind a Prisma client must be found from any copy of lib/prisma-client.ts: inside
// Next.js each server bundle has its own copy of the module, and a lookup in a module-scoped map
// made preparedQuery fall back to Prisma and the raw transaction path refuse the app's client.
describe("poolOf", () => {
  it("finds the pool of a client made by another copy of the module", async () => {
    let made: typeof import("@/lib/prisma-client") | undefined;
    let other: typeof import("@/lib/prisma-client") | undefined;
    jest.isolateModules(() => {
      made = jest.requireActual<typeof import("@/lib/prisma-client")>("@/lib/prisma-client");
    });
    jest.isolateModules(() => {
      other = jest.requireActual<typeof import("@/lib/prisma-client")>("@/lib/prisma-client");
    });
    expect(made).not.toBe(other);
    const client = made!.createPrisma("postgresql://postgres@127.0.0.1:1/unused", 1);
    try {
      expect(other!.poolOf(client)).toBeDefined();
      expect(other!.poolOf(client)).toBe(made!.poolOf(client));
      expect(other!.poolOf({})).toBeUndefined();
    } finally {
      await client.$disconnect();
    }
  });
});
