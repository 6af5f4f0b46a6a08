"use client";
import { useTranslations } from "next-intl";

/** Turns a validation key ("tooShort|10") or an error code into a sentence in the user's language.
 * Takes whatever react-hook-form holds as a field's message (only a string is one). */
export function useErrorText() {
  const t = useTranslations("errors");
  return (message: unknown): string | undefined => {
    if (typeof message !== "string" || !message) return undefined;
    const [key, arg] = message.split("|");
    if (key && t.has(`field.${key}`)) return t(`field.${key}`, { n: arg ?? "" });
    if (key && t.has(`codes.${key}`)) return t(`codes.${key}`);
    if (key && t.has(`messages.${key}`)) return t(`messages.${key}`, { n: arg ?? "" });
    return message;
  };
}
