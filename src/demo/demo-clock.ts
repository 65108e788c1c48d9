import {
  isValidClockTime,
  isValidIsoDate,
  localDate,
  zonedDateTimeToInstant,
} from "../domain/time.ts";
import type { Clock } from "../shared/clock.ts";

/**
 * `--at 07:45` or `--at 2026-11-24T07:45` (host province time): a clock that starts there and
 * keeps running, so check-in can be tried at night and the scheduler still ticks.
 * Undefined when the text is not such a time.
 */
export function demoClockAt(at: string, real: Clock, timeZone: string): Clock | undefined {
  const match = /^(?:(\d{4}-\d{2}-\d{2})[T ])?(\d{2}:\d{2})$/.exec(at.trim());
  if (!match) return undefined;
  const date = match[1] ?? localDate(real.now(), timeZone);
  const time = match[2] as string;
  if (!isValidIsoDate(date) || !isValidClockTime(time)) return undefined;
  const offsetMs = zonedDateTimeToInstant(date, time, timeZone).getTime() - real.now().getTime();
  return { now: () => new Date(real.now().getTime() + offsetMs) };
}
