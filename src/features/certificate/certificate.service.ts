import { randomBytes } from "node:crypto";
import type { Db, DbOrTx } from "../../db/client.ts";
import {
  type CertificateDocumentRow,
  certificateDeliveryRan,
  findCertificateByNumber,
  findCertificateForDocument,
  findCertificateForVerification,
  findEnrollmentForCertificate,
  findValidCertificatesOfProgram,
  insertCertificate,
  listCertificatesOfProgram,
  listEnrollmentsForCertificates,
  listUndeliveredValidCertificates,
  lockAndReadLastSequence,
  markCertificateDelivered,
  revokeCertificate,
} from "../../db/repositories/certificate.repository.ts";
import { findCurrentEnrollment } from "../../db/repositories/enrollments.repository.ts";
import {
  findProgramWithProvinces,
  type ProgramWithProvinces,
} from "../../db/repositories/program-lookup.repository.ts";
import { enqueue, type NewOutboxMessage } from "../../delivery/enqueue.ts";
import {
  certificateEligibility,
  checkPart,
  type Eligibility,
  formatCertificateNumber,
  normaliseCertificateNumber,
  yearPrefix,
} from "../../domain/certificate.ts";
import { formatNip } from "../../domain/nip.ts";
import { isoDateOf, localDate } from "../../domain/time.ts";
import type { Locale, Translate } from "../../i18n/i18n.ts";
import { escapeHtml } from "../../shared/html.ts";
import { buildCertificatePdfInWorker } from "../../workers/heavy-work.ts";
import { coversUnit, type ProgramScope } from "../access/scope.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { readSignatories } from "../program-settings/program-settings.service.ts";
import { loadRecapData } from "../recap/recap-data.service.ts";
import { toStaffProgram } from "../shared/staff-program.service.ts";
import { formatDateLong, formatPeriod } from "./certificate-dates.ts";
import type { CertificatePdfInput } from "./certificate-pdf.ts";
import { verificationUrl } from "./certificate-qr.ts";

/** One participant's standing for a certificate, from the recap's data (the one attendance rate). */
export interface CertificateStanding {
  enrollmentId: string;
  personId: string;
  fullName: string;
  hostUnitId: string | null;
  account: { telegramUserId: bigint; locale: string | null } | null;
  rate: number | null;
  hasFinalReport: boolean;
  eligibility: Eligibility;
}

export interface CertificateRules {
  minAttendancePercent: number;
  needsFinalReport: boolean;
}

export function rulesOf(program: {
  certificateMinAttendance: number;
  certificateNeedsFinalReport: boolean;
}): CertificateRules {
  return {
    minAttendancePercent: program.certificateMinAttendance,
    needsFinalReport: program.certificateNeedsFinalReport,
  };
}

/** Every participant's standing (attendance over the working days up to today, final report). */
export async function loadStandings(
  db: DbOrTx,
  program: ProgramWithProvinces,
  now: Date,
): Promise<CertificateStanding[]> {
  const [data, enrollments] = await Promise.all([
    loadRecapData(db, toStaffProgram(program, null), now),
    listEnrollmentsForCertificates(db, program.id),
  ]);
  const rates = new Map(data.rows.map((row) => [row.enrollmentId, row.rate]));
  const rules = rulesOf(program);
  return enrollments.map((enrollment) => {
    const rate = rates.get(enrollment.id) ?? null;
    const hasFinalReport = enrollment.finalReport !== null;
    return {
      enrollmentId: enrollment.id,
      personId: enrollment.person.id,
      fullName: enrollment.person.fullName,
      hostUnitId: enrollment.hostUnitId,
      account: enrollment.person.account,
      rate,
      hasFinalReport,
      eligibility: certificateEligibility(rules, { attendanceRate: rate, hasFinalReport }),
    };
  });
}

/** True once the program's last day has come in the host province (attendance is complete). */
export function mayIssue(program: ProgramWithProvinces, now: Date): boolean {
  return localDate(now, program.hostProvince.timeZone) >= isoDateOf(program.endDate);
}

export interface IssueSummary {
  issued: { id: string; number: string; enrollmentId: string }[];
  /** Already holding a valid certificate. */
  already: number;
  /** A certificate was revoked and none is valid: re-issue is a coordinator's decision. */
  revoked: number;
  notEligible: number;
}

export type IssueOutcome =
  | { kind: "not_found" }
  | { kind: "too_early"; endDate: string }
  | { kind: "done"; summary: IssueSummary };

/**
 * Issues a certificate to every eligible participant (within the units given; null = all) who
 * has none yet. Numbers are drawn under a per-year lock inside the caller's transaction.
 */
