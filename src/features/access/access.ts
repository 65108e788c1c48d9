import type { Actor } from "../../bot/actor.ts";

/**
 * Who may do what, decided on the server for every command and button.
 * Administrators may do everything; coordinators manage the programs they were granted
 * (host-side coordinators limited to a host unit see only that unit); officials read the
 * programs they were granted; mentors see the participants of their host unit.
 */
export function canManageProgram(actor: Actor | undefined, programId: string): boolean {
  if (!actor) return false;
  return (
    actor.isAdmin || actor.grants.some((g) => g.role === "COORDINATOR" && g.programId === programId)
  );
}

export function canViewProgram(actor: Actor | undefined, programId: string): boolean {
  if (!actor) return false;
  return (
    canManageProgram(actor, programId) ||
    actor.grants.some(
      (g) => (g.role === "OFFICIAL" || g.role === "MENTOR") && g.programId === programId,
    )
  );
}

/** The host unit a grant is limited to, when it is (host-side coordinator of one unit, mentor). */
export function hostUnitScope(actor: Actor | undefined, programId: string): string | null {
  if (!actor || actor.isAdmin) return null;
  const grants = actor.grants.filter((g) => g.programId === programId);
  if (grants.some((g) => g.role !== "MENTOR" && g.hostUnitId === null)) return null;
  return grants.find((g) => g.hostUnitId !== null)?.hostUnitId ?? null;
}

export function canReviewCheckIns(
  actor: Actor | undefined,
  programId: string,
  hostUnitId: string | null,
): boolean {
  if (canManageProgram(actor, programId)) {
    const scope = hostUnitScope(actor, programId);
    return scope === null || scope === hostUnitId;
  }
  return Boolean(
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
