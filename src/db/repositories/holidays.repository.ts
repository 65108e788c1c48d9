import { HOLIDAYS_2026, SEEDED_HOLIDAY_YEAR } from "../../domain/holidays-2026.ts";
import type { HolidayKind } from "../../generated/prisma/enums.ts";
import type { DbOrTx } from "../client.ts";

const kindOf: Record<(typeof HOLIDAYS_2026)[number]["kind"], HolidayKind> = {
  national: "NATIONAL",
  cuti_bersama: "CUTI_BERSAMA",
};

/** Seeds the decreed days off once; afterwards the table is what administrators edit. */
export async function seedNationalHolidays(db: DbOrTx): Promise<number> {
  const from = new Date(Date.UTC(SEEDED_HOLIDAY_YEAR, 0, 1));
  const to = new Date(Date.UTC(SEEDED_HOLIDAY_YEAR + 1, 0, 1));
  const existing = await db.holiday.count({
    where: { date: { gte: from, lt: to }, kind: { in: ["NATIONAL", "CUTI_BERSAMA"] } },
  });
  if (existing > 0) return 0;
  const result = await db.holiday.createMany({
    data: HOLIDAYS_2026.map((holiday) => ({
      date: new Date(`${holiday.date}T00:00:00Z`),
      name: holiday.name,
      kind: kindOf[holiday.kind],
    })),
  });
  return result.count;
}

/**
 * Days off that apply to a program between two dates inclusive: national holidays and cuti
 * bersama (nationwide or for the host province), regional ones of the host province, and the
 * program's own.
 */
export function findProgramDaysOff(
  db: DbOrTx,
  program: { id: string; hostProvinceCode: string },
  from: Date,
  to: Date,
) {
  return db.holiday.findMany({
    where: {
      date: { gte: from, lte: to },
      OR: [
        {
          kind: { in: ["NATIONAL", "CUTI_BERSAMA"] },
          OR: [{ provinceCode: null }, { provinceCode: program.hostProvinceCode }],
        },
        { kind: "REGIONAL", provinceCode: program.hostProvinceCode },
        { kind: "PROGRAM", programId: program.id },
      ],
    },
    orderBy: [{ date: "asc" }, { createdAt: "asc" }],
  });
}
