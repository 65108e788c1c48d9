import { createHash } from "node:crypto";
import type { Db, DbOrTx } from "../../db/client.ts";
import { linkAccountToPerson } from "../../db/repositories/accounts.repository.ts";
import { listAgenciesOfProvince } from "../../db/repositories/agencies.repository.ts";
import {
  findEnrollmentOfPerson,
  findPersonById,
  findPersonByNip,
  insertConsent,
  insertEnrollment,
  insertPerson,
  type PersonDetails,
  updatePersonDetails,
} from "../../db/repositories/persons.repository.ts";
import { countRosterEntries, findProgramById } from "../../db/repositories/programs.repository.ts";
import { findPendingRegistrationRequest } from "../../db/repositories/registration-requests.repository.ts";
import {
  findRosterEntryByNip,
  listRosterAgencies,
} from "../../db/repositories/roster.repository.ts";
import { samePhoneNumber } from "../../domain/phone.ts";
import { findProvince } from "../../domain/provinces.ts";
import { isoDateOf } from "../../domain/time.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { checkInvite, type InviteCheck, redeemInvite } from "../invites/invite.service.ts";
import { CONSENT_TEXT_VERSION } from "./consent.ts";
import type { RegistrationData } from "./registration-state.ts";

export type InviteProblem = Extract<InviteCheck, { ok: false }>["reason"];

export interface ProgramIntro {
  name: string;
  sendingProvince: string;
  hostProvince: string;
  startDate: string;
  endDate: string;
}

export interface Registrant {
  telegramUserId: bigint;
  personId: string | null;
}

export type RegistrationStart =
  | { kind: "invite_problem"; reason: InviteProblem }
  | { kind: "other_role" }
  | { kind: "program_closed"; programName: string }
  | { kind: "already_enrolled"; programName: string }
  | { kind: "not_in_roster" }
  | { kind: "request_pending"; programName: string }
  | { kind: "start"; data: RegistrationData; program: ProgramIntro };

/**
 * What a participant invite leads to for this user: an explanation why not, or the first
 * state of the registration flow, pre-filled from the person the account already is. The roster
 * pre-fills nothing here: only a matching own contact does that (see identity.service.ts).
 * Nothing is written: the invite is used on completion.
 */
export async function prepareRegistration(
  db: DbOrTx,
  code: string,
  registrant: Registrant,
  now: Date,
): Promise<RegistrationStart> {
  const check = await checkInvite(db, code, now);
  if (!check.ok) return { kind: "invite_problem", reason: check.reason };
  const { invite } = check;
  if (invite.role !== "PARTICIPANT") return { kind: "other_role" };
  const program = invite.programId ? await findProgramById(db, invite.programId) : null;
  if (!program) return { kind: "invite_problem", reason: "unknown" };
  if (program.status !== "ACTIVE") return { kind: "program_closed", programName: program.name };

  const person = registrant.personId ? await findPersonById(db, registrant.personId) : null;
  if (person && (await findEnrollmentOfPerson(db, person.id, program.id))) {
    return { kind: "already_enrolled", programName: program.name };
  }
  if (await findPendingRegistrationRequest(db, registrant.telegramUserId, program.id)) {
    return { kind: "request_pending", programName: program.name };
  }
  const usesRoster = (await countRosterEntries(db, program.id)) > 0;
  const sending = findProvince(program.sendingProvinceCode);
  const host = findProvince(program.hostProvinceCode);
  const data: RegistrationData = {
    programId: program.id,
    inviteCode: invite.code,
    sendingProvinceCode: program.sendingProvinceCode,
    timeZone: sending?.timeZone ?? "Asia/Jakarta",
    usesRoster,
    hasCurrentConsent: Boolean(
      person?.consents.some((consent) => consent.textVersion === CONSENT_TEXT_VERSION),
    ),
    editing: false,
  };
  if (person) {
    assignDefined(data, {
      fullName: person.fullName,
      nip: person.nip,
      nipKind: person.nipKind,
      position: person.position,
      ownAgency: person.ownAgency,
      phone: person.phone,
    });
    if (data.phone) data.phoneSource = "account";
  }
  // The account's own NIP (it registered before): saying it is not on this roster tells
  // nothing about anyone else.
  if (usesRoster && data.nip && !(await findRosterEntryByNip(db, program.id, data.nip))) {
    return { kind: "not_in_roster" };
  }
  return {
    kind: "start",
    data,
    program: {
      name: program.name,
      sendingProvince: sending?.name ?? program.sendingProvinceCode,
      hostProvince: host?.name ?? program.hostProvinceCode,
      startDate: isoDateOf(program.startDate),
      endDate: isoDateOf(program.endDate),
    },
  };
}

