import { InlineKeyboard } from "grammy";
import { MAX_CRITERIA, MAX_SCORE, MIN_SCORE } from "../../domain/assessment.ts";
import type { Translate } from "../../i18n/i18n.ts";
import { compactId } from "../../shared/compact-id.ts";

/**
 * Callback data of the assessment buttons, `asm:<action>:<enrollment>[:<scores>]`: the
 * enrollment as a 22-character compact id and the scores given so far as one digit per
 * criterion in order, so a rating needs no state on the server until it is saved (and several
 * participants' messages can be rated side by side). At most 6 + 22 + 1 + 12 = 41 bytes.
 * Every handler re-checks on the server that the presser may assess that enrollment.
 */
const id = "([A-Za-z0-9_-]{22})";
/** The next criterion (or the summary) after the scores given so far; none = from the start. */
export const rateCallback = new RegExp(`^asm:r:${id}:([1-5]{0,${MAX_CRITERIA}})$`);
/** Saves a complete rating. */
export const saveCallback = new RegExp(`^asm:s:${id}:([1-5]{1,${MAX_CRITERIA}})$`);
/** Opens the assessment of a participant in a new message (reminder, /penilaian). */
export const openCallback = new RegExp(`^asm:o:${id}$`);
/** "Lewati" at the comment step. */
export const skipCommentCallback = new RegExp(`^asm:k:${id}$`);
/** Anything else starting with `asm:` is forged or from an older version. */
export const anyAssessmentCallback = /^asm:/;

export function rateData(enrollmentId: string, digits: string): string {
  return `asm:r:${compactId(enrollmentId)}:${digits}`;
}

export function saveData(enrollmentId: string, digits: string): string {
  return `asm:s:${compactId(enrollmentId)}:${digits}`;
}

export function openData(enrollmentId: string): string {
  return `asm:o:${compactId(enrollmentId)}`;
}

export function skipCommentData(enrollmentId: string): string {
  return `asm:k:${compactId(enrollmentId)}`;
}

/** 1 … 5 for the next criterion, each carrying the scores so far plus itself. */
export function scoreKeyboard(enrollmentId: string, given: string): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (let score = MIN_SCORE; score <= MAX_SCORE; score++) {
    keyboard.text(String(score), rateData(enrollmentId, `${given}${score}`));
  }
  return keyboard;
}

export function summaryKeyboard(t: Translate, enrollmentId: string, given: string): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("assessment.button_save"), saveData(enrollmentId, given))
    .text(t("assessment.button_change"), rateData(enrollmentId, ""));
}

export function changeKeyboard(t: Translate, enrollmentId: string): InlineKeyboard {
  return new InlineKeyboard().text(t("assessment.button_change"), rateData(enrollmentId, ""));
}

export function skipCommentKeyboard(t: Translate, enrollmentId: string): InlineKeyboard {
  return new InlineKeyboard().text(t("assessment.button_skip"), skipCommentData(enrollmentId));
}

/** One button per participant, two to a row. */
export function participantsKeyboard(
  participants: readonly { enrollmentId: string; fullName: string }[],
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  participants.forEach((participant, index) => {
    keyboard.text(truncate(participant.fullName, 30), openData(participant.enrollmentId));
    if (index % 2 === 1) keyboard.row();
  });
  return keyboard;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
