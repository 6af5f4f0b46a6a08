import { chooseScript, fillScript, healthWordsIn, placeholdersIn, scriptBodySchema, scriptIssues, type ScriptBody } from "@/lib/content/rules";
import { parseWithKeys } from "@/lib/validation";

const ok: ScriptBody = {
  steps: [
    { type: "identity", text: "Hello, may I speak to {firstName}? Is this a good time to talk privately?" },
    { type: "say", text: "How are your pills going? Did you miss any this week?" },
  ],
};
const keys = (b: ScriptBody) => scriptIssues(b).map((i) => i.key);

describe("script validation: the identity check first, no health word before it is done", () => {
  it("accepts a script that starts with the identity check", () => {
    expect(scriptIssues(ok)).toEqual([]);
    expect(parseWithKeys(scriptBodySchema, ok).success).toBe(true);
  });

  it("refuses a script whose first step is not the identity check", () => {
    expect(keys({ steps: [ok.steps[1]!, ok.steps[0]!] })).toContain("identityFirst");
    expect(keys({ steps: [] })).toEqual(expect.arrayContaining(["identityFirst", "nothingToSay"]));
    expect(keys({ steps: [ok.steps[0]!, ok.steps[0]!, ok.steps[1]!] })).toContain("oneIdentity");
  });

  it("refuses a health word in the identity check, in any of the programme's languages", () => {
    for (const text of [
      "Hello {firstName}, I am calling from the clinic.",
      "Sawubona {firstName}, ngishayela ngomuthi wakho wegciwane.",
      "Dumela {firstName}, ke letsa ho tswa tleliniking.",
      "Moni {firstName}, ndikuyimbirani kuchokera ku chipatala.",
      "Olá {firstName}, ligo da clínica.",
      "Bonjour {firstName}, au sujet de votre traitement.",
      "Hi {firstName}, about your HIV test.",
    ]) {
      const issues = scriptIssues({ steps: [{ type: "identity", text }, ok.steps[1]!] });
      expect([text, issues.map((i) => i.key)]).toEqual([text, ["healthWordBeforeIdentity"]]);
      expect(issues[0]!.path).toBe("steps.0");
    }
    // After the identity check, health words are what the call is for.
    expect(healthWordsIn(ok.steps[1]!.text)).toEqual(["pills"]);
    expect(scriptIssues(ok)).toEqual([]);
    // Whole words only in English: "start", "party", "heart" are not "art".
    expect(healthWordsIn("Let us start the party, dear heart")).toEqual([]);
  });

  it("names the words it found, and the message carries them (key|words)", () => {
    const parsed = parseWithKeys(scriptBodySchema, { steps: [{ type: "identity", text: "Your HIV clinic calling" }, ok.steps[1]!] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["steps.0", "healthWordBeforeIdentity|hiv, clinic"]]);
  });

  it("checks placeholders: known names, balanced braces", () => {
    expect(placeholdersIn("Hi {firstName}, I am {mentorName}")).toEqual({ names: ["firstName", "mentorName"], balanced: true });
    expect(keys({ steps: [ok.steps[0]!, { type: "say", text: "Dear {fristName}" }] })).toEqual(["unknownPlaceholder"]);
    expect(keys({ steps: [ok.steps[0]!, { type: "say", text: "Dear {firstName" }] })).toEqual(["unbalancedBraces"]);
    expect(keys({ steps: [ok.steps[0]!, { type: "say", text: "   " }] })).toEqual(["emptyStep"]);
    expect(fillScript("Hi {firstName}, I am { mentorName }.", { firstName: "Amahle", mentorName: "Thandi" })).toBe("Hi Amahle, I am Thandi.");
    expect(fillScript("Hi {firstName}", {})).toBe("Hi {firstName}");
  });
});

describe("chooseScript: approved in her language and variant, else a draft, else none", () => {
  const body = (say: string): ScriptBody => ({ steps: [ok.steps[0]!, { type: "say", text: say }] });
  const rows = [
    { key: "adherence", language: "zu", variant: "FEMALE", draft: body("zu draft her"), approved: body("zu approved her") },
    { key: "adherence", language: "zu", variant: "MALE", draft: body("zu draft him"), approved: null },
    { key: "adherence", language: "st", variant: "FEMALE", draft: body("st draft"), approved: null },
    { key: "missed", language: "zu", variant: "MALE", draft: null, approved: body("zu approved him") },
    { key: "welcome", language: "ny", variant: "FEMALE", draft: null, approved: { steps: [{ type: "say", text: "broken" }] } },
  ];
  const said = (c: ReturnType<typeof chooseScript>) => c && [c.state, c.variant, c.body.steps[1]!.text];

  it("prefers an approved text, of her own variant, then of the default one", () => {
    expect(said(chooseScript(rows, "adherence", "zu", "FEMALE"))).toEqual(["approved", "FEMALE", "zu approved her"]);
    expect(said(chooseScript(rows, "adherence", "ZU-za", "UNKNOWN"))).toEqual(["approved", "FEMALE", "zu approved her"]);
    expect(said(chooseScript(rows, "missed", "zu", "MALE"))).toEqual(["approved", "MALE", "zu approved him"]);
    // An approved text (even the women's wording) wins over a draft of his variant.
    expect(said(chooseScript(rows, "adherence", "zu", "MALE"))).toEqual(["approved", "FEMALE", "zu approved her"]);
  });

  it("falls back to a draft, then to nothing; never shows a body that no longer validates", () => {
    expect(said(chooseScript(rows, "adherence", "st", "MALE"))).toEqual(["draft", "FEMALE", "st draft"]);
    expect(chooseScript(rows, "missed", "zu", "FEMALE")).toBeNull();
    expect(chooseScript(rows, "adherence", "ny", "FEMALE")).toBeNull();
    expect(chooseScript(rows, "welcome", "ny", "FEMALE")).toBeNull();
  });
});
