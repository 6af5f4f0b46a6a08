import { NAME_SIMILARITY_THRESHOLD, isSimilarName, nameSimilarity, normaliseName } from "@/lib/clients/duplicates";

const n = (firstName: string, lastName: string) => ({ firstName, lastName });

describe("normaliseName", () => {
  it("drops case, accents and apostrophes and keeps one space between words", () => {
    expect(normaliseName("  ZOË  N’dlovu-Mbeki ")).toBe("zoe ndlovu mbeki");
    expect(normaliseName("Thandíwe")).toBe("thandiwe");
    expect(normaliseName("O'Neil")).toBe("oneil");
    expect(normaliseName("--")).toBe("");
  });
});

describe("nameSimilarity", () => {
  it("is 1 for the same name however it is written or ordered", () => {
    expect(nameSimilarity(n("Nomvula", "Dlamini"), n("Nomvula", "Dlamini"))).toBe(1);
    expect(nameSimilarity(n("Nomvula", "Dlamini"), n("Dlamini", "Nomvula"))).toBe(1);
    expect(nameSimilarity(n("Zoë", "Ndlovu"), n("ZOE", "ndlovu"))).toBe(1);
    // Everything typed into one field
    expect(nameSimilarity(n("Nomvula Dlamini", ""), n("Nomvula", "Dlamini"))).toBe(1);
  });

  it("is symmetric and stays within 0..1", () => {
    const pairs = [[n("Thandiwe", "Dlamini"), n("Thandeka", "Dlamini")], [n("Sipho", "Nkosi"), n("Lerato", "Mofokeng")], [n("A", "B"), n("Nomvula", "Grace Dlamini")]] as const;
    for (const [a, b] of pairs) {
      const s = nameSimilarity(a, b);
      expect(s).toBe(nameSimilarity(b, a));
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it("catches spelling variants, typing slips and a missing middle name", () => {
    expect(isSimilarName(n("Nomvula", "Dlamini"), n("Nomvula", "Dhlamini"))).toBe(true);
    expect(isSimilarName(n("Zanele", "Khumalo"), n("Zanele", "Kumalo"))).toBe(true);
    expect(isSimilarName(n("Thandiwe", "Dlamini"), n("Thandwie", "Dlamni"))).toBe(true);
    expect(isSimilarName(n("Nomvula Grace", "Dlamini"), n("Nomvula", "Dlamini"))).toBe(true);
    expect(isSimilarName(n("Lulama", "Nkwinti"), n("Nkwindi", "Lulama"))).toBe(true);
  });

  it("does not match different people who share only a first or a last name", () => {
    expect(isSimilarName(n("Sipho", "Nkosi"), n("Sipho", "Ndlovu"))).toBe(false);
    expect(isSimilarName(n("Nomvula", "Dlamini"), n("Nomvula", "Zulu"))).toBe(false);
    expect(isSimilarName(n("Mpho", "Zulu"), n("Lerato", "Zulu"))).toBe(false);
    expect(isSimilarName(n("Jo", "Ng"), n("Li", "Ng"))).toBe(false);
  });

  it("puts the threshold exactly at the edge: >= matches, below does not", () => {
    // "Thandiwe Dlamini" / "Thandeka Dlamini": 3 edits in 16 letters = 0.8125, just above 0.8.
    const close = nameSimilarity(n("Thandiwe", "Dlamini"), n("Thandeka", "Dlamini"));
    expect(close).toBeCloseTo(1 - 3 / 16, 5);
    expect(close).toBeGreaterThanOrEqual(NAME_SIMILARITY_THRESHOLD);
    expect(isSimilarName(n("Thandiwe", "Dlamini"), n("Thandeka", "Dlamini"))).toBe(true);
    // Four edits in the same length: 0.75, below.
    const far = nameSimilarity(n("Thandiwe", "Dlamini"), n("Thandeko", "Dlamina"));
    expect(far).toBeLessThan(NAME_SIMILARITY_THRESHOLD);
    expect(isSimilarName(n("Thandiwe", "Dlamini"), n("Thandeko", "Dlamina"))).toBe(false);
  });

  it("is 0 when either name is empty", () => {
    expect(nameSimilarity(n("", ""), n("Nomvula", "Dlamini"))).toBe(0);
    expect(nameSimilarity(n("Nomvula", "Dlamini"), n(" ", "'"))).toBe(0);
    expect(isSimilarName(n("", ""), n("", ""))).toBe(false);
  });
});
