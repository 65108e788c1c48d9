import { type Api, GrammyError } from "grammy";
import type { AppDeps } from "../../bot/deps.ts";
import { markAccountUnreachable } from "../../db/repositories/accounts.repository.ts";
import { findTelegramIdOfEnrollment } from "../../db/repositories/placement.repository.ts";
import { sendPlacementNotice } from "../placement-info/placement-notice.service.ts";

export interface NotifyReport {
  sent: number;
  unreachable: number;
  noAccount: number;
  failed: number;
}

/**
 * Sends each placed participant the placement message, one after another (the API throttler
 * paces them). A blocked bot (403) marks the account unreachable and the rest go on; the
 * unsent keep placementNotifiedAt empty, so they can be found and told later.
 */
export async function notifyPlacedParticipants(
  api: Api,
  deps: AppDeps,
  enrollmentIds: readonly string[],
): Promise<NotifyReport> {
  const report: NotifyReport = { sent: 0, unreachable: 0, noAccount: 0, failed: 0 };
  for (const enrollmentId of enrollmentIds) {
    try {
      const result = await sendPlacementNotice(api, deps, enrollmentId);
      if (result.sent) report.sent++;
      else if (result.reason === "no_telegram_account") report.noAccount++;
      else report.failed++;
    } catch (error) {
      // 403: blocked or deactivated; 400 "chat not found": the person never started the bot.
      if (error instanceof GrammyError && isUnreachable(error)) {
        report.unreachable++;
        const found = await findTelegramIdOfEnrollment(deps.db, enrollmentId);
        const telegramUserId = found?.person.account?.telegramUserId;
        if (telegramUserId !== undefined) {
          await markAccountUnreachable(
            deps.db,
            telegramUserId,
            error.description,
            deps.clock.now(),
          );
        }
      } else {
        report.failed++;
        deps.logger.warn({ err: error, enrollmentId }, "placement.notice_failed");
      }
    }
  }
  return report;
}

function isUnreachable(error: GrammyError): boolean {
  return (
    error.error_code === 403 ||
    (error.error_code === 400 && /chat not found/i.test(error.description))
  );
}
