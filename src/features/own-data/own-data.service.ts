import { rm } from "node:fs/promises";
import type { Db, DbOrTx } from "../../db/client.ts";
import { compactTables } from "../../db/repositories/compaction.repository.ts";
import { findProvince } from "../../domain/provinces.ts";
import { localDate } from "../../domain/time.ts";
import type { Logger } from "../../logger.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { finalReportDirectory } from "../final-report/final-report-file.ts";
import {
  type DataSubject,
  type ErasureEffects,
  personalDataStores,
} from "./personal-data-registry.ts";

export interface PersonDataExport {
  fileName: string;
  content: Buffer;
  /** Files under DATA_DIR that belong to the person (final reports), sent alongside. */
  files: string[];
}

/**
 * Every identifier the person's data may be found by: their NIP, phones and names as the
 * person and on roster rows with their NIP, their Telegram account, their enrollments.
 */
export async function resolveSubject(
  db: DbOrTx,
  personId: string,
): Promise<DataSubject | undefined> {
  const person = await db.person.findUnique({
    where: { id: personId },
    include: {
      account: { select: { telegramUserId: true, firstName: true } },
      enrollments: { select: { id: true } },
    },
  });
  if (!person) return undefined;
  const roster = person.nip
    ? await db.rosterEntry.findMany({
        where: { nip: person.nip },
        select: { fullName: true, phone: true },
      })
    : [];
  const unique = (values: (string | null | undefined)[]) => [
    ...new Set(values.filter((value): value is string => !!value?.trim())),
  ];
  return {
    personId,
    telegramUserIds: person.account ? [person.account.telegramUserId] : [],
    nips: unique([person.nip]),
    phones: unique([person.phone, ...roster.map((row) => row.phone)]),
    names: unique([person.fullName, ...roster.map((row) => row.fullName)]),
    enrollmentIds: person.enrollments.map((enrollment) => enrollment.id),
  };
}

/**
 * A copy of everything stored about the person (UU 27/2022, right of access), as JSON: one
 * section per store of the personal-data registry. Telegram ids are strings, since they may
 * exceed what JSON numbers hold exactly.
 */
export async function exportPersonData(
  db: DbOrTx,
  personId: string,
  now: Date,
): Promise<PersonDataExport | undefined> {
  const subject = await resolveSubject(db, personId);
  if (!subject) return undefined;
  const document: Record<string, unknown> = { exportedAt: now.toISOString() };
  for (const store of personalDataStores) {
    const data = await store.export?.(db, subject);
    if (store.name === "person" && data && typeof data === "object") Object.assign(document, data);
    else if (store.name === "telegramAccount" && Array.isArray(data))
      document.telegramAccount = data[0] ?? null;
    else if (store.export) document[store.name] = data ?? null;
  }
  const files = (
    await db.finalReport.findMany({
      where: { enrollmentId: { in: subject.enrollmentIds }, storedPath: { not: null } },
      select: { storedPath: true },
    })
  ).flatMap((report) => (report.storedPath ? [report.storedPath] : []));
  document.files = files;
  const json = JSON.stringify(
    document,
    (_key, value) => (typeof value === "bigint" ? value.toString() : value),
    2,
  );
  const enrollment = await db.enrollment.findFirst({
    where: { personId },
    orderBy: { registeredAt: "desc" },
    select: { program: { select: { hostProvinceCode: true } } },
  });
  const hostCode = enrollment?.program.hostProvinceCode;
  const timeZone = (hostCode && findProvince(hostCode)?.timeZone) || "Asia/Jakarta";
  return {
    fileName: `data-saya-${localDate(now, timeZone)}.json`,
    content: Buffer.from(json, "utf8"),
    files,
  };
}

export interface ErasureResult {
  enrollments: number;
  /** Tables whose rows changed (to be compacted, see compactAfterErasure). */
  tables: string[];
  /** Rows changed per store of the registry. */
  stores: Record<string, number>;
  /** Files deleted after the commit; `filesFailed` are retried by the retention job. */
  filesDeleted: number;
  filesFailed: number;
}

export interface ErasureOptions {
  now: Date;
  logger: Logger;
  /** DATA_DIR: the enrollments' folders of received files are removed whole. */
  dataDir: string;
  /** false: the caller compacts once after a batch (the retention job). Default true. */
  compact?: boolean;
}

/**
 * Erases the person (UU 27/2022, right to deletion) from every store of the personal-data
 * registry in ONE transaction: check-ins first become anonymous counts per program, day and
 * status (the recaps keep their totals), then every row holding the person's data is deleted
 * or stripped of it. Files go after the commit; a file that cannot be deleted is logged
 * (without personal data) and removed later by the retention job's sweep of orphaned files.
 * /hapusdata and the retention job both come here.
 */
export async function erasePerson(
  db: Db,
  personId: string,
  options: ErasureOptions,
): Promise<ErasureResult | undefined> {
  const effects: ErasureEffects = { files: [], counts: {} };
  const committed = await db.$transaction(
    async (tx) => {
      const subject = await resolveSubject(tx, personId);
      if (!subject) return undefined;
      for (const store of personalDataStores) {
        effects.counts[store.name] = await store.erase(tx, subject, effects);
      }
      // No actor id: it would tie this entry back to the person's earlier audit entries.
      await recordAudit(tx, {
        actorId: null,
        action: "person.erased",
        details: { enrollments: subject.enrollmentIds.length, ...effects.counts },
        at: options.now,
      });
      return subject;
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
  if (!committed) return undefined;
  const folders = committed.enrollmentIds.map((id) => finalReportDirectory(options.dataDir, id));
  const { deleted, failed } = await deleteFiles([...effects.files, ...folders], options.logger);
  const tables = personalDataStores
    .filter((store) => (effects.counts[store.name] ?? 0) > 0)
    .flatMap((store) => Object.keys(store.columns));
  if (options.compact !== false) await compactAfterErasure(db, tables, options.logger);
  return {
    enrollments: committed.enrollmentIds.length,
    tables,
    stores: effects.counts,
    filesDeleted: deleted,
    filesFailed: failed,
  };
}

/**
 * Rewrites the tables an erasure changed, so the erased rows' bytes leave the database files
 * too (not only the live rows). A failure (e.g. a PostgreSQL server where the bot's role does
 * not own the table) is logged; the data is erased from every live row either way.
 */
export async function compactAfterErasure(db: Db, tables: string[], logger: Logger): Promise<void> {
  try {
    await compactTables(db, [...new Set(tables)], true);
  } catch (error) {
    logger.warn({ code: (error as { code?: string }).code }, "own_data.compaction_failed");
  }
}

async function deleteFiles(
  paths: string[],
  logger: Logger,
): Promise<{ deleted: number; failed: number }> {
  let deleted = 0;
  let failed = 0;
  for (const path of paths) {
    try {
      await rm(path, { force: true, recursive: true });
      deleted += 1;
    } catch (error) {
      failed += 1;
      // The path names an enrollment id only; the error code says why, never the content.
      const code = (error as NodeJS.ErrnoException).code ?? "unknown";
      logger.warn({ code }, "own_data.file_delete_failed");
    }
  }
  return { deleted, failed };
}
