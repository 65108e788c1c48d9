import type { UnitMemberAttendance } from "../../db/repositories/attendance-queries.repository.ts";
import { ATTENDANCE_SHORT_CODES } from "../../domain/attendance.ts";
import { attendanceRate, formatRate } from "../../domain/attendance-rate.ts";
import { formatDateId, formatTimeWithZone } from "../../domain/time.ts";
import type { Locale, Translate } from "../../i18n/i18n.ts";
import { escapeHtml } from "../../shared/html.ts";
import type { StaffProgram } from "../shared/staff-program.service.ts";
import {
  type DailyStatus,
  RECORDED_STATUSES,
  type StatusCounts,
  type UnitDrillDown,
} from "./daily-status.service.ts";

const MAX_UNIT_LINES = 40;

export function missingLabel(t: Translate, closed: boolean): string {
  return t(closed ? "status.label.ALPA" : "status.label.BELUM");
}

/** "H 2 · TL 1 · belum 1": non-zero counts only, in the order officials read them. */
export function compactCounts(t: Translate, counts: StatusCounts, closed: boolean): string {
  const parts = RECORDED_STATUSES.filter((status) => counts[status] > 0).map(
    (status) => `${ATTENDANCE_SHORT_CODES[status]} ${counts[status]}`,
  );
  if (counts.pending > 0) parts.push(`${t("status.short_pending")} ${counts.pending}`);
  if (counts.missing > 0) {
    parts.push(
      `${closed ? ATTENDANCE_SHORT_CODES.ALPA : t("status.short_belum")} ${counts.missing}`,
    );
  }
  return parts.length > 0 ? parts.join(" · ") : "–";
}

export function renderTotals(t: Translate, status: DailyStatus, locale: Locale): string[] {
  const lines = RECORDED_STATUSES.map(
    (key) => `${t(`status.icon.${key}`)} ${t(`status.label.${key}`)}: <b>${status.totals[key]}</b>`,
  );
  if (status.totals.pending > 0) {
    lines.push(`⏳ ${t("status.label.PENDING")}: <b>${status.totals.pending}</b>`);
  }
  lines.push(
    `${t(status.closed ? "status.icon.ALPA" : "status.icon.BELUM")} ${missingLabel(t, status.closed)}: <b>${status.totals.missing}</b>`,
  );
  // The day's rate with the one definition: everyone expected counts, also before the close.
  const { totals } = status;
  const rate = attendanceRate({
    present: totals.HADIR + totals.TERLAMBAT + totals.DINAS_LUAR,
    counted: totals.expected,
  });
  if (rate !== null) {
    lines.push(t("status.rate", { rate: formatRate(rate, locale), expected: totals.expected }));
  }
  return lines;
}

/** The anonymous-count note and one line per host agency, shared by /status and the daily recap. */
export function renderUnitLines(t: Translate, status: DailyStatus, maxUnits: number): string[] {
  const lines: string[] = [];
  if (status.anonymous > 0) lines.push(t("status.anonymous_included", { count: status.anonymous }));
  if (status.units.length === 0) return lines;
  lines.push("", t("status.per_unit"));
  for (const unit of status.units.slice(0, maxUnits)) {
    const label = unit.hostUnitId === null ? t("status.unplaced") : unit.label;
    lines.push(
      `• ${escapeHtml(label)} (${unit.counts.expected}): ${compactCounts(t, unit.counts, status.closed)}`,
    );
  }
  if (status.units.length > maxUnits) {
    lines.push(t("status.more_units", { count: status.units.length - maxUnits }));
  }
  return lines;
}

export interface DailyStatusView {
  program: StaffProgram;
  status: DailyStatus;
  isWorkingDay: boolean;
  now: Date;
  locale: Locale;
  /** Host-side coordinators limited to one unit see its name in the title. */
  scopeLabel?: string;
}

export function renderDailyStatus(t: Translate, view: DailyStatusView): string {
  const { program, status } = view;
  const lines = [
    t("status.title", { date: formatDateId(status.day, view.locale) }),
    `<i>${escapeHtml(program.name)}</i>${view.scopeLabel ? ` — ${escapeHtml(view.scopeLabel)}` : ""}`,
    t("status.as_of", { time: formatTimeWithZone(view.now, program.timeZone) }),
  ];
  if (!view.isWorkingDay) lines.push(t("status.not_working_day"));
  lines.push(
    "",
    t("status.participants", { count: status.totals.expected }),
    ...renderTotals(t, status, view.locale),
  );
  lines.push(...renderUnitLines(t, status, MAX_UNIT_LINES));
  if (status.totals.missing > 0) {
    const names = status.missingNames.map((row) =>
      row.unitLabel
        ? `${escapeHtml(row.fullName)} (${escapeHtml(row.unitLabel)})`
        : escapeHtml(row.fullName),
    );
    const hidden = status.totals.missing - status.missingNames.length;
    lines.push(
      "",
      t(status.closed ? "status.missing_closed" : "status.missing_open", {
        count: status.totals.missing,
      }),
      names.join(", ") + (hidden > 0 ? ` ${t("status.and_more", { count: hidden })}` : ""),
    );
  }
  lines.push("", t("status.hint"));
  return lines.join("\n");
}

export function renderUnitDrillDown(
  t: Translate,
  program: StaffProgram,
  day: string,
  locale: Locale,
  drill: UnitDrillDown,
  closed: boolean,
  mentorName: string | null,
): string {
  const lines = [
    t("status.unit_title", { unit: escapeHtml(drill.label), date: formatDateId(day, locale) }),
  ];
  if (mentorName) lines.push(t("status.unit_mentor", { name: escapeHtml(mentorName) }));
  lines.push("");
  if (drill.members.length === 0) lines.push(t("status.unit_empty"));
  drill.members.forEach((member, index) => {
    lines.push(
      `${index + 1}. ${escapeHtml(member.fullName)} — ${memberStatus(t, program, member, closed)}`,
    );
  });
  if (drill.total > drill.members.length) {
    lines.push(t("status.and_more", { count: drill.total - drill.members.length }));
  }
  return lines.join("\n");
}

function memberStatus(
  t: Translate,
  program: StaffProgram,
  member: UnitMemberAttendance,
  closed: boolean,
): string {
  if (!member.status) return missingLabel(t, closed);
  const time = member.recordedAt
    ? ` ${formatTimeWithZone(member.recordedAt, program.timeZone)}`
    : "";
  const review = member.review === "PENDING" ? ` ${t("status.review_pending")}` : "";
  return `${t(`status.label.${member.status}`)}${time}${review}`;
}
