import { ATTENDANCE_SHORT_CODES, ATTENDANCE_STATUSES } from "../../domain/attendance.ts";
import { formatNip } from "../../domain/nip.ts";
import { formatTimeWithZone, localDate } from "../../domain/time.ts";
import type { Translate } from "../../i18n/i18n.ts";
import { escapeHtml } from "../../shared/html.ts";
import type { StaffProgram } from "../shared/staff-program.service.ts";
import type { ParticipantCard } from "./participant-card.service.ts";
import { missingLabel } from "./status.render.ts";

export function renderParticipantCard(
  t: Translate,
  program: StaffProgram,
  card: ParticipantCard,
): string {
  const dash = "–";
  const today = card.today
    ? `${t(`status.label.${card.today.status}`)} ${formatTimeWithZone(card.today.recordedAt, program.timeZone)}${
        card.today.review === "PENDING" ? ` ${t("status.review_pending")}` : ""
      }`
    : missingLabel(t, card.todayClosed);
  const counts = ATTENDANCE_STATUSES.map(
    (status) => `${ATTENDANCE_SHORT_CODES[status]} ${card.summary.counts[status]}`,
  ).join(" · ");
  const rate = card.summary.rate === null ? dash : `${Math.round(card.summary.rate * 100)}%`;
  const finalReport = card.finalReportAt
    ? t("status.card_final_yes", {
        date: localDate(card.finalReportAt, program.timeZone),
      })
    : t("status.card_final_no");
  return [
    `<b>${escapeHtml(card.fullName)}</b>`,
    t("status.card_nip", { nip: card.nip ? formatNip(card.nip) : dash }),
    t("status.card_position", { position: escapeHtml(card.position ?? dash) }),
    t("status.card_own_agency", { agency: escapeHtml(card.ownAgency ?? dash) }),
    t("status.card_placement", {
      unit: escapeHtml(card.hostUnitName ?? t("status.unplaced")),
    }),
    ...(card.mentorName ? [t("status.unit_mentor", { name: escapeHtml(card.mentorName) })] : []),
    "",
    t("status.card_today", { status: today }),
    t("status.card_summary", { days: card.summary.expectedDays, counts, rate }),
    t("status.card_reports", { count: card.dailyReports }),
    finalReport,
    t(card.feedbackGiven ? "status.card_feedback_yes" : "status.card_feedback_no"),
  ].join("\n");
}
