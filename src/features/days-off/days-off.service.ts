import { z } from "zod";
import {
  defineChatStateKind,
  type StateStore,
  takeState,
  writeState,
} from "../../bot/chat-state.ts";
import type { Db } from "../../db/client.ts";
import {
  deleteProgramHolidays,
  findHolidayOn,
  insertHoliday,
} from "../../db/repositories/days-off.repository.ts";
import { findProgramDaysOff } from "../../db/repositories/holidays.repository.ts";
import { findProgramById } from "../../db/repositories/programs.repository.ts";
import { dateColumn } from "../../domain/time.ts";
import type { HolidayKind } from "../../generated/prisma/enums.ts";
import { recordAudit } from "../audit/audit.service.ts";

/** What /libur was asked to do, kept while the coordinator picks the program. */
export type DaysOffAction =
  | { action: "list" }
  | { action: "add"; date: string; name: string }
  | { action: "remove"; date: string };

export const daysOffWaitKind = defineChatStateKind<DaysOffAction>({
  name: "days_off.wait",
  keyPrefix: "libur-wait",
  schema: z.discriminatedUnion("action", [
    z.object({ action: z.literal("list") }),
    z.object({ action: z.literal("add"), date: z.string(), name: z.string() }),
    z.object({ action: z.literal("remove"), date: z.string() }),
  ]),
  expiresAfterDays: 7,
});

export async function savePendingDaysOffAction(
  store: StateStore,
  telegramUserId: bigint,
  action: DaysOffAction,
): Promise<void> {
  await writeState(store, daysOffWaitKind, telegramUserId, action);
}

/** The action kept while the program was being picked, removed as it is read. */
export function takePendingDaysOffAction(
  store: StateStore,
  telegramUserId: bigint,
): Promise<DaysOffAction | undefined> {
  return takeState(store, daysOffWaitKind, telegramUserId);
}

export async function daysOffOfProgram(db: Db, programId: string) {
  const program = await findProgramById(db, programId);
  if (!program) return undefined;
  const days = await findProgramDaysOff(db, program, program.startDate, program.endDate);
  return { program, days };
}

/** Adds a day off; false when the same one is already there (adding twice changes nothing). */
export async function addDayOff(
  db: Db,
  input: {
    date: string;
    name: string;
    kind: HolidayKind;
    programId: string | null;
    provinceCode: string | null;
    actorId: string | null;
    now: Date;
  },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const where = {
      date: dateColumn(input.date),
      kind: input.kind,
      programId: input.programId,
      provinceCode: input.provinceCode,
    };
    if (await findHolidayOn(tx, where)) return false;
    await insertHoliday(tx, { ...where, name: input.name, createdById: input.actorId });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "day_off.added",
      programId: input.programId,
      details: { date: input.date, kind: input.kind, provinceCode: input.provinceCode },
      at: input.now,
    });
    return true;
  });
}

export async function removeProgramDayOff(
  db: Db,
  input: { programId: string; date: string; actorId: string | null; now: Date },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await deleteProgramHolidays(tx, input.programId, dateColumn(input.date));
    if (count === 0) return false;
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "day_off.removed",
      programId: input.programId,
      details: { date: input.date },
      at: input.now,
    });
    return true;
  });
}
