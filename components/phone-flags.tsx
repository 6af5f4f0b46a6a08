import { hhmmOf } from "@/lib/minutes";

type FlagKey = "safeHours" | "anyTime" | "sharedPhone" | "mayIdentify" | "mayNotIdentify";

/** A number's confidentiality flags under it (the call screen, the back-check call): its safe hours,
 * shared phone, whether the caller may say who she is. `t` is the callscreen catalogue. */
export function PhoneFlags({
  phone,
  t,
}: {
  phone: { safeFromMinute: number | null; safeToMinute: number | null; sharedPhone: boolean; mayIdentifyCaller: boolean };
  t: (key: FlagKey, values?: { from: string; to: string }) => string;
}) {
  const p = phone;
  return (
    <ul className="mt-1 space-y-0.5 text-slate-700">
      <li>{p.safeFromMinute != null && p.safeToMinute != null ? t("safeHours", { from: hhmmOf(p.safeFromMinute), to: hhmmOf(p.safeToMinute) }) : t("anyTime")}</li>
      {p.sharedPhone && <li className="font-medium text-amber-800">{t("sharedPhone")}</li>}
      <li className={p.mayIdentifyCaller ? "" : "font-medium text-red-800"}>{p.mayIdentifyCaller ? t("mayIdentify") : t("mayNotIdentify")}</li>
    </ul>
  );
}
