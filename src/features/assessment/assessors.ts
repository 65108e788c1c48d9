import type { RoleGrantView } from "../../bot/actor.ts";
import { coversUnit, resolveProgramScope } from "../access/scope.ts";

/** An active role grant in the program, with its holder. */
export interface ProgramGrant extends RoleGrantView {
  personId: string;
}

export interface UnitAssessors {
  /** "mentor": the unit's mentors; "coordinator": no mentor, so the host coordinators. */
  kind: "mentor" | "coordinator";
  personIds: string[];
}

/**
 * Who assesses the participants placed in a host unit: the active MENTOR grants of that unit;
 * where it has none, the coordinators who act for the host side (side HOST, a unit-limited
 * grant, or both sides) and whose scope, from resolveProgramScope, covers the unit. Nobody
 * when there is neither (the coordinators' /penilaian shows it as missing).
 */
export function assessorsOfUnit(
  programId: string,
  hostUnitId: string,
  grants: readonly ProgramGrant[],
): UnitAssessors {
  const inProgram = grants.filter((grant) => grant.programId === programId);
  const mentors = unique(
    inProgram
      .filter((grant) => grant.role === "MENTOR" && grant.hostUnitId === hostUnitId)
      .map((grant) => grant.personId),
  );
  if (mentors.length > 0) return { kind: "mentor", personIds: mentors };
  const coordinators = unique(
    inProgram.filter((grant) => grant.role === "COORDINATOR").map((grant) => grant.personId),
  ).filter((personId) => {
    const own = inProgram.filter((grant) => grant.personId === personId);
    const scope = resolveProgramScope(
      { telegramUserId: 0n, personId, locale: null, isAdmin: false, grants: own },
      programId,
      "manage",
    );
    return scope !== undefined && scope.side !== "SENDING" && coversUnit(scope, hostUnitId);
  });
  return { kind: "coordinator", personIds: coordinators };
}

/**
 * Whether this person may assess this participant now: one of the unit's assessors, and never
 * their own assessment. An unplaced participant has no assessor.
 */
export function mayAssess(
  personId: string | null,
  enrollment: { programId: string; hostUnitId: string | null; personId: string },
  grants: readonly ProgramGrant[],
): boolean {
  if (!personId || enrollment.hostUnitId === null || enrollment.personId === personId) {
    return false;
  }
  return assessorsOfUnit(enrollment.programId, enrollment.hostUnitId, grants).personIds.includes(
    personId,
  );
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
