// Name search over the trigram index (lib/clients/search.ts): accents, case, punctuation and word
// order ignored as the duplicate check ignores them; every word must match; scope and paging kept.
import { listClients } from "@/lib/clients/queries";
import { actorFor, closeDb, createClient, createSite, createUser, testDb, uid } from "../factories";

const db = testDb();
afterAll(closeDb);

// Letters only (a digit would make the query a ref or phone search).
const tag = () => uid().replace(/\d/g, (d) => "abcdefghij"[Number(d)]!);

async function named(siteId: string, firstName: string, lastName: string) {
  const c = await createClient(siteId);
  return db.client.update({ where: { id: c.id }, data: { firstName, lastName } });
}

describe("client name search", () => {
  it("ignores accents, case, apostrophes and word order; every word must match; scope holds", async () => {
    const site = await createSite();
    const other = await createSite();
    const t = tag();
    const zoe = await named(site.id, "Zoë", `O'Brien-Ñandú${t}`);
    const plain = await named(site.id, "Zoe", `Mthembu${t}`);
    await named(other.id, "Zoë", `O'Brien-Ñandú${t}`);
    const sup = await actorFor(await createUser("SUPERVISOR", { siteIds: [site.id] }));
    const ids = async (q: string) => (await listClients(db, sup, { q })).items.map((c) => c.id).sort();

    expect(await ids(`zoe obrien nandu${t}`)).toEqual([zoe.id]);
    expect(await ids(`NANDU${t} Zoé`)).toEqual([zoe.id]);
    expect(await ids(`o'brien-ñandú${t}`)).toEqual([zoe.id]);
    expect(await ids(`zoë ${t}`)).toEqual([zoe.id, plain.id].sort());
    expect(await ids(`zoe mthembu${t} obrien`)).toEqual([]);
    // Short words (no trigram to look up) still match.
    expect(await ids(`zo ${t}`)).toEqual([zoe.id, plain.id].sort());
    // Punctuation only: nothing, not everything.
    expect(await ids("'-'")).toEqual([]);
  });

  it("pages a name search with the keyset, in name order", async () => {
    const site = await createSite();
    const t = tag();
    const made = [];
    for (const first of ["Cara", "Ama", "Bea", "Ama"]) made.push(await named(site.id, first, `Dlamini${t}`));
    const sup = await actorFor(await createUser("SUPERVISOR", { siteIds: [site.id] }));
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await listClients(db, sup, { q: `dlamini${t}`, after, take: 3 });
      seen.push(...page.items.map((c) => c.firstName));
      after = page.nextCursor ?? undefined;
    } while (after);
    expect(seen).toEqual(["Ama", "Ama", "Bea", "Cara"]);
  });
});
