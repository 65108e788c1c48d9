/**
 * Phone numbers as people and spreadsheets write them, in one comparable form.
 *
 * Indonesian numbers appear as 0812…, 62812…, +62 812-…, 0062 812…, or with the leading zero
 * lost by a spreadsheet (812…); all become "+62812…". Other international numbers written with
 * "+" (or "00") become "+<digits>". Spaces, dashes, dots and parentheses are ignored. Anything
 * else (letters, too short or too long) is not a phone number: null.
 */

/** Subscriber digits after the country code: Indonesian numbers have 7 to 12 of them. */
const INDONESIAN_SUBSCRIBER = /^[1-9]\d{6,11}$/;
/** E.164 allows at most 15 digits; shorter than 8 is no reachable number. */
const INTERNATIONAL = /^[1-9]\d{7,14}$/;

export function normalisePhoneNumber(raw: string): string | null {
  const cleaned = raw.trim().replace(/[\s\-.()/]/g, "");
  if (!/^\+?\d+$/.test(cleaned)) return null;
  if (cleaned.startsWith("+")) return international(cleaned.slice(1));
  if (cleaned.startsWith("00")) return international(cleaned.slice(2));
  if (cleaned.startsWith("62")) return indonesian(cleaned.slice(2));
  if (cleaned.startsWith("0")) return indonesian(cleaned.slice(1));
  return indonesian(cleaned);
}

/** True when both are phone numbers and the same one, however each was written. */
export function samePhoneNumber(a: string | null | undefined, b: string | null | undefined) {
  if (!a || !b) return false;
  const left = normalisePhoneNumber(a);
  return left !== null && left === normalisePhoneNumber(b);
}

function international(digits: string): string | null {
  if (digits.startsWith("62")) return indonesian(digits.slice(2));
  return INTERNATIONAL.test(digits) ? `+${digits}` : null;
}

function indonesian(subscriber: string): string | null {
  // "+62 0812…" is a common mix of both ways of writing; the zero is the trunk prefix.
  const digits = subscriber.startsWith("0") ? subscriber.slice(1) : subscriber;
  return INDONESIAN_SUBSCRIBER.test(digits) ? `+62${digits}` : null;
}
