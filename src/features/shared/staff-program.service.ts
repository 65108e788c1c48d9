import type { Actor } from "../../bot/actor.ts";
import type { DbOrTx } from "../../db/client.ts";
import {
  listStaffPrograms,
  type ProgramWithProvinces,
} from "../../db/repositories/program-lookup.repository.ts";
import {
  dateColumn,
  isoDateOf,
  localDate,
  localTime,
  minutesOfDay,
  zoneLabelFor,
} from "../../domain/time.ts";
import { staffProgramIds } from "../access/access.ts";
import { resolveProgramScope } from "../access/scope.ts";
import { loadProgramCalendar } from "./program-calendar.ts";

export type StaffNeed = "view" | "manage";

/** A program as staff commands see it: dates as ISO strings, in the host province's zone. */
export interface StaffProgram {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  timeZone: string;
  zoneLabel: string;
  hostProvinceCode: string;
  hostProvinceName: string;
  sendingProvinceName: string;
  checkInClosesAt: string;
  workingWeekdays: number[];
  /**
   * The host units the actor is limited to for this command (unit-limited coordinator, mentor);
   * null = the whole program. From resolveProgramScope, the one scope model.
   */
  scopeUnitIds: readonly string[] | null;
}

/**
 * The program a staff command is about: among those the actor may view (or manage), the one
 * running today in its host province, else the next to start, else the latest that ended.
 * Undefined when the actor has no such program (the caller answers "not allowed").
 */
export async function resolveStaffProgram(
  db: DbOrTx,
  actor: Actor | undefined,
  need: StaffNeed,
  now: Date,
): Promise<StaffProgram | undefined> {
  if (!actor) return undefined;
  const ids = staffProgramIds(actor);
  if (ids !== undefined && ids.length === 0) return undefined;
  const programs = (await listStaffPrograms(db, ids)).filter(
    (program) => resolveProgramScope(actor, program.id, need) !== undefined,
  );
  const today = (program: ProgramWithProvinces) => localDate(now, program.hostProvince.timeZone);
  const chosen =
    programs.find((p) => isoDateOf(p.startDate) <= today(p) && today(p) <= isoDateOf(p.endDate)) ??
    programs.find((p) => isoDateOf(p.startDate) > today(p)) ??
    programs.at(-1);
  if (!chosen) return undefined;
  return toStaffProgram(chosen, resolveProgramScope(actor, chosen.id, need)?.hostUnitIds ?? null);
}

export function toStaffProgram(
  program: ProgramWithProvinces,
  scopeUnitIds: readonly string[] | null,
): StaffProgram {
  const timeZone = program.hostProvince.timeZone;
  return {
    id: program.id,
    name: program.name,
    startDate: isoDateOf(program.startDate),
    endDate: isoDateOf(program.endDate),
    timeZone,
    zoneLabel: zoneLabelFor(timeZone) ?? program.hostProvince.zone,
    hostProvinceCode: program.hostProvinceCode,
    hostProvinceName: program.hostProvince.shortName,
    sendingProvinceName: program.sendingProvince.shortName,
    checkInClosesAt: program.checkInClosesAt,
    workingWeekdays: program.workingWeekdays,
    scopeUnitIds,
  };
}

/** The program's working days (weekdays minus national, provincial and program days off). */
export async function programWorkingDays(db: DbOrTx, program: StaffProgram): Promise<string[]> {
  const calendar = await loadProgramCalendar(db, {
    id: program.id,
    hostProvinceCode: program.hostProvinceCode,
    startDate: dateColumn(program.startDate),
    endDate: dateColumn(program.endDate),
    workingWeekdays: program.workingWeekdays,
  });
  return calendar.workingDays(program.startDate, program.endDate);
}

/** True once the day's check-in window has closed: missing people are then alpa, not belum. */
export function isCheckInClosed(
  program: Pick<StaffProgram, "timeZone" | "checkInClosesAt">,
  day: string,
  now: Date,
): boolean {
  const today = localDate(now, program.timeZone);
  if (day !== today) return day < today;
  return minutesOfDay(localTime(now, program.timeZone)) >= minutesOfDay(program.checkInClosesAt);
}
