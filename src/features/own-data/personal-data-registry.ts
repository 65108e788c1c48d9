import type { DbOrTx } from "../../db/client.ts";
import { addCheckInsOfPersonToAnonymousCounts } from "../../db/repositories/anonymous-attendance.repository.ts";
import {
  deleteCertificatesOfEnrollments,
  forgetCertificateStaff,
  listCertificatesOfEnrollments,
} from "../../db/repositories/certificate.repository.ts";
import {
  findPersonWithEverything,
  type PersonWithEverything,
} from "../../db/repositories/persons.repository.ts";
import { formatNip } from "../../domain/nip.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { escapeHtml } from "../../shared/html.ts";
import { chatStateKeysOfUsers } from "../chat-state-kinds.ts";

/**
 * THE list of every place Tandang keeps personal data (UU 27/2022). /dataku exports what these
 * stores return, /hapusdata and the retention job erase through them (one transaction), and
 * test/features/own-data/registry-coverage.test.ts fails when a database column exists that is
 * neither claimed by a store here nor listed in `notPersonalColumns`: a new table joins here.
 *
 * Why here, in the own-data feature: the registry is that feature's model of "what we hold";
 * each entry bundles the description, the columns (for the coverage test and the docs) and the
 * database access for one person (functions take the transaction first, as repositories do),
 * so that adding a table is one edit in one file. Files under DATA_DIR are entries too.
 */

/** Who is being exported or erased: every identifier the data may be found by. */
export interface DataSubject {
  personId: string | null;
  telegramUserIds: bigint[];
  nips: string[];
  /** As stored (+62…, 08…); see `phoneNeedles` for the forms searched. */
  phones: string[];
  names: string[];
  enrollmentIds: string[];
}

/** What an erasure must do once the transaction has committed (files are not transactional). */
/** Programs whose signatory list mentions the person somewhere (narrowed by namesSignatory). */
async function signatoryPrograms(db: DbOrTx, subject: DataSubject) {
  const ids = await idsMatching(db, "Program", "id", "certificateSignatories", subject);
  const rows = await db.program.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, certificateSignatories: true },
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    signatories: Array.isArray(row.certificateSignatories) ? row.certificateSignatories : [],
  }));
}

const digitsOf = (value: unknown) => (typeof value === "string" ? value.replace(/\D/g, "") : "");

/**
 * Whether a signatory entry is the person: by NIP where the entry has one, else by the whole
 * name. Never by a name found inside a longer one ("Dr. Budi Santoso, M.Si" is not every Budi
 * Santoso), so a namesake's /hapusdata cannot remove another program's signatory.
 */
function namesSignatory(item: unknown, subject: DataSubject): boolean {
  if (typeof item !== "object" || item === null) return false;
  const { name, nip } = item as { name?: unknown; nip?: unknown };
  const nipDigits = digitsOf(nip);
  if (nipDigits) return subject.nips.some((own) => digitsOf(own) === nipDigits);
  const wanted = typeof name === "string" ? name.trim().toLowerCase() : "";
  return wanted !== "" && subject.names.some((own) => own.trim().toLowerCase() === wanted);
}

export interface ErasureEffects {
  files: string[];
  /** Rows changed per store, for the log and the audit entry (no personal data). */
  counts: Record<string, number>;
}

export interface PersonalDataStore {
  /** Stable name: the key in the /dataku file and in logs. */
  name: string;
  /** What the store holds, for people (SECURITY.md mirrors this). */
  description: string;
  /** How long it is kept. */
  kept: string;
  /** Database columns this store answers for: table → columns. */
  columns: Record<string, string[]>;
  /** The person's data in this store, JSON-ready; undefined or empty when there is none. */
  export?(db: DbOrTx, subject: DataSubject): Promise<unknown>;
  /** Erases or anonymises the person's data in this store; returns the rows changed. */
  erase(db: DbOrTx, subject: DataSubject, effects: ErasureEffects): Promise<number>;
}

/** Replaces the person's identifiers inside a stored text or JSON value. */
export const ERASED_MARK = "[dihapus]";

const RETENTION = "until 12 months after the person's last program ends, or /hapusdata";

