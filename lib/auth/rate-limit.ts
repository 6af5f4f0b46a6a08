// Sign-in throttling: failed attempts in the last hour, per account and per client address.
export const RATE_WINDOW_MS = 60 * 60 * 1000;

export type Limits = { perAccount: number; perAddress: number };

export function signInAllowed(failures: { account: number; address: number }, limits: Limits): boolean {
  return failures.account < limits.perAccount && failures.address < limits.perAddress;
}
