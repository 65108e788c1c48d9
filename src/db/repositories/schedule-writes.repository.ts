import type { DbOrTx } from "../client.ts";

export interface ScheduleFields {
  hostUnitId: string | null;
  date: Date;
  startTime: string;
  endTime: string | null;
  title: string;
  place: string | null;
}

export function listScheduleOfProgram(db: DbOrTx, programId: string) {
  return db.scheduleItem.findMany({
    where: { programId },
    orderBy: [{ date: "asc" }, { startTime: "asc" }],
  });
}

export function insertScheduleItem(db: DbOrTx, programId: string, fields: ScheduleFields) {
  return db.scheduleItem.create({ data: { programId, ...fields } });
}

export function updateScheduleItem(db: DbOrTx, itemId: string, fields: ScheduleFields) {
  return db.scheduleItem.update({ where: { id: itemId }, data: fields });
}
