import type { Actor, RoleGrantView } from "../../bot/actor.ts";
import type { InviteRole, ProgramSide } from "../../generated/prisma/enums.ts";

/**
 * The one scope model (SECURITY.md). Every role grant carries its scope: the program,
 * the side (sending/host, or none = both) and, when limited, a host unit; a person limited to
 * several units holds one grant per unit. `resolveProgramScope` turns an actor's grants into what
 * they may reach in one program, and every staff command, button, flow step, import and
 * scheduled job asks it (directly or through requireProgramScope / resolveStaffProgram).
 *
 * - "manage" (change things, send, import, invite): administrators and the program's coordinators.
 * - "view" (read status, participants, recaps): also officials (whole program, read-only) and
 *   mentors (their unit only).
 */
export type ScopeNeed = "view" | "manage";

export interface ProgramScope {
  programId: string;
  need: ScopeNeed;
  isAdmin: boolean;
  /** The host units the actor is limited to; null = the whole program. Never empty. */
  hostUnitIds: readonly string[] | null;
  /** The side the actor acts for; null = both sides (administrators, program creators). */
  side: ProgramSide | null;
}

const rolesFor: Record<ScopeNeed, readonly RoleGrantView["role"][]> = {
  manage: ["COORDINATOR"],
  view: ["COORDINATOR", "OFFICIAL", "MENTOR"],
};

/** What the actor may reach in the program for this need; undefined = nothing at all. */
export function resolveProgramScope(
  actor: Actor | undefined,
  programId: string,
  need: ScopeNeed,
): ProgramScope | undefined {
  if (!actor) return undefined;
  if (actor.isAdmin) return { programId, need, isAdmin: true, hostUnitIds: null, side: null };
  const grants = actor.grants.filter(
    (grant) =>
      grant.programId === programId &&
      rolesFor[need].includes(grant.role) &&
      // A mentor belongs to a unit; a mentor grant without one reaches nobody.
      (grant.role !== "MENTOR" || grant.hostUnitId !== null),
  );
  if (grants.length === 0) return undefined;
  const whole = grants.some((grant) => grant.hostUnitId === null);
  const hostUnitIds = whole
    ? null
    : [...new Set(grants.map((grant) => grant.hostUnitId).filter((id): id is string => !!id))];
  return { programId, need, isAdmin: false, hostUnitIds, side: sideOf(grants) };
}

/** A unit-limited grant acts for the host side; one side for all grants, otherwise both. */
function sideOf(grants: RoleGrantView[]): ProgramSide | null {
  const sides = new Set(
    grants
      .filter((grant) => grant.role === "COORDINATOR")
      .map((grant) => (grant.hostUnitId !== null ? "HOST" : grant.side)),
  );
  const [only] = sides;
  return sides.size === 1 && only ? only : null;
}

/**
 * The actor as a program's office sees it: without mentor grants. For what a mentor's "view"
 * (its own unit's daily picture) must not reach: the program report, the certificate list.
 */
export function withoutMentorGrants(actor: Actor | undefined): Actor | undefined {
  return actor && { ...actor, grants: actor.grants.filter((grant) => grant.role !== "MENTOR") };
}

export function isWholeProgram(scope: ProgramScope): boolean {
  return scope.hostUnitIds === null;
}

/** Whether a participant (or anything) placed in this unit is within scope; unplaced: whole only. */
export function coversUnit(scope: ProgramScope, hostUnitId: string | null): boolean {
  if (scope.hostUnitIds === null) return true;
  return hostUnitId !== null && scope.hostUnitIds.includes(hostUnitId);
}

/** The units of a list the scope reaches (all of them for the whole program). */
export function unitsWithin<T extends { id: string }>(scope: ProgramScope, units: T[]): T[] {
  return units.filter((unit) => coversUnit(scope, unit.id));
}

export interface InviteSpec {
  role: InviteRole;
  side: ProgramSide | null;
  hostUnitId: string | null;
}

/**
 * Whether the actor (manage scope) may create this invite. Only administrators create coordinator
 * invites without limits (no side); a coordinator invites only within its own scope, never wider:
 * a side-limited coordinator only for its side, a unit-limited one only host coordinators or
 * mentors of its units. Participants and officials concern the whole program.
 */
export function mayIssueInvite(scope: ProgramScope | undefined, spec: InviteSpec): boolean {
  if (scope?.need !== "manage") return false;
  if (scope.isAdmin) return true;
  switch (spec.role) {
    case "PARTICIPANT":
    case "OFFICIAL":
      return isWholeProgram(scope) && spec.hostUnitId === null;
    case "MENTOR":
      return spec.hostUnitId !== null && coversUnit(scope, spec.hostUnitId);
    case "COORDINATOR":
      if (spec.side === null) return false;
      if (scope.side !== null && scope.side !== spec.side) return false;
      if (spec.hostUnitId === null) return isWholeProgram(scope);
      return spec.side === "HOST" && coversUnit(scope, spec.hostUnitId);
  }
}
