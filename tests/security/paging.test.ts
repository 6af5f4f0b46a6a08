// Security brief test 2 (issue 13, item 7): lists, search and paging show nothing out of scope - a
// paging cursor naming another site's client does not start the page after her name.
import { listReassignClients } from "@/lib/assignment/queries";
import { listClients } from "@/lib/clients/queries";
import { actorFor, closeDb, createClient, createSite, createUser, testDb } from "@/tests/factories";

const db = testDb();
afterAll(closeDb);

describe("paging cursors stay in scope", () => {
  it("an out-of-scope client id as the cursor is ignored: the first page, not a page after her", async () => {
    const mine = await createSite();
    const theirs = await createSite();
    const supervisor = await actorFor(await createUser("SUPERVISOR", { siteIds: [mine.id] }));
    for (let i = 0; i < 3; i++) await createClient(mine.id);
    const foreign = await createClient(theirs.id);
    const first = await listReassignClients(db, supervisor, mine.id);
    expect(first.items.length).toBe(3);
    const withForeign = await listReassignClients(db, supervisor, mine.id, { after: foreign.id });
    expect(withForeign.items.map((c) => c.id)).toEqual(first.items.map((c) => c.id));
    const clients = await listClients(db, supervisor, { siteId: mine.id });
    expect((await listClients(db, supervisor, { siteId: mine.id, after: foreign.id })).items.map((c) => c.id)).toEqual(clients.items.map((c) => c.id));
  });
});
