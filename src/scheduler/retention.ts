import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { HousekeepingConfig } from "../config.ts";
import type { Db } from "../db/client.ts";
import { compactTables } from "../db/repositories/compaction.repository.ts";
import { pruneUpdatesBefore } from "../db/repositories/inbox.repository.ts";
import {
  anonymiseSettledOutbox,
  clearMentorsPastRetention,
  deleteIdleAccounts,
  deleteIdleChatState,
  deleteRegistrationAttemptsBefore,
  deleteRegistrationRequestsPastRetention,
  deleteRosterPastRetention,
  existingEnrollmentIds,
  findPersonsPastRetention,
} from "../db/repositories/retention.repository.ts";
import { finalReportDirectory } from "../features/final-report/final-report-file.ts";
import { compactAfterErasure, erasePerson } from "../features/own-data/own-data.service.ts";
import { RETENTION_MONTHS_AFTER_PROGRAM } from "../features/registration/consent.ts";
import type { Logger } from "../logger.ts";

const DAY_MS = 24 * 60 * 60_000;

export const defaultHousekeeping: HousekeepingConfig = {
  inboxRetentionDays: 7,
  outboxRetentionDays: 30,
  chatStateIdleDays: 7,
};

export interface RetentionOptions {
  dataDir: string;
  housekeeping?: HousekeepingConfig;
  batchSize?: number;
}

/** The cutoff: programs that ended before it are past the retention period. */
export function retentionCutoff(now: Date, months = RETENTION_MONTHS_AFTER_PROGRAM): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

/**
 * Keeps the promise made at consent (UU 27/2022): personal data is erased the stated number of
 * months after the participant's last program ended, by the same erasure as /hapusdata (every
 * store of the personal-data registry), so the programs' recaps keep anonymous counts. Roster
 * rows and mentor details of such programs go too. Runs in small batches; returns how many
 * persons were erased.
 */
export async function erasePersonalDataPastRetention(
  db: Db,
  now: Date,
  logger: Logger,
  options: RetentionOptions,
): Promise<number> {
  const cutoff = retentionCutoff(now);
  const persons = await findPersonsPastRetention(db, cutoff, options.batchSize ?? 50);
  const tables = new Set<string>();
  let erased = 0;
  for (const person of persons) {
    try {
      const result = await erasePerson(db, person.id, {
        now,
        logger,
        dataDir: options.dataDir,
        compact: false,
      });
      for (const table of result?.tables ?? []) tables.add(table);
      if (result) erased += 1;
    } catch (error) {
      // One person's trouble must not keep the others' data past its time; retried next hour.
      logger.error({ err: error, person_id: person.id }, "retention.erase_failed");
    }
  }
  const roster = await deleteRosterPastRetention(db, cutoff);
  const mentors = await clearMentorsPastRetention(db, cutoff);
  const accounts = await deleteIdleAccounts(db, cutoff);
  const requests = await deleteRegistrationRequestsPastRetention(db, cutoff);
  if (requests) tables.add("RegistrationRequest");
  if (roster) tables.add("RosterEntry");
  if (mentors) tables.add("HostUnit");
  if (accounts) tables.add("TelegramAccount");
  if (tables.size) await compactAfterErasure(db, [...tables], logger);
  if (erased || roster || mentors || accounts) {
    logger.info({ erased, roster, mentors, accounts }, "retention.erased");
  }
  return erased;
}

export interface HousekeepingResult {
  erased: number;
  inboxPruned: number;
  outboxAnonymised: number;
  chatStatesExpired: number;
  orphanFilesRemoved: number;
}

/**
 * The hourly housekeeping of personal data: the retention erasure, then the bot's own
 * bookkeeping: handled raw updates pruned, settled outbox rows anonymised, idle conversations
 * expired, and files whose enrollment no longer exists removed (a file delete that failed at
 * erasure is retried here).
 */
export async function runHousekeeping(
  db: Db,
  now: Date,
  logger: Logger,
  options: RetentionOptions,
): Promise<HousekeepingResult> {
  const periods = options.housekeeping ?? defaultHousekeeping;
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const erased = await erasePersonalDataPastRetention(db, now, logger, options);
  const inboxPruned = await pruneUpdatesBefore(db, before(periods.inboxRetentionDays));
  await deleteRegistrationAttemptsBefore(db, before(periods.inboxRetentionDays));
  const outboxAnonymised = await anonymiseSettledOutbox(db, before(periods.outboxRetentionDays));
  const chatStatesExpired = await deleteIdleChatState(db, before(periods.chatStateIdleDays));
  const orphanFilesRemoved = await removeOrphanFiles(db, options.dataDir, logger);
  // Autovacuum may come much later: without this, pruned rows' text would stay in the table files.
  // Their indexes hold no personal text, so a plain VACUUM (no exclusive lock) is enough.
  const pruned = [
    ...(inboxPruned ? ["InboxUpdate"] : []),
    ...(outboxAnonymised ? ["OutboxMessage"] : []),
    ...(chatStatesExpired ? ["ChatState"] : []),
  ];
  if (pruned.length) {
    await compactTables(db, pruned, false).catch((error: unknown) =>
      logger.warn({ code: (error as { code?: string }).code }, "retention.vacuum_failed"),
    );
  }
  const result = { erased, inboxPruned, outboxAnonymised, chatStatesExpired, orphanFilesRemoved };
  if (inboxPruned || outboxAnonymised || chatStatesExpired || orphanFilesRemoved) {
    logger.info(result, "retention.housekeeping");
  }
  return result;
}

/** Folders of received files whose enrollment is gone (erased): removed, and counted. */
async function removeOrphanFiles(db: Db, dataDir: string, logger: Logger): Promise<number> {
  const root = join(finalReportDirectory(dataDir, "x"), "..");
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return 0;
  }
  const uuid = /^[0-9a-f-]{36}$/;
  const candidates = entries.filter((entry) => uuid.test(entry));
  const existing = await existingEnrollmentIds(db, candidates);
  let removed = 0;
  for (const entry of candidates) {
    if (existing.has(entry)) continue;
    try {
      await rm(join(root, entry), { recursive: true, force: true });
      removed += 1;
    } catch (error) {
      logger.warn({ code: (error as NodeJS.ErrnoException).code }, "retention.file_delete_failed");
    }
  }
  return removed;
}