/** The order matters: check-ins become anonymous counts before the person goes. */
export const personalDataStores: readonly PersonalDataStore[] = [
  {
    name: "checkIns",
    description: "check-ins: status, reason, coordinates, accuracy, distance, selfie file id",
    kept: `${RETENTION}; anonymous counts per program, day and status remain`,
    columns: {
      CheckIn: [
        "enrollmentId",
        "reason",
        "latitude",
        "longitude",
        "accuracyM",
        "distanceM",
        "photoFileId",
        "reviewedById",
      ],
      AnonymousAttendance: [],
    },
    // Exported inside `enrollments` (store "person").
    erase: async (db, subject) => {
      let changed = 0;
      if (subject.personId) {
        await addCheckInsOfPersonToAnonymousCounts(db, subject.personId);
        changed += (
          await db.checkIn.deleteMany({ where: { enrollment: { personId: subject.personId } } })
        ).count;
        // A reviewer's id on other people's check-ins would point at an erased person.
        changed += (
          await db.checkIn.updateMany({
            where: { reviewedById: subject.personId },
            data: { reviewedById: null },
          })
        ).count;
      }
      return changed;
    },
  },
  {
    name: "dailyReports",
    description: "daily reports: text and photo file ids",
    kept: RETENTION,
    columns: { DailyReport: ["enrollmentId", "text", "photoFileIds"] },
    erase: async (db, subject) =>
      (await db.dailyReport.deleteMany({ where: { enrollmentId: { in: subject.enrollmentIds } } }))
        .count,
  },
  {
    name: "finalReports",
    description: "final reports: text, Telegram file id, file name, and the file under DATA_DIR",
    kept: RETENTION,
    columns: {
      FinalReport: ["enrollmentId", "text", "fileId", "fileName", "mimeType", "storedPath"],
    },
    erase: async (db, subject, effects) => {
      const reports = await db.finalReport.findMany({
        where: { enrollmentId: { in: subject.enrollmentIds } },
        select: { storedPath: true },
      });
      for (const report of reports) if (report.storedPath) effects.files.push(report.storedPath);
      return (
        await db.finalReport.deleteMany({ where: { enrollmentId: { in: subject.enrollmentIds } } })
      ).count;
    },
  },
  {
    name: "feedback",
    description: "ratings of the host and mentor, and the comment",
    kept: RETENTION,
    columns: { Feedback: ["enrollmentId", "comment"] },
    erase: async (db, subject) =>
      (await db.feedback.deleteMany({ where: { enrollmentId: { in: subject.enrollmentIds } } }))
        .count,
  },
  {
    name: "mentorAssessments",
    description:
      "the host mentor's assessment of the participant (scores per criterion and comment); for a mentor, who gave which assessment",
    kept: RETENTION,
    columns: { MentorAssessment: ["enrollmentId", "assessorId", "scores", "comment"] },
    export: async (db, subject) => {
      const [received, given] = await Promise.all([
        db.mentorAssessment.findMany({
          where: { enrollmentId: { in: subject.enrollmentIds } },
          select: {
            id: true,
            enrollmentId: true,
            programId: true,
            scores: true,
            comment: true,
            submittedAt: true,
          },
        }),
        // Assessments the person gave: which and when; the content is the participant's data.
        subject.personId
          ? db.mentorAssessment.findMany({
              where: { assessorId: subject.personId },
              select: { id: true, programId: true, submittedAt: true },
            })
          : Promise.resolve([]),
      ]);
      return received.length + given.length > 0 ? { received, given } : undefined;
    },
    erase: async (db, subject) => {
      let changed = (
        await db.mentorAssessment.deleteMany({
          where: { enrollmentId: { in: subject.enrollmentIds } },
        })
      ).count;
      if (subject.personId) {
        // A mentor's erasure leaves the participants' assessments without the assessor's id.
        changed += (
          await db.mentorAssessment.updateMany({
            where: { assessorId: subject.personId },
            data: { assessorId: null },
          })
        ).count;
      }
      return changed;
    },
  },
  {
    name: "certificates",
    description:
      "certificates: number, holder's name as printed, status, revocation reason; the PDF is built when sent, never stored",
    kept: `${RETENTION}; once erased the number verifies as unknown`,
    columns: {
      Certificate: [
        "enrollmentId",
        "number",
        "holderName",
        "revokedReason",
        "issuedById",
        "revokedById",
      ],
    },
    export: (db, subject) => listCertificatesOfEnrollments(db, subject.enrollmentIds),
    erase: async (db, subject) =>
      (await deleteCertificatesOfEnrollments(db, subject.enrollmentIds)) +
      (subject.personId ? await forgetCertificateStaff(db, subject.personId) : 0),
  },
  {
    name: "certificateSignatories",
    description: "programs naming the person as a certificate signatory: name, position, NIP",
    kept: "until the program's settings change, or /hapusdata (the signatory is removed)",
    columns: { Program: ["certificateSignatories"] },
    export: async (db, subject) => {
      const programs = await signatoryPrograms(db, subject);
      const named = programs
        .map((program) => ({
          id: program.id,
          name: program.name,
          signatories: program.signatories.filter((item) => namesSignatory(item, subject)),
        }))
        .filter((program) => program.signatories.length > 0);
      return named.length > 0 ? named : undefined;
    },
    erase: async (db, subject) => {
      let changed = 0;
      for (const program of await signatoryPrograms(db, subject)) {
        // A signatory who is the person is removed whole: a half-erased name is not printed.
        const kept = program.signatories.filter((item) => !namesSignatory(item, subject));
        if (kept.length === program.signatories.length) continue;
        await db.program.update({
          where: { id: program.id },
          data: { certificateSignatories: kept as Prisma.InputJsonValue },
        });
        changed += 1;
      }
      return changed;
    },
  },
  {
    name: "person",
    description:
      "name, NIP, position, own agency, phone; consents; roles held; program enrollments with their check-ins, reports and feedback",
    kept: RETENTION,
    columns: {
      Person: ["id", "fullName", "nip", "position", "ownAgency", "phone"],
      ConsentRecord: ["personId", "textVersion"],
      RoleGrant: ["personId", "grantedById"],
      Enrollment: ["personId"],
    },
    export: async (db, subject) => {
      if (!subject.personId) return undefined;
      const person = await findPersonWithEverything(db, subject.personId);
      return person ? describePerson(person) : undefined;
    },
    erase: async (db, subject) => {
      if (!subject.personId) return 0;
      await db.roleGrant.updateMany({
        where: { grantedById: subject.personId },
        data: { grantedById: null },
      });
      // Consents, roles and enrollments cascade with the person.
      return (await db.person.deleteMany({ where: { id: subject.personId } })).count;
    },
  },
  {
    name: "telegramAccount",
    description:
      "Telegram account: user id, first name, username, language, first/last seen, why unreachable",
    kept: "name and username until /hapusdata or the retention erasure; the user id and language (to answer in it) while the account uses the bot, deleted 12 months after it was last seen",
    columns: {
      TelegramAccount: [
        "telegramUserId",
        "personId",
        "locale",
        "firstName",
        "username",
        "unreachableWhy",
      ],
    },
    export: async (db, subject) => {
      const accounts = await db.telegramAccount.findMany({
        where: { telegramUserId: { in: subject.telegramUserIds } },
      });
      return accounts.map((account) => ({
        telegramUserId: account.telegramUserId,
        firstName: account.firstName,
        username: account.username,
        locale: account.locale,
        firstSeenAt: account.firstSeenAt,
        lastSeenAt: account.lastSeenAt,
        unreachableAt: account.unreachableAt,
      }));
    },
    erase: async (db, subject) =>
      (
        await db.telegramAccount.updateMany({
          where: { telegramUserId: { in: subject.telegramUserIds } },
          data: { personId: null, firstName: null, username: null, unreachableWhy: null },
        })
      ).count,
  },
  {
    name: "rosterEntries",
    description:
      "rows of rosters imported by coordinators with the person's NIP: name, position, agency, phone",
    kept: "until 12 months after that program ends, or /hapusdata",
    columns: { RosterEntry: ["nip", "fullName", "position", "ownAgency", "phone"] },
    export: (db, subject) =>
      db.rosterEntry.findMany({
        where: { nip: { in: subject.nips } },
        include: { program: { select: { id: true, name: true } } },
      }),
    erase: async (db, subject) =>
      (await db.rosterEntry.deleteMany({ where: { nip: { in: subject.nips } } })).count,
  },
  {
    name: "mentorOf",
    description: "host units naming the person as mentor: name, phone, username",
    kept: "until 12 months after that program ends, or /hapusdata",
    columns: { HostUnit: ["mentorName", "mentorPhone", "mentorUsername"] },
    export: (db, subject) =>
      db.hostUnit.findMany({
        where: mentorWhere(subject),
        select: { id: true, name: true, mentorName: true, mentorPhone: true, mentorUsername: true },
      }),
    erase: async (db, subject) =>
      (
        await db.hostUnit.updateMany({
          where: mentorWhere(subject),
          data: { mentorName: null, mentorPhone: null, mentorUsername: null },
        })
      ).count,
  },
  {
    name: "createdByPerson",
    description:
      "programs, invites, holidays, broadcasts and role grants the person created (their id only)",
    kept: "the records stay (they belong to the program); the person's id is removed at erasure",
    columns: {
      Program: ["createdById"],
      Invite: ["createdById"],
      Holiday: ["createdById"],
      Broadcast: ["createdById"],
    },
    export: async (db, subject) => {
      if (!subject.personId) return undefined;
      const createdById = subject.personId;
      const [programs, invites, holidays, broadcasts, rolesGranted] = await Promise.all([
        db.program.findMany({ where: { createdById }, select: { id: true, name: true } }),
        db.invite.findMany({
          where: { createdById },
          select: { id: true, role: true, programId: true, createdAt: true, revokedAt: true },
        }),
        db.holiday.findMany({
          where: { createdById },
          select: { id: true, date: true, name: true },
        }),
        db.broadcast.findMany({
          where: { createdById },
          select: { id: true, programId: true, contentKind: true, text: true, createdAt: true },
        }),
        db.roleGrant.findMany({
          where: { grantedById: createdById },
          select: { id: true, role: true, programId: true, grantedAt: true, revokedAt: true },
        }),
      ]);
      return { programs, invites, holidays, broadcasts, rolesGranted };
    },
    erase: async (db, subject) => {
      if (!subject.personId) return 0;
      const where = { createdById: subject.personId };
      const data = { createdById: null };
      const results = await Promise.all([
        db.program.updateMany({ where, data }),
        db.invite.updateMany({ where, data }),
        db.holiday.updateMany({ where, data }),
        db.broadcast.updateMany({ where, data }),
      ]);
      return results.reduce((sum, result) => sum + result.count, 0);
    },
  },
  {
    name: "auditEntries",
    description: "audit log entries the person made, or whose details name them",
    kept: "the entries stay without the person's id or identifiers",
    columns: { AuditEntry: ["actorId", "details"] },
    export: async (db, subject) => {
      const mentioning = await idsMatching(db, "AuditEntry", "id", "details", subject);
      return db.auditEntry.findMany({
        where: {
          OR: [
            ...(subject.personId ? [{ actorId: subject.personId }] : []),
            { id: { in: mentioning.map(BigInt) } },
          ],
        },
        orderBy: { id: "asc" },
      });
    },
    erase: async (db, subject) => {
      let changed = 0;
      if (subject.personId) {
        changed += (
          await db.auditEntry.updateMany({
            where: { actorId: subject.personId },
            data: { actorId: null },
          })
        ).count;
      }
      const ids = await idsMatching(db, "AuditEntry", "id", "details", subject);
      for (const id of ids) {
        const entry = await db.auditEntry.findUnique({ where: { id: BigInt(id) } });
        if (!entry) continue;
        await db.auditEntry.update({
          where: { id: entry.id },
          data: { details: redact(entry.details, subject) as Prisma.InputJsonValue },
        });
        changed += 1;
      }
      return changed;
    },
  },
  {
    name: "broadcastTexts",
    description: "announcements by staff whose text names the person",
    kept: "the announcement stays (it belongs to the program); the person's identifiers are replaced at erasure",
    columns: { Broadcast: ["text"] },
    export: async (db, subject) => {
      const ids = await idsMatching(db, "Broadcast", "id", "text", subject);
      return db.broadcast.findMany({
        where: { id: { in: ids } },
        select: { id: true, programId: true, text: true, createdAt: true },
      });
    },
    erase: async (db, subject) => {
      const ids = await idsMatching(db, "Broadcast", "id", "text", subject);
      for (const id of ids) {
        const row = await db.broadcast.findUnique({ where: { id }, select: { text: true } });
        await db.broadcast.update({
          where: { id },
          data: { text: redact(row?.text ?? null, subject) as string | null },
        });
      }
      return ids.length;
    },
  },
  {
    name: "registrationRequests",
    description:
      "registrations waiting for a coordinator's approval: Telegram name, NIP, phone, the flow's answers",
    kept: "until decided (then without phone, names or full NIP), 12 months after that program ends, or /hapusdata",
    columns: {
      RegistrationRequest: [
        "telegramUserId",
        "telegramName",
        "nip",
        "nipMasked",
        "phone",
        "answers",
        "decidedById",
      ],
    },
    export: async (db, subject) => {
      const ids = await idsMatching(db, "RegistrationRequest", "id", "answers", subject);
      return db.registrationRequest.findMany({
        where: {
          OR: [
            { telegramUserId: { in: subject.telegramUserIds } },
            { nip: { in: subject.nips } },
            { id: { in: ids } },
          ],
        },
        orderBy: { createdAt: "asc" },
      });
    },
    erase: async (db, subject) => {
      const ids = await idsMatching(db, "RegistrationRequest", "id", "answers", subject);
      let changed = (
        await db.registrationRequest.deleteMany({
          where: {
            OR: [
              { telegramUserId: { in: subject.telegramUserIds } },
              { nip: { in: subject.nips } },
              { id: { in: ids } },
            ],
          },
        })
      ).count;
      if (subject.personId) {
        changed += (
          await db.registrationRequest.updateMany({
            where: { decidedById: subject.personId },
            data: { decidedById: null },
          })
        ).count;
      }
      return changed;
    },
  },
  {
    name: "registrationAttempts",
    description: "unproven registration attempts (Telegram id, invite, outcome; no NIP or phone)",
    kept: "INBOX_RETENTION_DAYS (default 7) days (the limit counts one hour), or /hapusdata",
    columns: { RegistrationAttempt: ["telegramUserId"] },
    export: (db, subject) =>
      db.registrationAttempt.findMany({
        where: { telegramUserId: { in: subject.telegramUserIds } },
        orderBy: { id: "asc" },
      }),
    erase: async (db, subject) =>
      (
        await db.registrationAttempt.deleteMany({
          where: { telegramUserId: { in: subject.telegramUserIds } },
        })
      ).count,
  },
  {
    name: "inboxUpdates",
    description:
      "raw updates received from Telegram (what the person typed or shared: NIP, contact, location, photos' file ids)",
    kept: "deleted INBOX_RETENTION_DAYS (default 7) days after they were handled, or at /hapusdata",
    columns: { InboxUpdate: ["chatId", "payload", "lastError"] },
    export: async (db, subject) => {
      const ids = await inboxIdsOf(db, subject);
      return db.inboxUpdate.findMany({
        where: { updateId: { in: ids } },
        select: { updateId: true, receivedAt: true, handledAt: true, payload: true },
        orderBy: { updateId: "asc" },
      });
    },
    erase: async (db, subject) => {
      const ids = await inboxIdsOf(db, subject);
      return (await db.inboxUpdate.deleteMany({ where: { updateId: { in: ids } } })).count;
    },
  },
  {
    name: "outboxMessages",
    description: "messages the bot queued or sent to the person, or that name them",
    kept: "text and recipient removed OUTBOX_RETENTION_DAYS (default 30) days after delivery; counts kept for delivery reports",
    columns: { OutboxMessage: ["dedupeKey", "chatId", "personId", "payload", "lastError"] },
    export: async (db, subject) => {
      const mentioning = await idsMatching(db, "OutboxMessage", "id", "payload", subject);
      return db.outboxMessage.findMany({
        where: { OR: [...outboxOwnWhere(subject), { id: { in: mentioning.map(BigInt) } }] },
        select: {
          id: true,
          kind: true,
          method: true,
          payload: true,
          status: true,
          createdAt: true,
          sentAt: true,
        },
        orderBy: { id: "asc" },
      });
    },
    erase: async (db, subject) => {
      // The person's own messages: text and recipient go, unsent ones are cancelled; status,
      // kind and times stay for the delivery reports.
      const own = await db.$executeRaw`
        UPDATE "OutboxMessage"
        SET "payload" = '{}'::jsonb, "chatId" = 0, "personId" = NULL, "lastError" = NULL,
            "dedupeKey" = 'erased:' || "id",
            "status" = CASE WHEN "status" IN ('PENDING', 'SENDING') THEN 'CANCELLED'::"OutboxStatus"
                            ELSE "status" END,
            "leaseUntil" = NULL, "leasedBy" = NULL
        WHERE "personId" = ${subject.personId} OR "chatId" = ANY(${subject.telegramUserIds}::bigint[])`;
      // Messages to others that name the person (e.g. a coordinator's notice): the name goes.
      const mentioning = await idsMatching(db, "OutboxMessage", "id", "payload", subject);
      for (const id of mentioning) {
        const row = await db.outboxMessage.findUnique({ where: { id: BigInt(id) } });
        if (!row) continue;
        await db.outboxMessage.update({
          where: { id: row.id },
          data: {
            payload: redact(row.payload, subject) as Prisma.InputJsonValue,
            lastError: null,
          },
        });
      }
      return own + mentioning.length;
    },
  },
  {
    name: "chatState",
    description:
      "unfinished conversations (registration, reports, imports, placement, days off) under any key scheme",
    kept: "expires after CHAT_STATE_IDLE_DAYS (default 7) idle days, or at /hapusdata",
    columns: { ChatState: ["key", "value"] },
    export: async (db, subject) => {
      const keys = await chatStateKeysOf(db, subject);
      return db.chatState.findMany({ where: { key: { in: keys } }, orderBy: { key: "asc" } });
    },
    erase: async (db, subject) => {
      // Another user's state naming the person (a pending import, a placement proposal) goes too:
      // that user starts the step again.
      const keys = await chatStateKeysOf(db, subject);
      return (await db.chatState.deleteMany({ where: { key: { in: keys } } })).count;
    },
  },
];

