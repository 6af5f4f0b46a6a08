import { env } from "@/lib/env";

// Sign-in throttling: failed attempts in the last hour, per account and per client address.
export const RATE_WINDOW_MS = 60 * 60 * 1000;

export type Limits = { perAccount: number; perAddress: number };

export function signInAllowed(failures: { account: number; address: number }, limits: Limits): boolean {
  return failures.account < limits.perAccount && failures.address < limits.perAddress;
}

/** The limits the operator configured (AUTH_MAX_FAILURES_PER_ACCOUNT / _PER_ADDRESS). */
export function signInLimits(): Limits {
  const e = env();
  return { perAccount: e.AUTH_MAX_FAILURES_PER_ACCOUNT, perAddress: e.AUTH_MAX_FAILURES_PER_ADDRESS };
}
