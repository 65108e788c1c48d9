import type { InlineKeyboard } from "grammy";
import { averageScore } from "../../domain/assessment.ts";
import { formatDateId } from "../../domain/time.ts";
import type { Locale, Translate } from "../../i18n/i18n.ts";
import { escapeHtml } from "../../shared/html.ts";
import { criterionLabel } from "../shared/criterion-label.ts";
import {
  changeKeyboard,
  participantsKeyboard,
  scoreKeyboard,
  summaryKeyboard,
} from "./assessment.keyboards.ts";

/** 4.25 → "4,25" (id) or "4.25" (en). */
export function formatAverage(average: number | undefined, locale: Locale): string {
  if (average === undefined) return "–";
  const text = average.toFixed(2);
  return locale === "id" ? text.replace(".", ",") : text;
}

export interface RatingSubject {
  enrollmentId: string;
  fullName: string;
  ownAgency: string | null;
  unitName: string;
  criteria: readonly string[];
  closesOn: string;
}

export interface RenderedMessage {
  text: string;
  reply_markup: InlineKeyboard;
}

function header(t: Translate, locale: Locale, subject: RatingSubject): string[] {
  return [
    t("assessment.title"),
    t("assessment.participant_line", {
      name: escapeHtml(subject.fullName),
      agency: subject.ownAgency
        ? t("assessment.agency_suffix", { agency: escapeHtml(subject.ownAgency) })
        : "",
    }),
    t("assessment.unit_line", { unit: escapeHtml(subject.unitName) }),
    t("assessment.closes_line", { closes: formatDateId(subject.closesOn, locale) }),
  ];
}

function givenLines(t: Translate, criteria: readonly string[], given: readonly number[]): string[] {
  return given.map((score, index) =>
    t("assessment.given_line", {
      label: escapeHtml(criterionLabel(t, criteria[index] ?? "")),
      score,
    }),
  );
}

/**
 * One participant's rating message: the scores given so far, then the next criterion with
 * 1–5, or (all given) the summary with Simpan and Ubah. `intro` opens the scheduled request.
 */
export function renderRatingStep(
  t: Translate,
  locale: Locale,
  subject: RatingSubject,
  given: readonly number[],
  intro?: string,
): RenderedMessage {
  const digits = given.join("");
  const lines = [...(intro ? [intro, ""] : []), ...header(t, locale, subject), ""];
  lines.push(...givenLines(t, subject.criteria, given));
  if (given.length < subject.criteria.length) {
    const key = subject.criteria[given.length] ?? "";
    if (given.length === 0) lines.push(t("assessment.scale"));
    lines.push(
      t("assessment.criterion_prompt", {
        index: given.length + 1,
        total: subject.criteria.length,
        label: escapeHtml(criterionLabel(t, key)),
      }),
    );
    return { text: lines.join("\n"), reply_markup: scoreKeyboard(subject.enrollmentId, digits) };
  }
  const average = averageScore(Object.fromEntries(given.map((score, i) => [String(i), score])));
  lines.push("", t("assessment.summary", { average: formatAverage(average, locale) }));
  return {
    text: lines.join("\n"),
    reply_markup: summaryKeyboard(t, subject.enrollmentId, digits),
  };
}

/** The rating message once saved: the scores, the average and Ubah until the closing date. */
export function renderSaved(
  t: Translate,
  locale: Locale,
  subject: RatingSubject,
  scores: Record<string, number>,
  comment: string | null,
): RenderedMessage {
  const given = subject.criteria.map((key) => scores[key] ?? 0);
  const lines = [...header(t, locale, subject), "", ...givenLines(t, subject.criteria, given)];
  if (comment) lines.push(t("assessment.comment_line", { comment: escapeHtml(comment) }));
  lines.push(
    "",
    t("assessment.saved", {
      average: formatAverage(averageScore(scores), locale),
      closes: formatDateId(subject.closesOn, locale),
    }),
  );
  return { text: lines.join("\n"), reply_markup: changeKeyboard(t, subject.enrollmentId) };
}

/** How many names a reminder lists (and buttons it carries); the rest are counted. */
export const REMINDER_LIST_LIMIT = 30;

/** One reminder to an assessor: who is still missing, a button per participant. */
export function renderReminder(
  t: Translate,
  locale: Locale,
  missing: readonly ListedParticipant[],
  closesOn: string,
): RenderedMessage {
  return renderParticipantList(t, locale, "assessment.reminder", {}, missing, closesOn);
}

/**
 * The last day's request to an assessor with more participants than REQUEST_MESSAGES_LIMIT
 * (typically a host coordinator for a whole program without mentors): one list with a button
 * per participant instead of a message each.
 */