/** A home-agency button: its callback key and the name it stands for. */
export interface HomeAgencyChoice {
  key: string;
  name: string;
  label: string;
}

/** More than this many agencies make a keyboard no one can scan: the participant types it. */
export const MAX_HOME_AGENCY_BUTTONS = 40;

/**
 * The home agencies registration offers as buttons: the roster's own agencies (the sending
 * side's, as the coordinators imported them), else the sending province's agency records;
 * none (or too many to list) means the participant types it. Roster agencies have no id, so
 * their key is a short hash of the name: a button pressed after the roster changed finds
 * nothing rather than another agency.
 */
export async function listHomeAgencyChoices(
  db: DbOrTx,
  data: Pick<RegistrationData, "programId" | "sendingProvinceCode">,
): Promise<HomeAgencyChoice[]> {
  const rosterAgencies = await listRosterAgencies(db, data.programId);
  const choices =
    rosterAgencies.length > 0
      ? rosterAgencies.map((name) => ({ key: `h${agencyKey(name)}`, name, label: name }))
      : (await listAgenciesOfProvince(db, data.sendingProvinceCode)).map((agency) => ({
          key: agency.id,
          name: agency.name,
          label: agency.shortName ?? agency.name,
        }));
  return choices.length > MAX_HOME_AGENCY_BUTTONS ? [] : choices;
}

function agencyKey(name: string): string {
  return createHash("sha256").update(name).digest("base64url").slice(0, 12);
}

export type RegistrationResult =
  | { kind: "done"; enrollmentId: string; hostUnitId: string | null }
  | { kind: "invite_problem"; reason: InviteProblem }
  | { kind: "already_enrolled" }
  | { kind: "nip_taken" }
  | { kind: "not_in_roster" }
  | { kind: "unproven" }
  | { kind: "incomplete" };

/**
 * Registers the participant in one transaction: the person (reused when the account or the NIP
 * already has one), the consent proof, the enrollment, and one use of the invite. Any refusal
 * rolls all of it back, so a used-up invite or a taken NIP leaves nothing behind. With a roster,
 * the own contact's phone must still match the NIP's roster row ("unproven" otherwise).
 */
export async function completeRegistration(
  db: Db,
  data: RegistrationData,
  registrant: Registrant,
  now: Date,
): Promise<RegistrationResult> {
  return refusalsAsResults(() =>
    db.$transaction((tx) => registerInTransaction(tx, data, registrant, now, null)),
  );
}

export type CompletedRegistration = Extract<RegistrationResult, { kind: "done" }> & {
  personId: string;
  fullName: string;
};

/**
 * The registration itself, inside the caller's transaction; throws a `RegistrationRefusal`.
 * `approval` is set when a coordinator approved the request: then the approval stands in for
 * the roster phone match and for the invite (which may have expired while waiting).
 */
