import { getTranslations } from "next-intl/server";
import { ButtonLink } from "@/components/ui/button";

// Said the same way for an unknown id and for someone else's client: it never confirms that a
// client exists.
export default async function ClientNotFound() {
  const t = await getTranslations("profile");
  return (
    <div className="mx-auto max-w-md py-10 text-center">
      <h1 className="text-xl font-bold">{t("notFound.title")}</h1>
      <p className="mt-2 text-slate-600">{t("notFound.body")}</p>
      <div className="mt-6">
        <ButtonLink href="/clients" variant="primary">
          {t("notFound.back")}
        </ButtonLink>
      </div>
    </div>
  );
}
