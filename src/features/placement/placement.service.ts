import type { Db, DbOrTx } from "../../db/client.ts";
import {
  countPlacedInUnit,
  countRosterNotRegistered,
  findEnrollmentByNip,
  findEnrollmentOfProgram,
  listPlaceableEnrollments,
  placeEnrollments,
} from "../../db/repositories/placement.repository.ts";
import {
  findProgramWithProvinces,
  listHostUnitsOfProgram,
} from "../../db/repositories/program-lookup.repository.ts";
import { findRosterEntryByNip } from "../../db/repositories/roster.repository.ts";
import { setRosterPendingHostUnit } from "../../db/repositories/roster-import.repository.ts";
import { placeParticipants } from "../../domain/placement.ts";
import { recordAudit } from "../audit/audit.service.ts";
import type { PlacementProposal } from "./placement-proposal.ts";

/**
 * Proposes where the participants not placed yet should go: units' room is their capacity
 * minus those already placed there; a unit without a capacity gets an even share, so the
 * algorithm can still spread people.
 */
export async function proposePlacement(
  db: DbOrTx,
  programId: string,
  nonce: string,
  now: Date,
): Promise<PlacementProposal> {
  const [enrollments, units, notRegistered] = await Promise.all([
    listPlaceableEnrollments(db, programId),
    listHostUnitsOfProgram(db, programId),
    countRosterNotRegistered(db, programId),
  ]);
  const placedPerUnit = new Map<string, number>();
  for (const enrollment of enrollments) {
    if (enrollment.hostUnitId) {
      placedPerUnit.set(enrollment.hostUnitId, (placedPerUnit.get(enrollment.hostUnitId) ?? 0) + 1);
    }
  }
  const unplaced = enrollments.filter((enrollment) => enrollment.hostUnitId === null);
  const evenShare = Math.max(1, Math.ceil(enrollments.length / Math.max(1, units.length)));
  const proposalUnits = units.map((unit) => ({
    id: unit.id,
    label: unit.shortName ?? unit.name,
    room: Math.max(0, (unit.capacity ?? evenShare) - (placedPerUnit.get(unit.id) ?? 0)),
  }));
  const result = placeParticipants({
    participants: unplaced.map((enrollment) => ({
      id: enrollment.id,
      ownAgency: enrollment.person.ownAgency ?? "",
    })),
    hostUnits: units.map((unit, index) => ({
      id: unit.id,
      name: unit.name,
      capacity: proposalUnits[index]?.room ?? 0,
      counterpartOf: unit.counterparts,
    })),
  });
  const unitIndex = new Map(units.map((unit, index) => [unit.id, index]));
  let preferredCount = 0;
  for (const reason of result.reasons.values()) if (reason.kind === "preferred") preferredCount++;
  return {
    nonce,
    programId,
    createdAt: now.toISOString(),
    participants: unplaced.map((enrollment) => ({
      enrollmentId: enrollment.id,
      fullName: enrollment.person.fullName,
      ownAgency: enrollment.person.ownAgency ?? "",
    })),
    units: proposalUnits,
    assignment: unplaced.map((enrollment) => {
      const unitId = result.assignments.get(enrollment.id);
      return unitId === undefined ? null : (unitIndex.get(unitId) ?? null);
    }),
    preferredCount,
    changed: 0,
    notRegistered,
  };
}

/** How many the proposal puts in each unit, to show room and warn when one is over capacity. */
export function proposalLoad(proposal: PlacementProposal): number[] {
  const load = proposal.units.map(() => 0);
  for (const index of proposal.assignment) {
    if (index !== null && load[index] !== undefined) load[index]++;
  }
  return load;
}

/** Writes a confirmed proposal in one transaction, with its audit entry. */
export async function confirmProposal(
  db: Db,
  proposal: PlacementProposal,
  actorPersonId: string | null,
  now: Date,
): Promise<string[]> {
  const byUnit = new Map<string, string[]>();
  proposal.assignment.forEach((unitIndex, participantIndex) => {
    const unit = unitIndex === null ? undefined : proposal.units[unitIndex];
    const participant = proposal.participants[participantIndex];
    if (!unit || !participant) return;
    byUnit.set(unit.id, [...(byUnit.get(unit.id) ?? []), participant.enrollmentId]);
  });
  return db.$transaction(async (tx) => {
    // The proposal was made for the unplaced; anyone placed by hand since then keeps that place
    // and is not notified again.
    const placedIds: string[] = [];
    for (const [unitId, enrollmentIds] of byUnit) {
      placedIds.push(
        ...(await placeEnrollments(tx, proposal.programId, unitId, enrollmentIds, now, {
          onlyUnplaced: true,
        })),
      );
    }
    const placed = placedIds.length;
    await recordAudit(tx, {
      actorId: actorPersonId,
      action: "placement.automatic_confirmed",
      programId: proposal.programId,
      details: {
        placed,
        units: byUnit.size,
        changedByHand: proposal.changed,
        unplaced: proposal.assignment.filter((index) => index === null).length,
      },
      at: now,
    });
    return placedIds;
  });
}

