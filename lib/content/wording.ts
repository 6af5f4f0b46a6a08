// Wording by the client's recorded sex (issue 16). Messages and scripts carry an ICU
// `{sex, select, MALE {...} OTHER {...} other {...}}`; a script in the content module carries one
// text per variant. The programme's clients are mostly women, so a client whose sex is not recorded
// is spoken of as a woman, as before. Pure: no database, no React.

/** The variants a text may have: the woman's wording is the default one. */
export const SEX_VARIANTS = ["FEMALE", "MALE", "OTHER"] as const;
export type SexVariant = (typeof SEX_VARIANTS)[number];

/** The variant for a client's recorded sex (FEMALE, MALE, OTHER, UNKNOWN or missing). */
export function sexVariant(sex: string | null | undefined): SexVariant {
  return sex === "MALE" ? "MALE" : sex === "OTHER" ? "OTHER" : "FEMALE";
}

/** The variants to try for a client, best first: her own, then the default (woman's) text. */
export function variantPreference(sex: string | null | undefined): SexVariant[] {
  const own = sexVariant(sex);
  return own === "FEMALE" ? ["FEMALE"] : [own, "FEMALE"];
}
