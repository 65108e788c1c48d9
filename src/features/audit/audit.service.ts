import type { DbOrTx } from "../../db/client.ts";
import {
  insertAuditEntry,
  listLatestAuditEntries,
} from "../../db/repositories/audit.repository.ts";
import { findPersonNames } from "../../db/repositories/roles.repository.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

/** Plain JSON details; keep personal data out (ids and counts, not names, NIPs or phones). */
export type AuditDetails = Record<string, string | number | boolean | null | string[] | number[]>;

export interface AuditRecord {
  /** Person id of whoever acted; null for the system (scheduler) or an unknown person. */
  actorId: string | null;
  /** A stable dotted event name, e.g. `program.created`, `import.roster`, `broadcast.queued`. */
  action: string;
  programId?: string | null;
  details?: AuditDetails;
  at: Date;
}

/**
 * Writes one audit entry. Call it inside the transaction that makes the change, so the log
 * and the change stand or fall together.
 */
export async function recordAudit(db: DbOrTx, record: AuditRecord): Promise<void> {
  await insertAuditEntry(db, {
    actorId: record.actorId,
    action: record.action,
    programId: record.programId ?? null,
    details: (record.details ?? {}) as Prisma.InputJsonValue,
    createdAt: record.at,
  });
}

export async function latestAuditEntries(db: DbOrTx, limit: number) {
  return listLatestAuditEntries(db, Math.min(Math.max(limit, 1), 100));
}

/** The full names of the people who acted in these entries, by person id. */
export async function actorNames(
  db: DbOrTx,
  entries: { actorId: string | null }[],
): Promise<Map<string, string>> {
  const ids = [...new Set(entries.map((e) => e.actorId).filter((id): id is string => !!id))];
  return new Map((await findPersonNames(db, ids)).map((p) => [p.id, p.fullName]));
}