/** The program's host units, limited to the coordinator's units when they have a scope. */
export async function hostUnitsWithin(
  db: DbOrTx,
  programId: string,
  scopeUnitIds: readonly string[] | null | undefined,
) {
  const units = await listHostUnitsOfProgram(db, programId);
  return scopeUnitIds ? units.filter((unit) => scopeUnitIds.includes(unit.id)) : units;
}

export async function nameOfProgram(db: DbOrTx, programId: string): Promise<string | undefined> {
  return (await findProgramWithProvinces(db, programId))?.name;
}

/** The enrollment and the unit of a manual move (command or button); either may be gone. */
export async function findManualMove(
  db: DbOrTx,
  programId: string,
  enrollmentId: string,
  unitId: string,
) {
  const [enrollment, units] = await Promise.all([
    findEnrollmentOfProgram(db, programId, enrollmentId),
    listHostUnitsOfProgram(db, programId),
  ]);
  return { enrollment, unit: units.find((candidate) => candidate.id === unitId) };
}

export type ManualTarget =
  | { kind: "enrollment"; enrollment: NonNullable<Awaited<ReturnType<typeof findEnrollmentByNip>>> }
  | { kind: "roster_only"; fullName: string; rosterEntryId: string; hostUnitId: string | null }
  | { kind: "unknown" };

/** The participant /tempatkan names: registered, only on the roster, or unknown. */
export async function findManualTarget(
  db: DbOrTx,
  programId: string,
  nip: string,
): Promise<ManualTarget> {
  const enrollment = await findEnrollmentByNip(db, programId, nip);
  if (enrollment) return { kind: "enrollment", enrollment };
  const roster = await findRosterEntryByNip(db, programId, nip);
  return roster
    ? {
        kind: "roster_only",
        fullName: roster.fullName,
        rosterEntryId: roster.id,
        hostUnitId: roster.hostUnitId,
      }
    : { kind: "unknown" };
}

export interface ManualPlacementResult {
  /** Participants in the unit after this placement, and its capacity, to warn when over. */
  load: number;
  capacity: number | null;
}

/** Places (or moves) one participant, with its audit entry. */
export async function placeManually(
  db: Db,
  input: {
    programId: string;
    enrollmentId: string;
    previousHostUnitId: string | null;
    hostUnit: { id: string; capacity: number | null };
    actorPersonId: string | null;
    now: Date;
  },
): Promise<ManualPlacementResult> {
  return db.$transaction(async (tx) => {
    await placeEnrollments(tx, input.programId, input.hostUnit.id, [input.enrollmentId], input.now);
    await recordAudit(tx, {
      actorId: input.actorPersonId,
      action: "placement.manual",
      programId: input.programId,
      details: {
        enrollmentId: input.enrollmentId,
        hostUnitId: input.hostUnit.id,
        previousHostUnitId: input.previousHostUnitId,
      },
      at: input.now,
    });
    return {
      load: await countPlacedInUnit(tx, input.hostUnit.id),
      capacity: input.hostUnit.capacity,
    };
  });
}

/**
 * Keeps a placement for a roster NIP not registered yet (on its roster row), with its audit
 * entry; registration applies it and the placement notice follows the confirmation.
 */
export async function placeBeforeRegistration(
  db: Db,
  input: {
    programId: string;
    rosterEntryId: string;
    hostUnitId: string;
    actorPersonId: string | null;
    now: Date;
  },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await setRosterPendingHostUnit(tx, input.rosterEntryId, input.hostUnitId);
    await recordAudit(tx, {
      actorId: input.actorPersonId,
      action: "placement.manual_before_registration",
      programId: input.programId,
      details: { rosterEntryId: input.rosterEntryId, hostUnitId: input.hostUnitId },
      at: input.now,
    });
  });
}
