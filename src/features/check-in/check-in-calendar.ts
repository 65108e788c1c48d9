import type { DbOrTx } from "../../db/client.ts";
import type { ProgramCalendar } from "../../domain/program-calendar.ts";
import { type CalendarProgram, loadProgramCalendar } from "../shared/program-calendar.ts";

/**
 * How long a program's days off are reused for check-ins. Every check-in of a morning asks the
 * same question of the holiday table, which administrators change a few times a year; a day
 * off entered now applies to check-ins at the latest this long after. The program's own dates
 * and working weekdays are part of the key, read fresh with the placement each time.
 */
export const CALENDAR_TTL_MS = 30_000;

interface Cached {
  calendar: Promise<ProgramCalendar>;
  expiresAt: number;
}

// Per database client, so two apps (tests) or a transaction never share entries.
const caches = new WeakMap<object, Map<string, Cached>>();

export function checkInCalendar(
  db: DbOrTx,
  program: CalendarProgram,
  nowMs: number,
): Promise<ProgramCalendar> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const key = [
    program.id,
    program.hostProvinceCode,
    program.startDate.toISOString(),
    program.endDate.toISOString(),
    program.workingWeekdays.join(","),
  ].join("|");
  const hit = cache.get(key);
  if (hit && hit.expiresAt > nowMs) return hit.calendar;
  if (cache.size > 1000) cache.clear();
  const calendar = loadProgramCalendar(db, program);
  const entry = { calendar, expiresAt: nowMs + CALENDAR_TTL_MS };
  cache.set(key, entry);
  // A failed load is not kept: the next check-in asks again.
  calendar.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return calendar;
}