/**
 * Columns that cannot hold personal data, each with the reason. Every text, JSON, array,
 * bigint and floating-point column of every table is either here or claimed by a store above.
 */
export const notPersonalColumns: Record<string, Record<string, string>> = {
  Province: byReason(["code", "name", "iso", "shortName", "zone", "timeZone"], "reference data"),
  Agency: byReason(["id", "provinceCode", "name", "shortName"], "reference data"),
  Holiday: byReason(["id", "name", "provinceCode", "programId"], "calendar data"),
  ConsentRecord: byReason(["id"], "row id"),
  RoleGrant: byReason(["id", "programId", "hostUnitId"], "row and program ids"),
  Program: {
    ...byReason(
      [
        "id",
        "name",
        "sendingProvinceCode",
        "hostProvinceCode",
        "workingWeekdays",
        "checkInOpensAt",
        "startOfDayAt",
        "checkInClosesAt",
        "endOfDayAt",
        "morningReminderAt",
        "eveningReminderAt",
        "dailyRecapAt",
        "preStartReminderAt",
        "agreementRef",
        "assessmentCriteria",
        "returnOfProgramId",
      ],
      "program settings",
    ),
    coordinatorChatId: "a group chat's id, not a person's",
  },
  HostUnit: byReason(
    ["id", "programId", "name", "shortName", "address", "latitude", "longitude", "counterparts"],
    "an office: its name, address and coordinates",
  ),
  RosterEntry: byReason(["id", "programId", "hostUnitId"], "row, program and unit ids"),
  Enrollment: byReason(["id", "programId", "hostUnitId"], "row, program and unit ids"),
  ScheduleItem: byReason(
    ["id", "programId", "hostUnitId", "startTime", "endTime", "title", "place"],
    "the program's agenda",
  ),
  CheckIn: byReason(["id", "programId", "hostUnitId"], "row, program and unit ids"),
  DailyReport: byReason(["id", "programId"], "row and program ids"),
  FinalReport: byReason(["id"], "row id"),
  Certificate: byReason(["id", "programId", "replacesId"], "row, program and replaced-row ids"),
  Feedback: byReason(["id"], "row id"),
  MentorAssessment: byReason(["id", "programId"], "row and program ids"),
  AnonymousAttendance: byReason(["id", "programId"], "anonymous counts"),
  Invite: byReason(["id", "code", "programId", "hostUnitId"], "an invite code and its scope"),
  AuditEntry: byReason(["id", "action", "programId"], "event name and ids"),
  InboxUpdate: byReason(["updateId"], "Telegram's update counter"),
  ScheduledJobRun: byReason(["id", "programId"], "job bookkeeping"),
  RegistrationRequest: byReason(
    ["id", "programId", "inviteCode", "reason"],
    "the request's program, invite and why it needs a person",
  ),
  RegistrationAttempt: byReason(
    ["id", "inviteCode", "programId", "outcome"],
    "attempt bookkeeping",
  ),
  Broadcast: {
    ...byReason(
      ["id", "programId", "contentKind", "fileId", "fileName", "audience"],
      "an announcement's kind, attachment and audience kind (all, unit, absent…), chosen by staff",
    ),
    progressChatId: "the staff chat the progress message is in",
  },
  OutboxMessage: byReason(
    ["id", "kind", "method", "leasedBy", "broadcastId"],
    "delivery bookkeeping",
  ),
  _prisma_migrations: byReason(
    ["id", "checksum", "migration_name", "logs"],
    "migration bookkeeping",
  ),
};

