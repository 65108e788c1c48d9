/**
 * The consent text's version under UU 27/2022. Bump it whenever `registration.consent.text`
 * changes in either language: the stored version is what proves which text was accepted.
 */
export const CONSENT_TEXT_VERSION = "2026-12-v4";

/** Months after the program's end date that personal data is kept (stated in the consent). */
export const RETENTION_MONTHS_AFTER_PROGRAM = 12;
