// Approved English reminder templates for tests (content kind "message"), created once: content
// texts are shared by the whole test database.
import { testDb } from "../factories";
import { TEMPLATE_KIND, TEMPLATE_VARIANT, type TemplateKey } from "@/lib/messages/templates";

export const TEST_TEMPLATES: Record<TemplateKey, string> = {
  appointment: "A reminder of your visit on {date}. Reply if you need us to call you.",
  appointment_day: "A reminder of your visit today. Reply if you need us to call you.",
  missed: "We missed you on {date}. Please contact us when you can.",
  vl_due: "It is time for your next visit around {date}. Please contact us to plan it.",
  stop_confirm: "You will get no more messages from us. Thank you.",
};

export async function approveTemplates(language = "en"): Promise<void> {
  for (const [key, text] of Object.entries(TEST_TEMPLATES)) {
    const body = { text, whatsappTemplate: `reminder_${key}` };
    await testDb().contentText.upsert({
      where: { kind_key_language_variant: { kind: TEMPLATE_KIND, key, language, variant: TEMPLATE_VARIANT } },
      create: { kind: TEMPLATE_KIND, key, language, variant: TEMPLATE_VARIANT, approved: body, approvedAt: new Date() },
      update: { approved: body },
    });
  }
}
