import { flowKey } from "../../bot/flows.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import { clearAccountPersonalData } from "../../db/repositories/accounts.repository.ts";
import {
  addAnonymousAttendance,
  countCheckInsOfPerson,
} from "../../db/repositories/anonymous-attendance.repository.ts";
import { deleteChatState } from "../../db/repositories/chat-state.repository.ts";
import {
  deletePerson,
  findPersonWithEverything,
  type PersonWithEverything,
} from "../../db/repositories/persons.repository.ts";
import { findProvince } from "../../domain/provinces.ts";
import { isoDateOf, localDate } from "../../domain/time.ts";
import { recordAudit } from "../audit/audit.service.ts";

export interface PersonDataExport {
  fileName: string;
  content: Buffer;
}

/**
 * A copy of everything stored about the person (UU 27/2022, right of access), as JSON:
 * readable by people and by programs (portability). Telegram ids are strings, since they
 * may exceed what JSON numbers hold exactly.
 */
export async function exportPersonData(
  db: DbOrTx,
  personId: string,
  now: Date,
): Promise<PersonDataExport | undefined> {
  const person = await findPersonWithEverything(db, personId);
  if (!person) return undefined;
  const hostCode = person.enrollments.at(-1)?.program.hostProvinceCode;
  const timeZone = (hostCode && findProvince(hostCode)?.timeZone) || "Asia/Jakarta";
  const document = describePerson(person, now);
  const json = JSON.stringify(
    document,
    (_key, value) => (typeof value === "bigint" ? value.toString() : value),
    2,
  );
  return {
    fileName: `data-saya-${localDate(now, timeZone)}.json`,
    content: Buffer.from(json, "utf8"),
  };
}

function describePerson(person: PersonWithEverything, now: Date) {
  const { account, consents, roles, enrollments, ...details } = person;
  return {
    exportedAt: now.toISOString(),
    person: details,
    telegramAccount: account
      ? {
          telegramUserId: account.telegramUserId,
          firstName: account.firstName,
          username: account.username,
          locale: account.locale,
          firstSeenAt: account.firstSeenAt,
          lastSeenAt: account.lastSeenAt,
        }
      : null,
    consents,
    roles,
    enrollments: enrollments.map(
      ({ checkIns, dailyReports, finalReport, feedback, program, hostUnit, ...enrollment }) => ({
        ...enrollment,
        program: {
          id: program.id,
          name: program.name,
          startDate: isoDateOf(program.startDate),
          endDate: isoDateOf(program.endDate),
        },
        hostUnit,
        checkIns: checkIns.map((checkIn) => ({
          ...checkIn,
          localDate: isoDateOf(checkIn.localDate),
        })),
        dailyReports: dailyReports.map((report) => ({
          ...report,
          localDate: isoDateOf(report.localDate),
        })),
        finalReport,
        feedback,
      }),
    ),
  };
}

export interface ErasureResult {
  enrollments: number;
  checkIns: number;
}

/**
 * Erases the person (UU 27/2022, right to deletion). Their check-ins first become anonymous
 * counts per program, day and status, so the programs' recaps keep their totals; then the
 * person goes with everything that hangs on them, and the Telegram account keeps only its
 * language. An unfinished conversation is dropped too, since it may hold typed answers.
 */
export async function erasePerson(
  db: Db,
  personId: string,
  telegramUserId: bigint,
  now: Date,
): Promise<ErasureResult | undefined> {
  return db.$transaction(async (tx) => {
    const person = await findPersonWithEverything(tx, personId);
    if (!person) return undefined;
    const counts = await countCheckInsOfPerson(tx, personId);
    for (const count of counts) await addAnonymousAttendance(tx, count);
    await deletePerson(tx, personId);
    await clearAccountPersonalData(tx, telegramUserId);
    await deleteChatState(tx, flowKey(telegramUserId));
    const result = {
      enrollments: person.enrollments.length,
      checkIns: counts.reduce((sum, count) => sum + count.count, 0),
    };
    // No actor id: it would tie this entry back to the person's earlier audit entries.
    await recordAudit(tx, {
      actorId: null,
      action: "person.erased",
      details: { ...result, programIds: person.enrollments.map((e) => e.programId) },
      at: now,
    });
    return result;
  });
}