function byReason(columns: string[], reason: string): Record<string, string> {
  return Object.fromEntries(columns.map((column) => [column, reason]));
}

// ───────────── Finding the person's traces ─────────────

function outboxOwnWhere(subject: DataSubject): Prisma.OutboxMessageWhereInput[] {
  return [
    ...(subject.personId ? [{ personId: subject.personId }] : []),
    { chatId: { in: subject.telegramUserIds } },
  ];
}

function mentorWhere(subject: DataSubject): Prisma.HostUnitWhereInput {
  const phones = subject.phones.flatMap(phoneForms);
  return {
    OR: [
      { mentorPhone: { in: phones } },
      ...subject.names.map((name) => ({
        mentorName: { equals: name, mode: "insensitive" as const },
      })),
    ],
  };
}

/** The forms a phone number is written in: +62812…, 62812…, 0812…. */
export function phoneForms(phone: string): string[] {
  const core = phoneCore(phone);
  if (!core) return [phone];
  return [phone, `+62${core}`, `62${core}`, `0${core}`];
}

/** The number without its country or trunk prefix (812…), the part every form contains. */
export function phoneCore(phone: string): string | undefined {
  const digits = phone.replace(/\D/g, "");
  const core = digits.replace(/^62/, "").replace(/^0/, "");
  return core.length >= 8 ? core : undefined;
}

