import type { HolidayKind } from "../../generated/prisma/enums.ts";
import type { DbOrTx } from "../client.ts";

export function insertHoliday(
  db: DbOrTx,
  holiday: {
    date: Date;
    name: string;
    kind: HolidayKind;
    provinceCode: string | null;
    programId: string | null;
    createdById: string | null;
  },
) {
  return db.holiday.create({ data: holiday });
}

export function findHolidayOn(
  db: DbOrTx,
  where: { date: Date; kind: HolidayKind; programId: string | null; provinceCode: string | null },
) {
  return db.holiday.findFirst({ where });
}

export function deleteProgramHolidays(db: DbOrTx, programId: string, date: Date) {
  return db.holiday.deleteMany({ where: { programId, kind: "PROGRAM", date } });
}
