import type { Db, DbOrTx } from "../../db/client.ts";
import { findPersonByNip } from "../../db/repositories/persons.repository.ts";
import { countRosterEntries, findProgramById } from "../../db/repositories/programs.repository.ts";
import {
  findStaffRecipients,
  type Recipient,
} from "../../db/repositories/recipients.repository.ts";
import {
  decidePendingRegistrationRequest,
  deleteRegistrationAttemptsBefore,
  findPendingRegistrationRequest,
  findRegistrationRequest,
  insertRegistrationAttempt,
  insertRegistrationRequest,
  listRegistrationAttemptTimes,
} from "../../db/repositories/registration-requests.repository.ts";
import { findAccountByTelegramId } from "../../db/repositories/roles.repository.ts";
import { findRosterEntryByNip } from "../../db/repositories/roster.repository.ts";
import { maskNip, type NipKind } from "../../domain/nip.ts";
import { samePhoneNumber } from "../../domain/phone.ts";
import type { Prisma, RegistrationRequest, RosterEntry } from "../../generated/prisma/client.ts";
import { recordAudit } from "../audit/audit.service.ts";
import {
  IDENTITY_ATTEMPT_WINDOW_MINUTES,
  MAX_REFUSED_ATTEMPTS_PER_ACCOUNT,
  MAX_REFUSED_ATTEMPTS_PER_INVITE,
} from "./identity-limits.ts";
import {
  type CompletedRegistration,
  isSomeoneElse,
  type Registrant,
  RegistrationRefusal,
  type RegistrationResult,
  refusalsAsResults,
  registerInTransaction,
} from "./registration.service.ts";
import type { RegistrationData } from "./registration-state.ts";

/** Why a NIP and an own contact did not prove who the user is. Never shown to the user. */
export type UnprovenReason = "unknown_nip" | "phone_mismatch" | "no_roster_phone" | "nip_taken";

/** Everything refused at the identity steps, as written to the audit log. */
export type RefusalOutcome = UnprovenReason | "contact_not_own" | "attempts_limited";

export type IdentityAssessment =
  | { kind: "proven"; roster: RosterEntry | null }
  | { kind: "unproven"; reason: UnprovenReason };

/**
 * Is this NIP the user's? A NIP bound to another account never is (only a coordinator may look
 * at that, and approval is refused). With a roster, the own contact's phone must match the
 * NIP's roster phone; without one (open programs) a free NIP is accepted as before.
 */
export async function assessIdentity(
  db: DbOrTx,
  data: Pick<RegistrationData, "programId" | "usesRoster">,
  nip: string,
  phone: string,
  registrant: Registrant,
): Promise<IdentityAssessment> {
  const owner = await findPersonByNip(db, nip);
  if (owner && isSomeoneElse(owner, registrant)) return { kind: "unproven", reason: "nip_taken" };
  if (!data.usesRoster) return { kind: "proven", roster: null };
  const roster = await findRosterEntryByNip(db, data.programId, nip);
  if (!roster) return { kind: "unproven", reason: "unknown_nip" };
  if (!roster.phone) return { kind: "unproven", reason: "no_roster_phone" };
  if (!samePhoneNumber(roster.phone, phone)) return { kind: "unproven", reason: "phone_mismatch" };
  return { kind: "proven", roster };
}

export type AttemptLimit = { ok: true } | { ok: false; retryInMinutes: number };

/**
 * Whether another identity attempt is allowed for this account (`scope: "account"`) or
 * through this invite (`scope: "invite"`), from the refused attempts stored in the window.
 */
export async function checkAttemptLimit(
  db: DbOrTx,
  scope: "account" | "invite",
  who: { telegramUserId: bigint; inviteCode: string },
  now: Date,
): Promise<AttemptLimit> {
  const windowMs = IDENTITY_ATTEMPT_WINDOW_MINUTES * 60_000;
  const since = new Date(now.getTime() - windowMs);
  const limit =
    scope === "account" ? MAX_REFUSED_ATTEMPTS_PER_ACCOUNT : MAX_REFUSED_ATTEMPTS_PER_INVITE;
  const times = await listRegistrationAttemptTimes(
    db,
    scope === "account" ? { telegramUserId: who.telegramUserId } : { inviteCode: who.inviteCode },
    since,
  );
  if (times.length < limit) return { ok: true };
  // Allowed again once enough of these attempts have left the window.
  const freeing = times[times.length - limit] ?? now;
  const waitMs = freeing.getTime() + windowMs - now.getTime();
  return { ok: false, retryInMinutes: Math.max(1, Math.ceil(waitMs / 60_000)) };
}

export interface RefusalRecord {
  registrant: Registrant;
  data: Pick<RegistrationData, "programId" | "inviteCode">;
  outcome: RefusalOutcome;
  nip?: string | undefined;
}

/**
 * Writes a refused identity attempt: it counts toward the limits (except the limit refusal
 * itself) and goes to the audit log with the NIP masked and no phone.
 */
