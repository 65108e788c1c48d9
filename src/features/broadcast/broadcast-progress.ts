import { type Api, GrammyError } from "grammy";
import type { i18n } from "i18next";
import type { Db } from "../../db/client.ts";
import {
  findBroadcast,
  findLocaleOfPerson,
  finishBroadcast,
  listQueuedBroadcastIds,
  reserveProgressMessage,
  setProgressMessage,
} from "../../db/repositories/broadcasts.repository.ts";
import {
  countOutboxByStatusForBroadcast,
  listUnreachableOfBroadcast,
} from "../../db/repositories/outbox.repository.ts";
import { findNamesByPersonIds } from "../../db/repositories/recipients.repository.ts";
import { isLocale, type Locale, type Translate, translatorFor } from "../../i18n/i18n.ts";
import type { Logger } from "../../logger.ts";
import type { Clock } from "../../shared/clock.ts";
import { escapeHtml } from "../../shared/html.ts";

export interface BroadcastProgressOptions {
  db: Db;
  /** A raw Api: edits are few (one per broadcast every interval), no queue needed. */
  api: Api;
  i18n: i18n;
  defaultLocale: Locale;
  logger: Logger;
  clock: Clock;
  /** Telegram frowns on rapid edits of one message: at most one per interval. */
  intervalMs?: number;
}

export interface BroadcastProgress {
  /** Something changed for this broadcast (queued, or a message settled). */
  note(broadcastId: string): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Updates every noted broadcast now (tests call it instead of waiting). */
  flush(): Promise<void>;
}

const maxNamesListed = 50;

type Row = NonNullable<Awaited<ReturnType<typeof findBroadcast>>>;

/**
 * Keeps the coordinator's one progress message current (sent, failed, waiting), then turns it
 * into the delivery report: delivered, failed, and who could not be reached by name. Whichever
 * instance flips the broadcast to DONE writes the report, so it is written once.
 */
export function createBroadcastProgress(options: BroadcastProgressOptions): BroadcastProgress {
  const { db, api, logger, clock } = options;
  const intervalMs = options.intervalMs ?? 2_000;
  const dirty = new Set<string>();
  const shown = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;

  const translatorOf = async (broadcast: Row): Promise<Translate> => {
    const account = broadcast.createdById
      ? await findLocaleOfPerson(db, broadcast.createdById)
      : null;
    const locale = isLocale(account?.locale) ? account.locale : options.defaultLocale;
    return translatorFor(options.i18n, locale);
  };

  const post = async (chatId: bigint, text: string) => {
    const message = await api.sendMessage(Number(chatId), text, { parse_mode: "HTML" });
    return message.message_id;
  };

  const show = async (broadcast: Row, text: string, final: boolean) => {
    const chatId = broadcast.progressChatId;
    if (chatId === null) return;
    const messageId = broadcast.progressMessageId;
    if (messageId && messageId > 0) {
      try {
        await api.editMessageText(Number(chatId), messageId, text, { parse_mode: "HTML" });
        return;
      } catch (error) {
        if (error instanceof GrammyError && /not modified/i.test(error.description)) return;
        if (!final) throw error;
        // The progress message is gone (deleted by the coordinator): the report comes anew.
      }
      await setProgressMessage(db, broadcast.id, await post(chatId, text));
      return;
    }
    if (messageId === null && (await reserveProgressMessage(db, broadcast.id))) {
      await setProgressMessage(db, broadcast.id, await post(chatId, text));
    } else if (final) {
      await post(chatId, text);
    }
  };

  const report = async (
    broadcast: Row,
    t: Translate,
    total: number,
    sent: number,
    failed: number,
  ) => {
    const unreachable = await listUnreachableOfBroadcast(db, broadcast.id);
    const personIds = unreachable.flatMap((row) => (row.personId ? [row.personId] : []));
    const names = new Map(
      (await findNamesByPersonIds(db, personIds)).map((person) => [person.id, person.fullName]),
    );
    const listed = unreachable
      .slice(0, maxNamesListed)
      .map(
        (row) => `• ${escapeHtml((row.personId && names.get(row.personId)) || String(row.chatId))}`,
      );
    if (unreachable.length > maxNamesListed) {
      listed.push(t("broadcast.report_more", { count: unreachable.length - maxNamesListed }));
    }
    const lines = [t("broadcast.report", { total, sent, failed })];
    if (unreachable.length) {
      lines.push(
        t("broadcast.report_unreachable", { count: unreachable.length, names: listed.join("\n") }),
      );
    }
    return lines.join("\n\n");
  };

  const update = async (broadcastId: string) => {
    const broadcast = await findBroadcast(db, broadcastId);
    if (broadcast?.status !== "QUEUED") {
      dirty.delete(broadcastId);
      shown.delete(broadcastId);
      return;
    }
    const counts = await countOutboxByStatusForBroadcast(db, broadcastId);
    const pending = counts.PENDING + counts.SENDING;
    const failed = counts.FAILED + counts.UNREACHABLE + counts.CANCELLED;
    const total = pending + counts.SENT + failed;
    const t = await translatorOf(broadcast);
    if (pending === 0) {
      dirty.delete(broadcastId);
      shown.delete(broadcastId);
      if (!(await finishBroadcast(db, broadcastId, clock.now()))) return;
      await show(broadcast, await report(broadcast, t, total, counts.SENT, failed), true);
      logger.info(
        { broadcast_id: broadcastId, sent: counts.SENT, failed },
        "broadcast.delivery_finished",
      );
      return;
    }
    // Still under way: looked at again next interval, whichever instance sends the rest.
    const text = t("broadcast.progress", { total, sent: counts.SENT, failed, pending });
    if (shown.get(broadcastId) === text) return;
    await show(broadcast, text, false);
    shown.set(broadcastId, text);
  };

  // A failing update (Telegram unreachable) is tried again next interval; logged once per outage.
  const failing = new Set<string>();
  const flushDirty = async () => {
    for (const id of [...dirty]) {
      await update(id).then(
        () => failing.delete(id),
        (error) => {
          if (failing.has(id)) return;
          failing.add(id);
          logger.warn({ err: error, broadcast_id: id }, "broadcast.progress_failed");
        },
      );
    }
  };
  const flush = (): Promise<void> => {
    if (flushing) return flushing;
    // Cleared in .finally, which always runs after this assignment (even when nothing was dirty).
    const run: Promise<void> = flushDirty().finally(() => {
      if (flushing === run) flushing = undefined;
    });
    flushing = run;
    return run;
  };

  return {
    note: (broadcastId) => {
      dirty.add(broadcastId);
    },
    start: async () => {
      for (const { id } of await listQueuedBroadcastIds(db)) dirty.add(id);
      timer = setInterval(() => void flush(), intervalMs);
      timer.unref();
    },
    stop: async () => {
      if (timer) clearInterval(timer);
      timer = undefined;
      await flushing;
    },
    flush,
  };
}
