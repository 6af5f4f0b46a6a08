// Approved reminder message templates for the demo (content kind "message", lib/messages/templates.ts)
// in English, Portuguese and French: neutral wording (no health word in any language, never her
// name; only {date} filled in), so that a demo with a messaging route (docs/reminders.md) sends
// reminders out of the box. A programme reviews and replaces them at /admin/message-templates.
import type { TemplateKey } from "@/lib/messages/templates";

export const DEMO_TEMPLATES: Readonly<Record<"en" | "pt" | "fr", Record<TemplateKey, string>>> = {
  en: {
    appointment: "A reminder of your visit on {date}. Reply if you would like us to call you.",
    appointment_day: "A reminder of your visit today. Reply if you would like us to call you.",
    missed: "We missed you on {date}. Please contact us when you can.",
    vl_due: "It is time for your next visit around {date}. Please contact us to plan it.",
    stop_confirm: "You will get no more messages from us. Thank you.",
  },
  pt: {
    appointment: "Lembrete da sua visita no dia {date}. Responda se quiser que lhe liguemos.",
    appointment_day: "Lembrete da sua visita de hoje. Responda se quiser que lhe liguemos.",
    missed: "Sentimos a sua falta no dia {date}. Por favor contacte-nos quando puder.",
    vl_due: "Está na altura da sua próxima visita, por volta de {date}. Contacte-nos para a marcar.",
    stop_confirm: "Não vai receber mais mensagens nossas. Obrigado.",
  },
  fr: {
    appointment: "Rappel de votre visite du {date}. Répondez si vous souhaitez que nous vous appelions.",
    appointment_day: "Rappel de votre visite aujourd’hui. Répondez si vous souhaitez que nous vous appelions.",
    missed: "Vous nous avez manqué le {date}. Merci de nous contacter quand vous pourrez.",
    vl_due: "C’est le moment de votre prochaine visite, vers le {date}. Contactez-nous pour la prévoir.",
    stop_confirm: "Vous ne recevrez plus de messages de notre part. Merci.",
  },
};
