import type { JobKind } from "../../generated/prisma/enums.ts";
import type { DbOrTx } from "../client.ts";

/** Active programs with their host province (zone), the scheduler's starting point. */
export function listSchedulablePrograms(db: DbOrTx) {
  return db.program.findMany({
    where: { status: "ACTIVE" },
    include: { hostProvince: true },
    orderBy: { createdAt: "asc" },
  });
}

export type SchedulableProgram = Awaited<ReturnType<typeof listSchedulablePrograms>>[number];

export async function jobRunExists(
  db: DbOrTx,
  programId: string,
  kind: JobKind,
  localDate: Date,
): Promise<boolean> {
  const run = await db.scheduledJobRun.findUnique({
    where: { programId_kind_localDate: { programId, kind, localDate } },
    select: { id: true },
  });
  return run !== null;
}

/**
 * Records that a job ran for a program and a local date; undefined when it had already been
 * recorded (by an earlier tick, another instance, or before a restart). The unique key decides:
 * a concurrent insert waits for the first transaction and then finds the conflict.
 */
export async function insertJobRun(
  db: DbOrTx,
  run: { programId: string; kind: JobKind; localDate: Date; dueAt: Date; createdAt: Date },
): Promise<{ id: string } | undefined> {
  const [created] = await db.scheduledJobRun.createManyAndReturn({
    data: [run],
    skipDuplicates: true,
    select: { id: true },
  });
  return created;
}

export async function setJobRunMessageCount(db: DbOrTx, id: string, messageCount: number) {
  await db.scheduledJobRun.update({ where: { id }, data: { messageCount } });
}
