import type { DbOrTx } from "../../db/client.ts";
import { findScheduleItems } from "../../db/repositories/schedule.repository.ts";
import { earlierDate, laterDate, mondayOf } from "../../domain/program-calendar.ts";
import { addDays, dateColumn, dayOfWeek, isoDateOf } from "../../domain/time.ts";
import type { DayStatus } from "../../domain/working-days.ts";
import type { ScheduleItem } from "../../generated/prisma/client.ts";
import type { ParticipantPlacement } from "../shared/participant-placement.ts";
import { loadProgramCalendar } from "../shared/program-calendar.ts";

export interface AgendaDay {
  date: string;
  status: DayStatus;
  items: ScheduleItem[];
}

export interface ParticipantAgenda {
  /** Where today falls relative to the program. */
  phase: "before" | "during" | "after";
  today: AgendaDay | undefined;
  /** The days of the week shown (today's week, or the first/last week of the program). */
  week: AgendaDay[];
}

/**
 * Today's and this week's agenda for a placed participant: program-wide items and those of the
 * host unit, each day with its status (working, weekend, holiday). Before the program starts
 * the first week is shown, after it ends the last one.
 */
export async function loadParticipantAgenda(
  db: DbOrTx,
  placement: ParticipantPlacement,
): Promise<ParticipantAgenda> {
  const { program, today } = placement;
  const start = isoDateOf(program.startDate);
  const end = isoDateOf(program.endDate);
  const phase = today < start ? "before" : today > end ? "after" : "during";
  const anchor = phase === "before" ? start : phase === "after" ? end : today;
  const monday = mondayOf(anchor, dayOfWeek(anchor));
  const sunday = addDays(monday, 6);
  const from = laterDate(monday, start);
  const to = earlierDate(sunday, end);
  const calendar = await loadProgramCalendar(db, program, { from, to });
  const items = await findScheduleItems(
    db,
    program.id,
    placement.hostUnit.id,
    dateColumn(from),
    dateColumn(to),
  );
  const week: AgendaDay[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    week.push({
      date: day,
      status: calendar.statusOn(day),
      items: items.filter((item) => isoDateOf(item.date) === day),
    });
  }
  return { phase, today: week.find((day) => day.date === today), week };
}

/** Agenda of one date (the placement notice shows the first day's). */
export function loadAgendaOn(
  db: DbOrTx,
  programId: string,
  hostUnitId: string,
  isoDate: string,
): Promise<ScheduleItem[]> {
  return findScheduleItems(db, programId, hostUnitId, dateColumn(isoDate), dateColumn(isoDate));
}
