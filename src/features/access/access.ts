import type { Actor } from "../../bot/actor.ts";
import { coversUnit, resolveProgramScope } from "./scope.ts";

/**
 * Who may do what, decided on the server for every command and button, from the one scope model
 * in scope.ts. Administrators may do everything; coordinators manage the programs they were
 * granted (limited to their host units when their grant is); officials read whole programs they
 * were granted; mentors read the participants of their host unit.
 */
export function canManageProgram(actor: Actor | undefined, programId: string): boolean {
  return resolveProgramScope(actor, programId, "manage") !== undefined;
}

export function canViewProgram(actor: Actor | undefined, programId: string): boolean {
  return resolveProgramScope(actor, programId, "view") !== undefined;
}

/** Confirm/reject a check-in: coordinators whose scope covers its unit, and its unit's mentors. */
export function canReviewCheckIns(
  actor: Actor | undefined,
  programId: string,
  hostUnitId: string | null,
): boolean {
  const scope = resolveProgramScope(actor, programId, "manage");
  if (scope && coversUnit(scope, hostUnitId)) return true;
  return Boolean(
    hostUnitId !== null &&
      actor?.grants.some(
        (g) => g.role === "MENTOR" && g.programId === programId && g.hostUnitId === hostUnitId,
      ),
  );
}

/** Program ids the actor may see as staff; `undefined` means all (administrators). */
export function staffProgramIds(actor: Actor | undefined): string[] | undefined {
  if (!actor) return [];
  if (actor.isAdmin) return undefined;
  return [
    ...new Set(actor.grants.map((g) => g.programId).filter((id): id is string => id !== null)),
  ];
}
