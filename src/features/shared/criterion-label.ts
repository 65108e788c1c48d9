import { isKnownCriterion } from "../../domain/assessment.ts";
import type { Translate } from "../../i18n/i18n.ts";

/** An assessment criterion in the reader's language; any other key as the program wrote it. */
export function criterionLabel(t: Translate, key: string): string {
  return isKnownCriterion(key) ? t(`assessment.criterion.${key}`) : key;
}
