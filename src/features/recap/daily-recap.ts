import type { i18n } from "i18next";
import type { DbOrTx } from "../../db/client.ts";
import { countDailyReportsOn } from "../../db/repositories/attendance-queries.repository.ts";
import { findProgramWithProvinces } from "../../db/repositories/program-lookup.repository.ts";
import { dateColumn, formatDateId } from "../../domain/time.ts";
import { createI18n, type Locale, translatorFor } from "../../i18n/i18n.ts";
import { escapeHtml } from "../../shared/html.ts";
import { WorkerLimitError } from "../../workers/worker-pool.ts";
import { toStaffProgram } from "../shared/staff-program.service.ts";
import { computeDailyStatus } from "../status/daily-status.service.ts";
import { renderTotals, renderUnitLines } from "../status/status.render.ts";
import { renderDailyStatusChart } from "../status/status-chart.ts";

export interface DailyRecap {
  /** HTML: send with parse_mode "HTML". At most ~3,500 characters. */
  text: string;
  /** Today's status per host agency as a PNG, when asked for. */
  chart?: Buffer;
}

export interface DailyRecapOptions {
  /** The moment of the recap; by default the day counts as closed (the recap is sent at 17:00). */
  now?: Date;
  withChart?: boolean;
  /** The app's i18next instance; one is created from locales/ when not given. */
  i18n?: i18n;
  /** The host units of the reader's scope (resolveProgramScope); null/absent = whole program. */
  hostUnitIds?: readonly string[] | null;
  /**
   * Names of those missing; false for the coordinators' group chat, which gets counts only
   * (personal data is shown in private chats only, SECURITY.md).
   */
  withNames?: boolean;
}

let fallbackI18n: i18n | undefined;
const MAX_UNIT_LINES = 30;

/**
 * The day's recap for coordinators and their group: totals, per host agency, who is missing,
 * and how many daily reports came in. Undefined when the program does not exist.
 * The scheduler sends it at Program.dailyRecapAt to the coordinators and Program.coordinatorChatId.
 */
export async function buildDailyRecap(
  db: DbOrTx,
  programId: string,
  localDate: string,
  locale: Locale,
  options: DailyRecapOptions = {},
): Promise<DailyRecap | undefined> {
  const found = await findProgramWithProvinces(db, programId);
  if (!found) return undefined;
  const program = toStaffProgram(found, options.hostUnitIds ?? null);
  fallbackI18n ??= options.i18n ? undefined : createI18n();
  const t = translatorFor(options.i18n ?? (fallbackI18n as i18n), locale);
  // Without a moment, take the end of the local day: every check-in window has closed by then.
  const now = options.now ?? new Date(dateColumn(localDate).getTime() + 36 * 3_600_000);
  const [status, reports] = await Promise.all([
    computeDailyStatus(db, program, localDate, now, {
      missingLimit: options.withNames === false ? 0 : 20,
    }),
    countDailyReportsOn(db, programId, dateColumn(localDate), program.scopeUnitIds ?? undefined),
  ]);
  const lines = [
    t("recap.daily_title", { date: formatDateId(localDate, locale) }),
    `<i>${escapeHtml(program.name)}</i>`,
    "",
    t("status.participants", { count: status.totals.expected }),
    ...renderTotals(t, status, locale),
    t("recap.daily_reports", { count: reports, total: status.totals.expected - status.anonymous }),
  ];
  lines.push(...renderUnitLines(t, status, MAX_UNIT_LINES));
  if (status.totals.missing > 0) {
    const hidden = status.totals.missing - status.missingNames.length;
    lines.push(
      "",
      t(status.closed ? "status.missing_closed" : "status.missing_open", {
        count: status.totals.missing,
      }),
    );
    if (options.withNames !== false) {
      lines.push(
        status.missingNames.map((row) => escapeHtml(row.fullName)).join(", ") +
          (hidden > 0 ? ` ${t("status.and_more", { count: hidden })}` : ""),
      );
    }
  }
  const recap: DailyRecap = { text: lines.join("\n") };
  if (options.withChart) {
    // The text is the recap; a chart stopped by a worker cap is left out, not the recap.
    recap.chart = await renderDailyStatusChart(t, locale, program, status, now).catch(
      (error: unknown) => {
        if (error instanceof WorkerLimitError) return undefined;
        throw error;
      },
    );
  }
  return recap;
}
