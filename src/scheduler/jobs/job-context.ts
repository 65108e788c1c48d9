import type { i18n } from "i18next";
import type { DbOrTx } from "../../db/client.ts";
import type { SchedulableProgram } from "../../db/repositories/job-runs.repository.ts";
import type { ParticipantRecipient } from "../../db/repositories/recipients.repository.ts";
import type { NewOutboxMessage, OutboxMethod } from "../../delivery/enqueue.ts";
import { formatTimeWithZone, zonedDateTimeToInstant } from "../../domain/time.ts";
import type { Locale, Translate } from "../../i18n/i18n.ts";
import type { JobSlot } from "../due-jobs.ts";

/** Everything a job needs to build its batch, inside the transaction that records the run. */
export interface JobContext {
  db: DbOrTx;
  program: SchedulableProgram;
  slot: JobSlot;
  runId: string;
  now: Date;
  i18n: i18n;
  /** The translator for a recipient's saved language, or the bot's default. */
  language(locale: string | null): { t: Translate; locale: Locale };
}

export type JobBuilder = (ctx: JobContext) => Promise<NewOutboxMessage[]>;

/**
 * One message of a job batch. The dedupe key names the run and the recipient, so a batch that
 * is built again (a retried transaction) cannot add a second copy. Due by the set time, free to
 * leave now: a large batch starts early enough to be done by then.
 */
export function jobMessage(
  ctx: JobContext,
  recipientKey: string,
  to: { chatId: bigint; personId: string | null },
  method: OutboxMethod,
  payload: Record<string, unknown>,
): NewOutboxMessage {
  return {
    dedupeKey: `job:${ctx.runId}:${recipientKey}`,
    chatId: to.chatId,
    personId: to.personId,
    kind: ctx.slot.kind.toLowerCase(),
    method,
    payload,
    notBefore: ctx.now,
    dueBy: ctx.slot.dueAt,
  };
}

/**
 * One HTML message to each participant who has a Telegram account, in their own language: the
 * shape of every participant job. `render` gives the text and, optionally, the keyboard.
 */
export function messageEachParticipant(
  ctx: JobContext,
  participants: ParticipantRecipient[],
  render: (
    enrollment: ParticipantRecipient,
    language: { t: Translate; locale: Locale },
  ) => { text: string; reply_markup?: unknown },
): NewOutboxMessage[] {
  return participants.flatMap((enrollment) => {
    const account = enrollment.person.account;
    if (!account) return [];
    const { text, reply_markup } = render(enrollment, ctx.language(account.locale));
    return [
      jobMessage(
        ctx,
        enrollment.person.id,
        { chatId: account.telegramUserId, personId: enrollment.person.id },
        "sendMessage",
        { text, parse_mode: "HTML", ...(reply_markup ? { reply_markup } : {}) },
      ),
    ];
  });
}

/** A program setting ("10:00") on the job's date as "10:00 WIB" in the host province's zone. */
export function programTime(ctx: JobContext, clockTime: string): string {
  const timeZone = ctx.program.hostProvince.timeZone;
  return formatTimeWithZone(
    zonedDateTimeToInstant(ctx.slot.localDate, clockTime, timeZone),
    timeZone,
    ctx.program.hostProvince.zone,
  );
}
