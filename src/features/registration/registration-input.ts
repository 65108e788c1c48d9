import { normalisePhoneNumber } from "../../domain/phone.ts";

/** Answers longer than these are refused: no real name, position or agency needs more. */
export const TEXT_LIMITS = { fullName: 100, position: 150, ownAgency: 150 } as const;

export type TextAnswer =
  | { ok: true; value: string }
  | { ok: false; problem: "not_text" | "empty" }
  | { ok: false; problem: "too_long"; max: number; length: number };

/**
 * Reads a free-text answer: text only (a sticker, photo or voice note is not an answer),
 * spaces collapsed, within the limit. HTML is kept as typed: it is escaped when shown.
 */
export function readTextAnswer(message: { text?: string | undefined }, max: number): TextAnswer {
  if (typeof message.text !== "string") return { ok: false, problem: "not_text" };
  const value = message.text.replace(/\s+/g, " ").trim();
  if (value === "") return { ok: false, problem: "empty" };
  const length = [...value].length;
  if (length > max) return { ok: false, problem: "too_long", max, length };
  return { ok: true, value };
}

/**
 * Telegram sends contact numbers with or without "+"; they are stored in the one form the
 * roster is compared in ("+62…"), or as "+<digits>" when not a recognisable number.
 */
export function normalisePhone(phoneNumber: string): string {
  return normalisePhoneNumber(phoneNumber) ?? `+${phoneNumber.replace(/\D/g, "")}`;
}
