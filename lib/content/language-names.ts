// A language's name for people, never its code ("zu" -> "isiZulu"): the programme's own name for
// it when its settings have one (the names the programme agreed with its staff), else the name in
// the reader's own language from the runtime's locale data ("zu" -> "Zulu", "zoulou"), else the
// code. Pure.

export type ProgrammeLanguage = { code: string; name: string };

export function languageName(code: string, uiLocale: string, programme: readonly ProgrammeLanguage[] = []): string {
  const lower = code.trim().toLowerCase();
  const named = programme.find((l) => l.code.toLowerCase() === lower)?.name;
  if (named) return named;
  try {
    const name = new Intl.DisplayNames([uiLocale], { type: "language", fallback: "none" }).of(lower);
    return name ?? code;
  } catch {
    return code;
  }
}

/** languageName bound to one reader and programme, for lists. */
export function languageNamer(programme: readonly ProgrammeLanguage[], uiLocale: string): (code: string) => string {
  const cache = new Map<string, string>();
  return (code) => {
    let name = cache.get(code);
    if (name === undefined) cache.set(code, (name = languageName(code, uiLocale, programme)));
    return name;
  };
}