export async function recordIdentityRefusal(db: Db, record: RefusalRecord, now: Date) {
  await db.$transaction(async (tx) => {
    if (record.outcome !== "attempts_limited") {
      await insertRegistrationAttempt(tx, {
        telegramUserId: record.registrant.telegramUserId,
        inviteCode: record.data.inviteCode,
        programId: record.data.programId,
        outcome: record.outcome,
        createdAt: now,
      });
      // Nothing older than the window is ever counted again.
      const keepFrom = new Date(now.getTime() - 2 * IDENTITY_ATTEMPT_WINDOW_MINUTES * 60_000);
      await deleteRegistrationAttemptsBefore(tx, keepFrom);
    }
    await recordAudit(tx, {
      actorId: record.registrant.personId,
      action: "registration.refused",
      programId: record.data.programId,
      details: {
        outcome: record.outcome,
        account: record.registrant.telegramUserId.toString(),
        nip: record.nip ? maskNip(record.nip) : null,
      },
      at: now,
    });
  });
}

/** What is kept of the flow's answers in a request, for completing it once approved. */
interface RequestAnswers {
  fullName?: string;
  nipKind?: NipKind;
  position?: string;
  ownAgency?: string;
  hasCurrentConsent: boolean;
  consent?: RegistrationData["consent"];
}

export type SubmitResult =
  | {
      kind: "submitted";
      request: RegistrationRequest;
      programName: string;
      coordinators: Recipient[];
    }
  | { kind: "already_pending" }
  | { kind: "proven_now" };

/**
 * Puts an unproven registration before the program's coordinators: the request is stored
 * (restart-safe) with the answers needed to complete it, and audited. The caller asks the
 * coordinators returned. If the roster now proves the NIP, nothing is stored ("proven_now").
 */
export async function submitRegistrationRequest(
  db: Db,
  data: RegistrationData,
  registrant: Registrant,
  telegramName: string | null,
  now: Date,
): Promise<SubmitResult> {
  const { nip, phone } = data;
  if (!nip || !phone) throw new Error("a registration request needs the NIP and the phone");
  return db.$transaction(async (tx) => {
    const assessment = await assessIdentity(tx, data, nip, phone, registrant);
    if (assessment.kind === "proven") return { kind: "proven_now" as const };
    if (await findPendingRegistrationRequest(tx, registrant.telegramUserId, data.programId)) {
      return { kind: "already_pending" as const };
    }
    const answers: RequestAnswers = {
      hasCurrentConsent: data.hasCurrentConsent,
      ...(data.fullName ? { fullName: data.fullName } : {}),
      ...(data.nipKind ? { nipKind: data.nipKind } : {}),
      ...(data.position ? { position: data.position } : {}),
      ...(data.ownAgency ? { ownAgency: data.ownAgency } : {}),
      ...(data.consent ? { consent: data.consent } : {}),
    };
    const request = await insertRegistrationRequest(tx, {
      programId: data.programId,
      inviteCode: data.inviteCode,
      telegramUserId: registrant.telegramUserId,
      telegramName,
      nip,
      nipMasked: maskNip(nip),
      phone,
      reason: assessment.reason,
      answers: answers as unknown as Prisma.InputJsonValue,
      createdAt: now,
    });
    await recordAudit(tx, {
      actorId: registrant.personId,
      action: "registration.request_created",
      programId: data.programId,
      details: {
        requestId: request.id,
        reason: assessment.reason,
        account: registrant.telegramUserId.toString(),
        nip: request.nipMasked,
      },
      at: now,
    });
    const program = await findProgramById(tx, data.programId);
    // A coordinator limited to one host unit does not vouch for who a participant is.
    const coordinators = await findStaffRecipients(tx, data.programId, "COORDINATOR", false, true);
    return {
      kind: "submitted" as const,
      request,
      programName: program?.name ?? "",
      coordinators,
    };
  });
}

export function loadRegistrationRequest(db: DbOrTx, requestId: string) {
  return findRegistrationRequest(db, requestId);
}

/** Why an approval is refused to the coordinator; the request stays pending. */
export type ApprovalRefusal = "nip_taken" | "not_in_roster" | "already_enrolled" | "incomplete";

export type DecisionOutcome =
  | { kind: "not_found" }
  | { kind: "already_decided"; status: string }
  | { kind: "approved"; request: RegistrationRequest; registration: CompletedRegistration }
  | { kind: "rejected"; request: RegistrationRequest }
  | { kind: "approval_refused"; why: ApprovalRefusal };

class AlreadyDecided extends Error {}

/**
 * A coordinator's decision on a pending request; the caller has checked the coordinator's
 * right to decide for the request's program. The first decision wins. An approval registers
 * the participant in the same transaction, as if the phone had matched (roster data, when the
 * NIP has a row, replaces what was typed); a NIP bound to another account, or missing from the
 * roster, is refused to the coordinator and the request stays pending.
 */