export async function issueEligibleIn(
  tx: DbOrTx,
  input: {
    programId: string;
    hostUnitIds: readonly string[] | null;
    actorId: string | null;
    now: Date;
    /** Only this participant (their own /sertifikat after the delivery day). */
    onlyEnrollmentId?: string;
  },
): Promise<IssueOutcome> {
  const program = await findProgramWithProvinces(tx, input.programId);
  if (!program) return { kind: "not_found" };
  if (!mayIssue(program, input.now)) {
    return { kind: "too_early", endDate: isoDateOf(program.endDate) };
  }
  const standings = (await loadStandings(tx, program, input.now)).filter(
    (standing) =>
      (input.onlyEnrollmentId === undefined || standing.enrollmentId === input.onlyEnrollmentId) &&
      (input.hostUnitIds === null ||
        (standing.hostUnitId !== null && input.hostUnitIds.includes(standing.hostUnitId))),
  );
  // The year's numbering lock first: a coordinator's issue and the delivery job running at the
  // same moment take turns, and the second sees the first one's certificates.
  const year = Number(isoDateOf(program.endDate).slice(0, 4));
  let sequence = await lockAndReadLastSequence(tx, yearPrefix(year));
  const existing = await listCertificatesOfProgram(tx, program.id, null);
  const statusOf = new Map<string, "VALID" | "REVOKED">();
  for (const certificate of existing) {
    if (statusOf.get(certificate.enrollmentId) !== "VALID") {
      statusOf.set(certificate.enrollmentId, certificate.status);
    }
  }
  const summary: IssueSummary = { issued: [], already: 0, revoked: 0, notEligible: 0 };
  const toIssue: CertificateStanding[] = [];
  for (const standing of standings) {
    const status = statusOf.get(standing.enrollmentId);
    if (status === "VALID") summary.already++;
    else if (status === "REVOKED") summary.revoked++;
    else if (!standing.eligibility.eligible) summary.notEligible++;
    else toIssue.push(standing);
  }
  if (toIssue.length > 0) {
    for (const standing of toIssue) {
      sequence += 1;
      const created = await insertCertificate(tx, {
        number: formatCertificateNumber(year, sequence, checkPart(randomBytes(8))),
        programId: program.id,
        enrollmentId: standing.enrollmentId,
        holderName: standing.fullName,
        issuedAt: input.now,
        issuedById: input.actorId,
      });
      summary.issued.push(created);
    }
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "certificate.issued",
      programId: program.id,
      details: {
        count: toIssue.length,
        certificateIds: summary.issued.map((certificate) => certificate.id),
        unitLimited: input.hostUnitIds !== null,
      },
      at: input.now,
    });
  }
  return { kind: "done", summary };
}

