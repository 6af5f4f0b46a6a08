"use client";
// Starting the call: tapping one of the client's numbers opens the phone's dialler (a plain tel:
// link, so it works before any JavaScript has loaded) and, at the same time, claims the task on
// the server with that number (a POST: opening the call screen changes nothing). The outcome form
// then records the call against the number she tapped.
import { createContext, useContext, useState } from "react";
import { useTranslations } from "next-intl";
import { claimTaskAction } from "@/lib/calls/record-actions";

type Dial = {
  /** The number she tapped last (or that her live claim holds), null before any tap. */
  phoneId: string | null;
  dial: (phoneId: string) => void;
  /** A colleague holds a live claim on this task. */
  conflict: boolean;
};

const DialContext = createContext<Dial>({ phoneId: null, dial: () => {}, conflict: false });

export function useDialled(): Dial {
  return useContext(DialContext);
}

export function DialProvider({ taskId, initialPhoneId, children }: { taskId: string; initialPhoneId: string | null; children: React.ReactNode }) {
  const [phoneId, setPhoneId] = useState<string | null>(initialPhoneId);
  const [conflict, setConflict] = useState(false);
  const dial = (id: string) => {
    setPhoneId(id);
    // Not awaited before the dialler opens: a slow network must never delay the call itself.
    claimTaskAction({ taskId, phoneId: id }).then(
      (res) => setConflict(!res.ok && res.error.code === "CONFLICT"),
      () => {},
    );
  };
  return <DialContext.Provider value={{ phoneId, dial, conflict }}>{children}</DialContext.Provider>;
}

export function DialLink({ phoneId, number }: { phoneId: string; number: string }) {
  const t = useTranslations("callscreen");
  const { dial, phoneId: dialled } = useDialled();
  return (
    <a
      href={`tel:${number}`}
      onClick={() => dial(phoneId)}
      aria-current={dialled === phoneId ? "true" : undefined}
      className="inline-flex min-h-11 items-center rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 aria-[current=true]:ring-2 aria-[current=true]:ring-brand-900 aria-[current=true]:ring-offset-2"
      data-testid="tel-link"
      data-phone-id={phoneId}
    >
      {t("call", { number })}
    </a>
  );
}

/** Shown once a tap found a colleague already calling her. */
export function DialConflict() {
  const t = useTranslations("callscreen");
  const { conflict } = useDialled();
  if (!conflict) return null;
  return (
    <p role="alert" className="mt-2 rounded-md bg-red-50 px-2 py-1 text-sm text-red-900" data-testid="dial-conflict">
      {t("claimedByOther")}
    </p>
  );
}
