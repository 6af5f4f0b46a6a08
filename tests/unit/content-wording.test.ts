import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { LOCALES } from "@/i18n/config";
import { sexVariant, variantPreference } from "@/lib/content/wording";

type Tree = { [k: string]: string | Tree };
function strings(tree: Tree, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [[`${prefix}${k}`, v] as [string, string]] : strings(v, `${prefix}${k}.`)));
}

/** Every catalogue string that varies by the client's sex. */
function sexMessages(locale: string): [string, string][] {
  const dir = path.join(__dirname, "../../messages", locale);
  return readdirSync(dir).flatMap((f) => strings(JSON.parse(readFileSync(path.join(dir, f), "utf8")) as Tree, `${f}:`)).filter(([, v]) => v.includes("{sex, select,"));
}

const DAY = Date.UTC(2026, 11, 6);
const values = {
  firstName: "Sipho", language: "isiZulu", age: 30, infant: "", hasInfant: "no",
  // The "why is this client on my list" sentences (calls.json explain.*).
  days: 3, date: DAY, deadline: DAY, appointmentKind: "ART_REFILL", ltfu: "false", copies: 1500, limit: 1000, low: 50,
  interval: 14, newOnArt: "true", reached: "false", afterBreastfeeding: "false", weeks: 6, late: "true", kind: "welcome",
};
// Words that may only appear in the variant they belong to.
const WOMAN: Record<string, RegExp> = { en: /\b(she|her|hers|herself)\b/i, pt: /\b(ela|dela|própria)\b/i, fr: /\b(elle|elle-même)\b/i };
const MAN: Record<string, RegExp> = { en: /\b(he|him|his|himself)\b/i, pt: /\b(ele|dele|próprio)\b/i, fr: /(?<![’'])\b(il|lui-même)\b(?! y a\b)/i }; // "il y a" (ago) is not a pronoun

describe("wording by the client's recorded sex", () => {
  it("maps the recorded sex to a variant, the woman's wording by default", () => {
    expect(sexVariant("MALE")).toBe("MALE");
    expect(sexVariant("OTHER")).toBe("OTHER");
    expect(sexVariant("FEMALE")).toBe("FEMALE");
    expect(sexVariant("UNKNOWN")).toBe("FEMALE");
    expect(sexVariant(null)).toBe("FEMALE");
    expect(variantPreference("MALE")).toEqual(["MALE", "FEMALE"]);
    expect(variantPreference("UNKNOWN")).toEqual(["FEMALE"]);
  });

  it("the call screen's script, labels and reasons for the call have a variant for men in every language", () => {
    for (const locale of LOCALES) {
      const keys = sexMessages(locale).map(([k]) => k);
      for (const k of ["scripts.json:confirm", "callscreen.json:summary", "callscreen.json:otherScript", "queue.json:why", "calls.json:explain.missed", "calls.json:explain.welcome"]) expect(keys).toContain(k);
    }
  });

  it.each(LOCALES)("%s: a man's variant never says she/her, a woman's never he/him", (locale) => {
    const messages = sexMessages(locale);
    expect(messages.length).toBeGreaterThan(5);
    const rendered = renderInChild(locale, messages.map(([, text]) => text));
    for (const [i, [key]] of messages.entries()) {
      const { male, female } = rendered[i]!;
      expect([key, WOMAN[locale]!.test(male)]).toEqual([key, false]);
      expect([key, MAN[locale]!.test(female)]).toEqual([key, false]);
      expect(male).not.toEqual(female);
    }
  });
});

/** intl-messageformat is ESM only, which this jest setup does not transform (as in
 * calls-rules.test.ts): format in a child node process. */
function renderInChild(locale: string, texts: string[]): { male: string; female: string }[] {
  const script = `
    import { IntlMessageFormat } from "intl-messageformat";
    const { locale, texts, values } = JSON.parse(process.env.WORDING);
    const out = texts.map((t) => ({
      male: String(new IntlMessageFormat(t, locale).format({ ...values, sex: "MALE" })),
      female: String(new IntlMessageFormat(t, locale).format({ ...values, sex: "FEMALE" })),
    }));
    process.stdout.write(JSON.stringify(out));
  `;
  const stdout = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: path.join(__dirname, "../.."),
    env: { ...process.env, WORDING: JSON.stringify({ locale, texts, values }) },
    encoding: "utf8",
  });
  return JSON.parse(stdout);
}
