import { DEMO_TEMPLATES } from "../../prisma/demo-templates";
import { TEMPLATE_KEYS, approvalIssues, liveTemplates } from "@/lib/messages/templates";

describe("the demo's approved reminder messages in English, Portuguese and French", () => {
  it("cover every template in each language and could be approved (neutral: no health word in any language)", () => {
    for (const [language, texts] of Object.entries(DEMO_TEMPLATES)) {
      expect(Object.keys(texts).sort()).toEqual([...TEMPLATE_KEYS].sort());
      for (const [key, text] of Object.entries(texts)) expect([language, key, approvalIssues({ text }, language)]).toEqual([language, key, []]);
    }
    const rows = Object.entries(DEMO_TEMPLATES).flatMap(([language, texts]) => Object.entries(texts).map(([key, text]) => ({ key, language, approved: { text } })));
    expect(liveTemplates(rows)).toHaveLength(3 * TEMPLATE_KEYS.length);
  });
});
