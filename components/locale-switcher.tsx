import { getLocale, getTranslations } from "next-intl/server";
import { LOCALES } from "@/i18n/config";
import { setLocaleAction } from "@/lib/account/actions";

/** Works without JavaScript: a plain form posting to a server action. */
export async function LocaleSwitcher() {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("common")]);
  return (
    <form action={setLocaleAction} className="flex items-end gap-2">
      <label className="text-sm">
        <span className="block text-slate-700">{t("language")}</span>
        <select name="locale" defaultValue={locale} className="mt-1 min-h-11 rounded-md border border-slate-300 bg-white px-2">
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {t(`locales.${l}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-3 text-sm">
        {t("save")}
      </button>
    </form>
  );
}