export function renderRequestList(
  t: Translate,
  locale: Locale,
  programName: string,
  participants: readonly ListedParticipant[],
  closesOn: string,
): RenderedMessage {
  return renderParticipantList(
    t,
    locale,
    "assessment.request_list",
    { program: escapeHtml(programName) },
    participants,
    closesOn,
  );
}

/** Up to this many participants, the last day's request is one message per participant. */
export const REQUEST_MESSAGES_LIMIT = 10;

export interface ListedParticipant {
  enrollmentId: string;
  fullName: string;
  unitName: string;
}

function renderParticipantList(
  t: Translate,
  locale: Locale,
  key: string,
  vars: Record<string, unknown>,
  participants: readonly ListedParticipant[],
  closesOn: string,
): RenderedMessage {
  const shown = participants.slice(0, REMINDER_LIST_LIMIT);
  const lines = shown.map((participant) =>
    t("assessment.reminder_item", {
      name: escapeHtml(participant.fullName),
      unit: escapeHtml(participant.unitName),
    }),
  );
  if (participants.length > shown.length) {
    lines.push(t("assessment.reminder_more", { count: participants.length - shown.length }));
  }
  return {
    text: t(key, {
      ...vars,
      count: participants.length,
      list: lines.join("\n"),
      closes: formatDateId(closesOn, locale),
    }),
    reply_markup: participantsKeyboard(shown),
  };
}

const MESSAGE_LIMIT = 3800;

export interface OverviewInput {
  programName: string;
  window: { opensOn: string; closesOn: string; kind: "not_yet" | "open" | "closed" };
  assessed: number;
  total: number;
  units: {
    unitName: string;
    assessedBy: "mentor" | "coordinator" | "none";
    participants: {
      enrollmentId: string;
      fullName: string;
      submitted: boolean;
      average: number | undefined;
      mine: boolean;
    }[];
  }[];
}

/**
 * /penilaian: assessed and missing per host unit, split into messages under Telegram's limit;
 * the last one carries a button per participant the viewer may assess or change, missing
 * ones first (while the window is open).
 */
export function renderOverview(
  t: Translate,
  locale: Locale,
  overview: OverviewInput,
): { text: string; reply_markup?: InlineKeyboard }[] {
  const head = [
    t("assessment.overview_title", { program: escapeHtml(overview.programName) }),
    t("assessment.overview_window", {
      opens: formatDateId(overview.window.opensOn, locale),
      closes: formatDateId(overview.window.closesOn, locale),
    }),
    overview.total === 0
      ? t("assessment.overview_empty")
      : t("assessment.overview_totals", { assessed: overview.assessed, total: overview.total }),
  ].join("\n");
  const blocks = overview.units.map((unit) => {
    const done = unit.participants.filter((participant) => participant.submitted).length;
    return [
      t("assessment.overview_unit", {
        unit: escapeHtml(unit.unitName),
        assessed: done,
        total: unit.participants.length,
        by: t(`assessment.by_${unit.assessedBy}`),
      }),
      ...unit.participants.map((participant) =>
        participant.submitted
          ? t("assessment.overview_done", {
              name: escapeHtml(participant.fullName),
              average: formatAverage(participant.average, locale),
            })
          : t("assessment.overview_missing", { name: escapeHtml(participant.fullName) }),
      ),
    ].join("\n");
  });
  // Whole units per message where they fit; a unit longer than a message is split by lines.
  const texts: string[] = [];
  let current = head;
  for (const block of blocks) {
    if (current.length + block.length + 2 <= MESSAGE_LIMIT) {
      current = `${current}\n\n${block}`;
      continue;
    }
    texts.push(current);
    current = "";
    for (const line of block.split("\n")) {
      if (current !== "" && current.length + line.length + 1 > MESSAGE_LIMIT) {
        texts.push(current);
        current = "";
      }
      current = current === "" ? line : `${current}\n${line}`;
    }
  }
  const mine =
    overview.window.kind === "open"
      ? overview.units
          .flatMap((unit) => unit.participants)
          .filter((participant) => participant.mine)
          .sort((a, b) => Number(a.submitted) - Number(b.submitted))
          .slice(0, REMINDER_LIST_LIMIT)
      : [];
  if (mine.length > 0) current = `${current}\n\n${t("assessment.overview_buttons")}`;
  texts.push(current);
  return texts.map((text, index) =>
    index === texts.length - 1 && mine.length > 0
      ? { text, reply_markup: participantsKeyboard(mine) }
      : { text },
  );
}