/** /sertifikat terbitkan: issues all eligible (the coordinator's units), sends them when due. */
export async function issueEligibleCertificates(
  db: Db,
  input: {
    programId: string;
    hostUnitIds: readonly string[] | null;
    actorId: string | null;
    now: Date;
    language: LanguageOf;
  },
): Promise<IssueOutcome> {
  return db.$transaction(
    async (tx) => {
      const outcome = await issueEligibleIn(tx, input);
      if (outcome.kind === "done" && outcome.summary.issued.length > 0) {
        // After the delivery day the new certificates go out at once.
        if (await certificateDeliveryRan(tx, input.programId)) {
          await enqueueCertificateDeliveries(tx, input.programId, input.now, input.language);
        }
      }
      return outcome;
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}

export type LanguageOf = (locale: string | null) => { t: Translate; locale: Locale };

/**
 * Queues every valid certificate of the program not delivered yet to its holder (one message
 * each; the dedupe key is the certificate, so queuing twice sends once). The PDF itself is
 * built when the message is sent (delivery-worker's generated documents).
 */
export async function enqueueCertificateDeliveries(
  tx: DbOrTx,
  programId: string,
  now: Date,
  language: LanguageOf,
): Promise<number> {
  const messages = await certificateDeliveryMessages(tx, programId, now, language);
  return enqueue(tx, messages);
}

export async function certificateDeliveryMessages(
  tx: DbOrTx,
  programId: string,
  now: Date,
  language: LanguageOf,
): Promise<NewOutboxMessage[]> {
  const pending = await listUndeliveredValidCertificates(tx, programId);
  return pending.flatMap((certificate) => {
    const account = certificate.enrollment.person.account;
    if (!account || account.unreachableAt) return [];
    const { t } = language(account.locale);
    return [
      {
        dedupeKey: `certificate:${certificate.id}`,
        chatId: account.telegramUserId,
        personId: certificate.enrollment.person.id,
        kind: "certificate",
        method: "sendDocument" as const,
        payload: {
          document: { generated: CERTIFICATE_DOCUMENT, ref: certificate.id },
          caption: t("certificate.delivery_caption", {
            program: escapeHtml(certificate.program.name),
            number: escapeHtml(certificate.number),
          }),
          parse_mode: "HTML",
        },
        notBefore: now,
      },
    ];
  });
}

/** The outbox's name for a generated certificate document (see delivery/generated-documents.ts). */
export const CERTIFICATE_DOCUMENT = "certificate";

export interface CertificateFileOptions {
  publicBaseUrl: string | undefined;
  botUsername?: string;
}

/** What the PDF prints, from the stored certificate (undefined unless it is valid). */
export async function certificatePdfInput(
  db: DbOrTx,
  certificateId: string,
  options: CertificateFileOptions,
): Promise<{ input: CertificatePdfInput; row: CertificateDocumentRow } | undefined> {
  const row = await findCertificateForDocument(db, certificateId);
  if (row?.status !== "VALID") return undefined;
  const program = row.program;
  const url = verificationUrl(options.publicBaseUrl, row.number);
  return {
    row,
    input: {
      number: row.number,
      holderName: row.holderName,
      holderNip: row.enrollment.person.nip ? formatNip(row.enrollment.person.nip) : "",
      programName: program.name,
      period: formatPeriod(isoDateOf(program.startDate), isoDateOf(program.endDate), "id"),
      hostProvince: program.hostProvince.name,
      hostAgency: row.enrollment.hostUnit?.name ?? "",
      sendingProvince: program.sendingProvince.name,
      hours: program.certificateHours,
      signatories: readSignatories(program.certificateSignatories).map((signatory) => ({
        name: signatory.name,
        position: signatory.position,
        ...(signatory.nip ? { nip: formatNip(signatory.nip) } : {}),
      })),
      issuedOn: formatDateLong(localDate(row.issuedAt, program.hostProvince.timeZone), "id"),
      qrText: url ?? row.number,
      qrIsLink: url !== undefined,
      ...(options.botUsername ? { botUsername: options.botUsername } : {}),
    },
  };
}

export function certificateFileName(number: string): string {
  return `sertifikat-${number.replace(/[^A-Za-z0-9-]+/g, "-")}.pdf`;
}

/** The certificate as a PDF built in a worker thread; undefined unless it is valid. */
export async function buildCertificateFile(
  db: DbOrTx,
  certificateId: string,
  options: CertificateFileOptions,
): Promise<{ content: Buffer; fileName: string } | undefined> {
  const found = await certificatePdfInput(db, certificateId, options);
  if (!found) return undefined;
  return {
    content: await buildCertificatePdfInWorker(found.input),
    fileName: certificateFileName(found.row.number),
  };
}

export function noteCertificateDelivered(db: DbOrTx, certificateId: string, at: Date) {
  return markCertificateDelivered(db, certificateId, at);
}

// ── Coordinators: list, revoke, re-issue ──

export async function listProgramCertificates(db: DbOrTx, scope: ProgramScope) {
  return listCertificatesOfProgram(db, scope.programId, scope.hostUnitIds);
}

/**
 * Participants within the scope who hold no valid certificate: those who qualify (to be issued)
 * and those who do not yet, with their figures. Empty lists for an unknown program.
 */
export async function certificateStandingsWithout(
  db: DbOrTx,
  scope: ProgramScope,
  now: Date,
): Promise<{ eligible: CertificateStanding[]; notEligible: CertificateStanding[] }> {
  const program = await findProgramWithProvinces(db, scope.programId);
  if (!program) return { eligible: [], notEligible: [] };
  const holders = new Set(
    (await findValidCertificatesOfProgram(db, program.id)).map((c) => c.enrollmentId),
  );
  const open = (await loadStandings(db, program, now))
    .filter((standing) => coversUnit(scope, standing.hostUnitId))
    .filter((standing) => !holders.has(standing.enrollmentId))
    .sort((a, b) => a.fullName.localeCompare(b.fullName, "id"));
  return {
    eligible: open.filter((standing) => standing.eligibility.eligible),
    notEligible: open.filter((standing) => !standing.eligibility.eligible),
  };
}

export type RevokeOutcome =
  | { kind: "unknown" }
  | { kind: "already_revoked"; number: string }
  | { kind: "revoked"; number: string; holderName: string };

/** A certificate of another program or of a unit outside the actor's reads as unknown. */
function isWithinScope(
  certificate: { programId: string; enrollment: { hostUnitId: string | null } },
  scope: ProgramScope,
): boolean {
  return (
    certificate.programId === scope.programId &&
    coversUnit(scope, certificate.enrollment.hostUnitId)
  );
}

/**
 * Revokes one certificate of the program (within the actor's units), audited; the holder is told
 * through the delivery queue, with the reason (their own data; verification never shows it).
 */
export async function revokeProgramCertificate(
  db: Db,
  input: {
    scope: ProgramScope;
    number: string;
    reason: string;
    actorId: string | null;
    now: Date;
    language: LanguageOf;
  },
): Promise<RevokeOutcome> {
  const number = normaliseCertificateNumber(input.number);
  if (!number) return { kind: "unknown" };
  return db.$transaction(async (tx) => {
    const certificate = await findCertificateByNumber(tx, number);
    if (!certificate || !isWithinScope(certificate, input.scope)) {
      return { kind: "unknown" } as const;
    }
    const changed = await revokeCertificate(tx, certificate.id, {
      at: input.now,
      reason: input.reason,
      byId: input.actorId,
    });
    if (!changed) return { kind: "already_revoked", number } as const;
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "certificate.revoked",
      programId: certificate.programId,
      details: { certificateId: certificate.id, number },
      at: input.now,
    });
    const { person } = certificate.enrollment;
    if (person.account && !person.account.unreachableAt) {
      const { t } = input.language(person.account.locale);
      await enqueue(tx, [
        {
          dedupeKey: `certificate-revoked:${certificate.id}`,
          chatId: person.account.telegramUserId,
          personId: person.id,
          kind: "certificate_revoked",
          method: "sendMessage",
          payload: {
            text: t("certificate.revoked_notice", {
              number: escapeHtml(number),
              program: escapeHtml(certificate.program.name),
              reason: escapeHtml(input.reason),
            }),
            parse_mode: "HTML",
          },
          notBefore: input.now,
        },
      ]);
    }
    return { kind: "revoked", number, holderName: certificate.holderName } as const;
  });
}