export async function decideRegistrationRequest(
  db: Db,
  requestId: string,
  decision: "approve" | "reject",
  decidedById: string | null,
  now: Date,
): Promise<DecisionOutcome> {
  const request = await findRegistrationRequest(db, requestId);
  if (!request) return { kind: "not_found" };
  if (request.status !== "PENDING") return { kind: "already_decided", status: request.status };
  try {
    if (decision === "reject") {
      return await db.$transaction(async (tx) => {
        const decided = await decidePendingRegistrationRequest(tx, request.id, {
          status: "REJECTED",
          decidedById,
          decidedAt: now,
        });
        if (!decided) throw new AlreadyDecided();
        await auditDecision(tx, request, "registration.request_rejected", decidedById, now);
        return { kind: "rejected" as const, request };
      });
    }
    const result = await refusalsAsResults(() =>
      db.$transaction(async (tx) => {
        const decided = await decidePendingRegistrationRequest(tx, request.id, {
          status: "APPROVED",
          decidedById,
          decidedAt: now,
        });
        if (!decided) throw new AlreadyDecided();
        const data = await registrationDataOfRequest(tx, request);
        const account = await findAccountByTelegramId(tx, request.telegramUserId);
        const registrant = {
          telegramUserId: request.telegramUserId,
          personId: account?.personId ?? null,
        };
        const registration = await registerInTransaction(tx, data, registrant, now, {
          byId: decidedById,
        });
        await auditDecision(tx, request, "registration.request_approved", decidedById, now);
        return registration;
      }),
    );
    if (result.kind === "done") return { kind: "approved", request, registration: result };
    return { kind: "approval_refused", why: approvalRefusalOf(result) };
  } catch (error) {
    if (error instanceof AlreadyDecided) {
      const current = await findRegistrationRequest(db, requestId);
      return { kind: "already_decided", status: current?.status ?? "APPROVED" };
    }
    throw error;
  }
}

/** Writes the audit entry of a refused approval (the request stays pending). */
export async function recordApprovalRefused(
  db: DbOrTx,
  request: RegistrationRequest,
  why: ApprovalRefusal,
  decidedById: string | null,
  now: Date,
) {
  await recordAudit(db, {
    actorId: decidedById,
    action: "registration.request_approval_refused",
    programId: request.programId,
    details: { requestId: request.id, why, nip: request.nipMasked },
    at: now,
  });
}

/** Writes the audit entry of a decision button pressed by someone without the right. */
export async function recordDecisionDenied(
  db: DbOrTx,
  request: RegistrationRequest,
  actor: { personId: string | null; telegramUserId: bigint },
  now: Date,
) {
  await recordAudit(db, {
    actorId: actor.personId,
    action: "registration.request_decision_denied",
    programId: request.programId,
    details: { requestId: request.id, account: actor.telegramUserId.toString() },
    at: now,
  });
}

function approvalRefusalOf(result: Exclude<RegistrationResult, { kind: "done" }>): ApprovalRefusal {
  switch (result.kind) {
    case "nip_taken":
    case "not_in_roster":
    case "already_enrolled":
      return result.kind;
    default:
      return "incomplete";
  }
}

async function auditDecision(
  tx: DbOrTx,
  request: RegistrationRequest,
  action: string,
  decidedById: string | null,
  now: Date,
) {
  await recordAudit(tx, {
    actorId: decidedById,
    action,
    programId: request.programId,
    details: { requestId: request.id, reason: request.reason, nip: request.nipMasked },
    at: now,
  });
}

/** The registration a request stands for; the NIP's roster row replaces typed answers. */
async function registrationDataOfRequest(
  tx: DbOrTx,
  request: RegistrationRequest,
): Promise<RegistrationData> {
  const answers = request.answers as unknown as RequestAnswers;
  if (!request.nip || !request.phone) throw new RegistrationRefusal({ kind: "incomplete" });
  const roster = await findRosterEntryByNip(tx, request.programId, request.nip);
  const program = await findProgramById(tx, request.programId);
  const usesRoster = (await countRosterEntries(tx, request.programId)) > 0;
  return {
    programId: request.programId,
    inviteCode: request.inviteCode,
    sendingProvinceCode: program?.sendingProvinceCode ?? "",
    timeZone: "Asia/Jakarta",
    usesRoster,
    nip: request.nip,
    phone: request.phone,
    hasCurrentConsent: answers.hasCurrentConsent,
    editing: false,
    identity: "proven",
    ...(answers.nipKind ? { nipKind: answers.nipKind } : {}),
    ...(answers.consent ? { consent: answers.consent } : {}),
    fullName: roster?.fullName ?? answers.fullName ?? "",
    ...pick("position", roster?.position ?? answers.position),
    ...pick("ownAgency", roster?.ownAgency ?? answers.ownAgency),
  };
}

function pick<K extends string>(key: K, value: string | null | undefined) {
  return (value ? { [key]: value } : {}) as Partial<Record<K, string>>;
}

/** The language the requester chose, to tell them the outcome in it. */
export async function findRequesterLocale(db: DbOrTx, telegramUserId: bigint) {
  return (await findAccountByTelegramId(db, telegramUserId))?.locale ?? null;
}
