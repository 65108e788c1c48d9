import type { Role } from "../generated/prisma/enums.ts";

export interface RoleGrantView {
  role: Role;
  programId: string | null;
  hostUnitId: string | null;
  side: "SENDING" | "HOST" | null;
}

/** The user behind an update, resolved once per update from the database. */
export interface Actor {
  telegramUserId: bigint;
  personId: string | null;
  locale: string | null;
  isAdmin: boolean;
  grants: RoleGrantView[];
}

export type RoleName = "admin" | "coordinator" | "official" | "mentor" | "participant";

export function hasRole(actor: Actor | undefined, role: RoleName, programId?: string): boolean {
  if (!actor) return false;
  if (role === "admin") return actor.isAdmin;
  if (role === "participant") return actor.personId !== null;
  const wanted = role.toUpperCase();
  return actor.grants.some(
    (grant) => grant.role === wanted && (programId === undefined || grant.programId === programId),
  );
}