export type ReissueOutcome =
  | { kind: "unknown" }
  | { kind: "has_other_valid"; number: string }
  | { kind: "reissued"; oldNumber: string; newNumber: string; holderName: string; sent: boolean };

/**
 * Re-issue: a new number for the same participant (name as it is now), the old certificate
 * revoked (if it was not already) and linked from the new one; audited. Delivered at once when
 * the delivery day has passed.
 */
export async function reissueCertificate(
  db: Db,
  input: {
    scope: ProgramScope;
    number: string;
    reason: string;
    actorId: string | null;
    now: Date;
    language: LanguageOf;
  },
): Promise<ReissueOutcome> {
  const number = normaliseCertificateNumber(input.number);
  if (!number) return { kind: "unknown" };
  return db.$transaction(
    async (tx) => {
      const found = await findCertificateByNumber(tx, number);
      const program = found ? await findProgramWithProvinces(tx, found.programId) : null;
      if (!found || !program) return { kind: "unknown" } as const;
      // Numbering lock before reading: a concurrent issue or re-issue waits its turn.
      const year = Number(isoDateOf(program.endDate).slice(0, 4));
      const sequence = (await lockAndReadLastSequence(tx, yearPrefix(year))) + 1;
      const old = await findCertificateByNumber(tx, number);
      if (!old || !isWithinScope(old, input.scope)) return { kind: "unknown" } as const;
      const others = (await listCertificatesOfProgram(tx, old.programId, null)).filter(
        (certificate) =>
          certificate.enrollmentId === old.enrollmentId &&
          certificate.id !== old.id &&
          certificate.status === "VALID",
      );
      const other = others[0];
      if (other) return { kind: "has_other_valid", number: other.number } as const;
      const enrollment = await findEnrollmentForCertificate(tx, old.enrollmentId);
      if (!enrollment) return { kind: "unknown" } as const;
      await revokeCertificate(tx, old.id, {
        at: input.now,
        reason: input.reason,
        byId: input.actorId,
      });
      const created = await insertCertificate(tx, {
        number: formatCertificateNumber(year, sequence, checkPart(randomBytes(8))),
        programId: old.programId,
        enrollmentId: old.enrollmentId,
        holderName: enrollment.person.fullName,
        issuedAt: input.now,
        issuedById: input.actorId,
        replacesId: old.id,
      });
      await recordAudit(tx, {
        actorId: input.actorId,
        action: "certificate.reissued",
        programId: old.programId,
        details: { certificateId: created.id, replacesId: old.id, number: created.number },
        at: input.now,
      });
      const sent = await certificateDeliveryRan(tx, old.programId);
      if (sent) await enqueueCertificateDeliveries(tx, old.programId, input.now, input.language);
      return {
        kind: "reissued",
        oldNumber: old.number,
        newNumber: created.number,
        holderName: enrollment.person.fullName,
        sent,
      } as const;
    },
    { maxWait: 30_000, timeout: 60_000 },
  );
}

