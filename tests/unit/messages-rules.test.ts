// The pure rules of reminder messages (issue 17): send times inside the safe hours, the number and
// channel chosen, and the neutral-wording checks of templates.
import { messagePhone, sendTime, type MessagePhone } from "@/lib/messages/rules";
import { approvalIssues, fillTemplate, templateIssues } from "@/lib/messages/templates";
import { hasHealthWordList } from "@/lib/content/rules";
import { senderIssue } from "@/lib/messages/config";

describe("sendTime", () => {
  test("the hour when it is safe, else the start of the safe window (that day or the next)", () => {
    expect(sendTime("2026-06-10", 9, null, null)).toEqual({ day: "2026-06-10", minute: 540 });
    expect(sendTime("2026-06-10", 9, 480, 1080)).toEqual({ day: "2026-06-10", minute: 540 });
    expect(sendTime("2026-06-10", 9, 600, 1080)).toEqual({ day: "2026-06-10", minute: 600 });
    expect(sendTime("2026-06-10", 9, 360, 480)).toEqual({ day: "2026-06-11", minute: 360 });
    // 20:00-06:00 wraps midnight: 09:00 is unsafe, 20:00 the same day is the next safe minute.
    expect(sendTime("2026-06-10", 9, 1200, 360)).toEqual({ day: "2026-06-10", minute: 1200 });
    // A window of no length is never safe.
    expect(sendTime("2026-06-10", 9, 600, 600)).toBeNull();
  });
});

describe("messagePhone", () => {
  const p = (over: Partial<MessagePhone>): MessagePhone => ({
    id: "b", isPrimary: false, status: "OK", consentSms: true, consentWhatsapp: false, optedOut: false, safeFromMinute: null, safeToMinute: null, ...over,
  });
  test("primary first; opted out, wrong numbers and numbers without consent never; WhatsApp only where offered", () => {
    expect(messagePhone([p({ id: "a" }), p({ id: "z", isPrimary: true })], false)?.phone.id).toBe("z");
    expect(messagePhone([p({ optedOut: true }), p({ id: "c", status: "WRONG_NUMBER" })], false)).toBeNull();
    expect(messagePhone([p({ consentSms: false, consentWhatsapp: true })], false)).toBeNull();
    expect(messagePhone([p({ consentSms: false, consentWhatsapp: true })], true)?.channel).toBe("whatsapp");
  });
});

describe("templates", () => {
  test("no health word, medicine name or unknown placeholder may be saved", () => {
    expect(templateIssues({ text: "A reminder of your visit on {date}." })).toEqual([]);
    expect(templateIssues({ text: "Your ART refill at the clinic" }).map((i) => i.key)).toEqual(["healthWordInMessage"]);
    expect(templateIssues({ text: "Take your dolutegravir" }).map((i) => i.arg)).toEqual(["dolutegravir"]);
    expect(templateIssues({ text: "Hello {firstName}" }).map((i) => i.key)).toEqual(["unknownPlaceholder"]);
    expect(templateIssues({ text: "Sawubona, uye emtholampilo" }).map((i) => i.key)).toEqual(["healthWordInMessage"]);
  });
  test("a language without a forbidden-word list cannot go live", () => {
    expect(hasHealthWordList("zu-ZA")).toBe(true);
    expect(hasHealthWordList("xh")).toBe(false);
    expect(approvalIssues({ text: "Molo" }, "xh").map((i) => i.key)).toEqual(["noWordList"]);
    expect(approvalIssues({ text: "Hello" }, "en")).toEqual([]);
  });
  test("{date} is filled in as DD/MM/YYYY", () => {
    expect(fillTemplate("On {date}.", "2026-06-12")).toBe("On 12/06/2026.");
  });
  test("a sender id never names health care", () => {
    expect(senderIssue("REMIND")).toBeNull();
    expect(senderIssue("HIVCare")).not.toBeNull();
    expect(senderIssue("ClinicKE")).not.toBeNull();
  });
});
