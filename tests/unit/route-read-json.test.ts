// readJson (lib/route.ts): a route's JSON body, with a catalogue key for what it refuses.
import { AppError } from "@/lib/errors";
import { readJson } from "@/lib/route";

const post = (body: string, headers: Record<string, string> = {}) =>
  new Request("http://localhost/api/x", { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return `${e.code}:${e.message}`;
    throw e;
  }
  return "accepted";
}

describe("readJson", () => {
  it("reads a JSON body", async () => {
    expect(await readJson(post('{"a":1,"b":["x"]}'))).toEqual({ a: 1, b: ["x"] });
  });

  it("refuses a body that is not JSON", async () => {
    expect(await refusal(readJson(post("disposition=NO_ANSWER")))).toBe("VALIDATION:bodyNotJson");
    expect(await refusal(readJson(post("")))).toBe("VALIDATION:bodyNotJson");
  });

  it("refuses a body over the limit, by its declared length or as read", async () => {
    expect(await refusal(readJson(post(JSON.stringify({ notes: "x".repeat(200) })), 100))).toBe("VALIDATION:bodyTooLarge");
    expect(await refusal(readJson(post("{}", { "content-length": "999999" }), 100))).toBe("VALIDATION:bodyTooLarge");
  });
});