/**
 * What the person's data is recognised by inside free text and JSON. `anywhere`: matched as a
 * substring: the NIP (plain and grouped), the phone's core digits (inside +62…, 62…, 0…), the
 * person id. `words`: the name (plain and HTML-escaped), matched only as a whole word, so that
 * erasing "Ani" leaves "Pertanian" alone.
 */
export interface Needles {
  anywhere: string[];
  words: string[];
}

export function needlesOf(subject: DataSubject): Needles {
  const anywhere = new Set<string>();
  const words = new Set<string>();
  for (const nip of subject.nips) {
    anywhere.add(nip);
    anywhere.add(formatNip(nip));
  }
  for (const phone of subject.phones) {
    const core = phoneCore(phone);
    if (core) anywhere.add(core);
  }
  if (subject.personId) anywhere.add(subject.personId);
  for (const name of subject.names) {
    const trimmed = name.trim();
    if (trimmed.length < 3) continue;
    words.add(trimmed);
    words.add(escapeHtml(trimmed));
  }
  return {
    anywhere: [...anywhere].filter((needle) => needle.length >= 3),
    words: [...words],
  };
}

const regexSpecials = /[.*+?^${}()|[\]\\]/g;

/** SQL parameters for `matchesSql`: LIKE patterns and POSIX regexes (whole words). */
function sqlMatchers(subject: DataSubject): [string[], string[]] {
  const { anywhere, words } = needlesOf(subject);
  return [
    anywhere.map((needle) => `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
    words.map((word) => `(^|[^[:alnum:]])${word.replace(regexSpecials, "\\$&")}($|[^[:alnum:]])`),
  ];
}

/** The condition "column mentions the person", with the matchers as parameters $a and $b. */
function matchesSql(column: string, a: number, b: number): string {
  return `(${column}::text ILIKE ANY($${a}::text[]) OR ${column}::text ~* ANY($${b}::text[]))`;
}

/** Ids of rows whose text or JSON column mentions any of the person's identifiers. */
async function idsMatching(
  db: DbOrTx,
  table: string,
  idColumn: string,
  column: string,
  subject: DataSubject,
): Promise<string[]> {
  const [like, words] = sqlMatchers(subject);
  if (like.length + words.length === 0) return [];
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT "${idColumn}"::text AS id FROM "${table}" WHERE ${matchesSql(`"${column}"`, 1, 2)}`,
    like,
    words,
  );
  return rows.map((row) => row.id);
}

/** Updates from the person's chats or by them (any update type), or naming them. */
async function inboxIdsOf(db: DbOrTx, subject: DataSubject): Promise<bigint[]> {
  const [like, words] = sqlMatchers(subject);
  const users = subject.telegramUserIds.map((id) => id.toString());
  const rows = await db.$queryRawUnsafe<{ id: bigint }[]>(
    `SELECT "updateId" AS id FROM "InboxUpdate"
     WHERE "chatId" = ANY($1::bigint[])
        OR EXISTS (SELECT 1 FROM jsonb_path_query("payload", 'lax $.**.from.id') AS f(v)
                   WHERE f.v #>> '{}' = ANY($2::text[]))
        OR ${matchesSql(`"payload"`, 3, 4)}`,
    users,
    users,
    like,
    words,
  );
  return rows.map((row) => BigInt(row.id));
}

/**
 * Keys of the person's own states (every kind in chat-state-kinds.ts, under each of their
 * Telegram accounts) and of other users' states naming them.
 */
async function chatStateKeysOf(db: DbOrTx, subject: DataSubject): Promise<string[]> {
  const own = chatStateKeysOfUsers(subject.telegramUserIds);
  const [like, words] = sqlMatchers(subject);
  const rows = await db.$queryRawUnsafe<{ key: string }[]>(
    `SELECT "key" FROM "ChatState" WHERE "key" = ANY($1::text[]) OR ${matchesSql(`"value"`, 2, 3)}`,
    own,
    like,
    words,
  );
  return rows.map((row) => row.key);
}

/** The value with every occurrence of the person's identifiers replaced by ERASED_MARK. */
export function redact(value: unknown, subject: DataSubject): unknown {
  const { anywhere, words } = needlesOf(subject);
  const literal = (needle: string) => needle.replace(regexSpecials, "\\$&");
  const alternatives = [
    ...anywhere.map(literal),
    ...words.map((word) => `(?<![\\p{L}\\p{N}])${literal(word)}(?![\\p{L}\\p{N}])`),
  ].sort((a, b) => b.length - a.length);
  if (alternatives.length === 0) return value;
  const pattern = new RegExp(alternatives.join("|"), "giu");
  const walk = (item: unknown): unknown => {
    if (typeof item === "string") return item.replace(pattern, ERASED_MARK);
    if (Array.isArray(item)) return item.map(walk);
    if (item && typeof item === "object") {
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, walk(inner)]));
    }
    return item;
  };
  return walk(value);
}

// ───────────── The person, as /dataku has always shown it ─────────────

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function describePerson(person: PersonWithEverything) {
  const { account: _account, consents, roles, enrollments, ...details } = person;
  return {
    person: details,
    consents,
    roles,
    enrollments: enrollments.map(
      ({ checkIns, dailyReports, finalReport, feedback, program, hostUnit, ...enrollment }) => ({
        ...enrollment,
        program: {
          id: program.id,
          name: program.name,
          startDate: isoDate(program.startDate),
          endDate: isoDate(program.endDate),
        },
        hostUnit,
        checkIns: checkIns.map((checkIn) => ({
          ...checkIn,
          localDate: isoDate(checkIn.localDate),
        })),
        dailyReports: dailyReports.map((report) => ({
          ...report,
          localDate: isoDate(report.localDate),
        })),
        finalReport,
        feedback,
      }),
    ),
  };
}
