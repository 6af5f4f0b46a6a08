// Does this environment look like a production install? The demo seed (public password, made-up
// clients) refuses to run there unless told explicitly (--allow-production). Pure.

const LOCAL_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|::1)$/i;

/** The reasons this configuration looks like production; empty when it does not. */
export function productionSigns(env: Record<string, string | undefined>): string[] {
  const signs: string[] = [];
  if (env.NODE_ENV === "production") signs.push("NODE_ENV is production");
  const url = env.NEXTAUTH_URL?.trim();
  if (url) {
    try {
      const u = new URL(url);
      if (u.protocol === "https:" && !LOCAL_HOSTS.test(u.hostname)) signs.push(`NEXTAUTH_URL is ${u.protocol}//${u.host}`);
    } catch {
      // not a URL: the app's own env check reports it
    }
  }
  return signs;
}
