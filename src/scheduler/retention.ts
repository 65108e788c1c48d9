import type { Db } from "../db/client.ts";
import { findPersonsPastRetention } from "../db/repositories/retention.repository.ts";
import { erasePerson } from "../features/own-data/own-data.service.ts";
import { RETENTION_MONTHS_AFTER_PROGRAM } from "../features/registration/consent.ts";
import type { Logger } from "../logger.ts";

/** The cutoff: programs that ended before it are past the retention period. */
export function retentionCutoff(now: Date, months = RETENTION_MONTHS_AFTER_PROGRAM): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

/**
 * Keeps the promise made at consent (UU 27/2022): personal data is erased the stated number of
 * months after the participant's last program ended, the same way /hapusdata erases it, so the
 * programs' recaps keep anonymous counts. Runs in small batches; returns how many were erased.
 */
export async function erasePersonalDataPastRetention(
  db: Db,
  now: Date,
  logger: Logger,
  batchSize = 50,
): Promise<number> {
  const persons = await findPersonsPastRetention(db, retentionCutoff(now), batchSize);
  for (const person of persons) {
    await erasePerson(db, person.id, person.account?.telegramUserId ?? -1n, now);
  }
  if (persons.length) logger.info({ erased: persons.length }, "retention.erased");
  return persons.length;
}
