import type { DbOrTx } from "../client.ts";

/** Agenda items of the program as a whole and of one host unit, between two dates inclusive. */
export function findScheduleItems(
  db: DbOrTx,
  programId: string,
  hostUnitId: string | null,
  from: Date,
  to: Date,
) {
  return db.scheduleItem.findMany({
    where: {
      programId,
      date: { gte: from, lte: to },
      OR: hostUnitId ? [{ hostUnitId: null }, { hostUnitId }] : [{ hostUnitId: null }],
    },
    orderBy: [{ date: "asc" }, { startTime: "asc" }],
  });
}