export async function registerInTransaction(
  tx: DbOrTx,
  data: RegistrationData,
  registrant: Registrant,
  now: Date,
  approval: { byId: string | null } | null,
): Promise<CompletedRegistration> {
  const details = detailsOf(data);
  if (!details || (!data.consent && !data.hasCurrentConsent)) {
    throw new RegistrationRefusal({ kind: "incomplete" });
  }
  const approved = approval !== null;
  const personId = await resolvePersonId(tx, details.nip, registrant);
  if (personId && (await findEnrollmentOfPerson(tx, personId, data.programId))) {
    throw new RegistrationRefusal({ kind: "already_enrolled" });
  }
  const rosterRow = data.usesRoster
    ? await findRosterEntryByNip(tx, data.programId, details.nip)
    : null;
  if (data.usesRoster) {
    const row = rosterRow;
    if (!row) throw new RegistrationRefusal({ kind: "not_in_roster" });
    if (!approved && !samePhoneNumber(row.phone, details.phone)) {
      throw new RegistrationRefusal({ kind: "unproven" });
    }
  }
  let inviteId: string | null = null;
  if (!approved) {
    const redeemed = await redeemInvite(tx, data.inviteCode, now);
    if (!redeemed.ok) {
      throw new RegistrationRefusal({ kind: "invite_problem", reason: redeemed.reason });
    }
    if (redeemed.invite.programId !== data.programId) {
      throw new RegistrationRefusal({ kind: "invite_problem", reason: "unknown" });
    }
    inviteId = redeemed.invite.id;
  }

  const person = personId
    ? await updatePersonDetails(tx, personId, details)
    : await insertPerson(tx, details);
  await linkAccountToPerson(tx, registrant.telegramUserId, person.id);
  if (data.consent) {
    await insertConsent(tx, {
      personId: person.id,
      textVersion: data.consent.textVersion,
      acceptedAt: new Date(data.consent.acceptedAt),
      telegramMessageId: data.consent.telegramMessageId,
    });
  }
  // A placement imported before registration (kept on the roster row) applies now.
  const enrollment = await insertEnrollment(tx, {
    personId: person.id,
    programId: data.programId,
    registeredAt: now,
    ...(rosterRow?.hostUnitId ? { hostUnitId: rosterRow.hostUnitId, placedAt: now } : {}),
  });
  await recordAudit(tx, {
    actorId: person.id,
    action: "registration.completed",
    programId: data.programId,
    details: {
      enrollmentId: enrollment.id,
      inviteId,
      approvedById: approval?.byId ?? null,
      placedFromRoster: Boolean(rosterRow?.hostUnitId),
    },
    at: now,
  });
  return {
    kind: "done" as const,
    enrollmentId: enrollment.id,
    hostUnitId: enrollment.hostUnitId,
    personId: person.id,
    fullName: person.fullName,
  };
}

export class RegistrationRefusal extends Error {
  constructor(readonly result: Exclude<RegistrationResult, { kind: "done" }>) {
    super(result.kind);
  }
}

/** Runs a registration; a refusal, or two accounts racing to one NIP, becomes a result. */
export async function refusalsAsResults<T extends { kind: "done" }>(
  run: () => Promise<T>,
): Promise<T | Exclude<RegistrationResult, { kind: "done" }>> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RegistrationRefusal) return error.result;
    // Two accounts racing to the same NIP: the unique index decides, the loser is told.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { kind: "nip_taken" };
    }
    throw error;
  }
}

async function resolvePersonId(
  tx: DbOrTx,
  nip: string,
  registrant: Registrant,
): Promise<string | null> {
  const owner = await findPersonByNip(tx, nip);
  if (owner && isSomeoneElse(owner, registrant))
    throw new RegistrationRefusal({ kind: "nip_taken" });
  return registrant.personId ?? owner?.id ?? null;
}

/** The NIP's person is another's when it is linked to another account or is another person. */
export function isSomeoneElse(
  owner: { id: string; account: { telegramUserId: bigint } | null },
  registrant: Registrant,
): boolean {
  if (registrant.personId) return owner.id !== registrant.personId;
  return owner.account !== null && owner.account.telegramUserId !== registrant.telegramUserId;
}

function detailsOf(data: RegistrationData): PersonDetails | undefined {
  const { fullName, nip, nipKind, position, ownAgency, phone } = data;
  if (!fullName || !nip || !nipKind || !position || !ownAgency || !phone) return undefined;
  return { fullName, nip, nipKind, position, ownAgency, phone };
}

function assignDefined<T extends object>(target: T, values: { [K in keyof T]?: T[K] | null }) {
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}