// ── The participant's /sertifikat ──

export interface StandingFigures {
  rate: number | null;
  minAttendancePercent: number;
  needsFinalReport: boolean;
  hasFinalReport: boolean;
  problems: Eligibility["problems"];
}

export type ParticipantCertificate =
  | { kind: "not_participant" }
  | { kind: "ready"; certificateId: string; number: string; programName: string }
  | { kind: "revoked"; number: string; programName: string }
  | { kind: "not_yet"; programName: string; endDate: string; figures: StandingFigures }
  | { kind: "pending"; programName: string; figures: StandingFigures }
  | { kind: "not_eligible"; programName: string; figures: StandingFigures };

/**
 * What the participant's /sertifikat answers: their valid certificate, or why there is none
 * yet, with the figures. After the delivery day an eligible participant without any certificate
 * gets one issued on the spot (the same rule the delivery job applies).
 */
export async function participantCertificate(
  db: Db,
  personId: string | null | undefined,
  now: Date,
): Promise<ParticipantCertificate> {
  if (!personId) return { kind: "not_participant" };
  const enrollment = await findCurrentEnrollment(db, personId, now);
  if (!enrollment) return { kind: "not_participant" };
  const programName = enrollment.program.name;
  const certificates = (await listCertificatesOfProgram(db, enrollment.programId, null)).filter(
    (certificate) => certificate.enrollmentId === enrollment.id,
  );
  const valid = certificates.find((certificate) => certificate.status === "VALID");
  if (valid) return { kind: "ready", certificateId: valid.id, number: valid.number, programName };
  const revoked = certificates.at(-1);
  if (revoked) return { kind: "revoked", number: revoked.number, programName };
  const program = await findProgramWithProvinces(db, enrollment.programId);
  if (!program) return { kind: "not_participant" };
  const standing = (await loadStandings(db, program, now)).find(
    (candidate) => candidate.enrollmentId === enrollment.id,
  );
  if (!standing) return { kind: "not_participant" };
  const figures: StandingFigures = {
    rate: standing.rate,
    minAttendancePercent: program.certificateMinAttendance,
    needsFinalReport: program.certificateNeedsFinalReport,
    hasFinalReport: standing.hasFinalReport,
    problems: standing.eligibility.problems,
  };
  const endDate = isoDateOf(program.endDate);
  if (localDate(now, program.hostProvince.timeZone) <= endDate) {
    return { kind: "not_yet", programName, endDate, figures };
  }
  if (!standing.eligibility.eligible) return { kind: "not_eligible", programName, figures };
  if (!(await certificateDeliveryRan(db, program.id))) {
    return { kind: "pending", programName, figures };
  }
  const issued = await db.$transaction(async (tx) => {
    const outcome = await issueEligibleIn(tx, {
      programId: program.id,
      hostUnitIds: null,
      actorId: null,
      now,
      onlyEnrollmentId: enrollment.id,
    });
    return outcome.kind === "done"
      ? outcome.summary.issued.find((certificate) => certificate.enrollmentId === enrollment.id)
      : undefined;
  });
  if (!issued) return { kind: "pending", programName, figures };
  return { kind: "ready", certificateId: issued.id, number: issued.number, programName };
}

// ── Verification (anyone) ──

export interface VerificationFacts {
  holderName: string;
  programName: string;
  startDate: string;
  endDate: string;
  status: "VALID" | "REVOKED";
  /** Local date of the revocation, in the host province. */
  revokedOn: string | null;
}

/**
 * The public facts of a certificate: holder, program, period, status (and the revocation date,
 * never its reason). Undefined for a malformed or unknown number alike.
 */
export async function verifyCertificate(
  db: DbOrTx,
  input: string,
): Promise<VerificationFacts | undefined> {
  const number = normaliseCertificateNumber(input);
  if (!number) return undefined;
  const row = await findCertificateForVerification(db, number);
  if (!row) return undefined;
  return {
    holderName: row.holderName,
    programName: row.program.name,
    startDate: isoDateOf(row.program.startDate),
    endDate: isoDateOf(row.program.endDate),
    status: row.status,
    revokedOn: row.revokedAt ? localDate(row.revokedAt, row.program.hostProvince.timeZone) : null,
  };
}
