import type { DbOrTx } from "../../db/client.ts";
import {
  findParticipantDetails,
  type ParticipantHit,
  searchProgramParticipants,
} from "../../db/repositories/participant-lookup.repository.ts";
import {
  type AttendanceRecord,
  type AttendanceSummary,
  summariseAttendance,
} from "../../domain/attendance.ts";
import { normaliseNipInput } from "../../domain/nip.ts";
import { isoDateOf } from "../../domain/time.ts";
import {
  isCheckInClosed,
  programWorkingDays,
  type StaffProgram,
} from "../shared/staff-program.service.ts";

const MAX_HITS = 10;

/** Participants matching what staff typed after /peserta: an 18-digit NIP or part of a name. */
export function findParticipants(
  db: DbOrTx,
  program: StaffProgram,
  query: string,
): Promise<ParticipantHit[]> {
  const digits = normaliseNipInput(query);
  const byNip = /^\d{18}$/.test(digits);
  return searchProgramParticipants(
    db,
    program.id,
    byNip ? { nip: digits } : { name: query.trim() },
    program.scopeUnitIds ?? undefined,
    MAX_HITS,
  );
}

export interface ParticipantCard {
  fullName: string;
  nip: string | null;
  position: string | null;
  ownAgency: string | null;
  hostUnitName: string | null;
  mentorName: string | null;
  today: { status: string; recordedAt: Date; review: string } | undefined;
  todayClosed: boolean;
  /** Over the working days whose check-in window has closed; missing ones count as alpa. */
  summary: AttendanceSummary;
  dailyReports: number;
  finalReportAt: Date | null;
  feedbackGiven: boolean;
}

export async function loadParticipantCard(
  db: DbOrTx,
  program: StaffProgram,
  enrollmentId: string,
  today: string,
  now: Date,
): Promise<ParticipantCard | undefined> {
  const details = await findParticipantDetails(db, program.id, enrollmentId);
  if (!details) return undefined;
  const scope = program.scopeUnitIds;
  if (scope && !(details.hostUnitId && scope.includes(details.hostUnitId))) return undefined;
  const closedDays = (await programWorkingDays(db, program)).filter((day) =>
    isCheckInClosed(program, day, now),
  );
  const records: AttendanceRecord[] = details.checkIns.map((checkIn) => ({
    date: isoDateOf(checkIn.localDate),
    status: checkIn.status,
  }));
  const recorded = new Set(records.map((record) => record.date));
  for (const day of closedDays) {
    if (!recorded.has(day)) records.push({ date: day, status: "ALPA" });
  }
  const todayCheckIn = details.checkIns.find((checkIn) => isoDateOf(checkIn.localDate) === today);
  return {
    fullName: details.person.fullName,
    nip: details.person.nip,
    position: details.person.position,
    ownAgency: details.person.ownAgency,
    hostUnitName: details.hostUnit ? (details.hostUnit.shortName ?? details.hostUnit.name) : null,
    mentorName: details.hostUnit?.mentorName ?? null,
    today: todayCheckIn,
    todayClosed: isCheckInClosed(program, today, now),
    summary: summariseAttendance(records, closedDays),
    dailyReports: details._count.dailyReports,
    finalReportAt: details.finalReport?.submittedAt ?? null,
    feedbackGiven: details.feedback !== null,
  };
}
