import { DEMO_SCRIPT_DRAFTS } from "../../prisma/demo-scripts";
import { REASON_KINDS } from "@/lib/calls/rules";
import { scriptIssues } from "@/lib/content/rules";

describe("the demo's draft scripts in isiZulu, Sesotho and Chichewa", () => {
  it("cover every reason in each language and pass the script rules", () => {
    for (const language of ["zu", "st", "ny"]) {
      expect(DEMO_SCRIPT_DRAFTS.filter((s) => s.language === language).map((s) => s.key).sort()).toEqual([...REASON_KINDS].sort());
    }
    for (const s of DEMO_SCRIPT_DRAFTS) expect([s.language, s.key, scriptIssues(s.body)]).toEqual([s.language, s.key, []]);
  });
});
