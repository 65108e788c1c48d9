import type { ProgramSide, Role } from "../../generated/prisma/enums.ts";
import type { DbOrTx } from "../client.ts";

export interface NewRoleGrant {
  personId: string;
  role: Role;
  programId: string | null;
  hostUnitId: string | null;
  side: ProgramSide | null;
  grantedById: string | null;
  grantedAt: Date;
}

/** Grants a role unless the same one is already active (granting twice changes nothing). */
export async function insertRoleGrantOnce(db: DbOrTx, grant: NewRoleGrant) {
  const existing = await db.roleGrant.findFirst({
    where: {
      personId: grant.personId,
      role: grant.role,
      programId: grant.programId,
      hostUnitId: grant.hostUnitId,
      revokedAt: null,
    },
  });
  return existing ?? db.roleGrant.create({ data: grant });
}

export function revokeRoleGrants(
  db: DbOrTx,
  where: { personId: string; role: Role; programId?: string | undefined },
  at: Date,
) {
  return db.roleGrant.updateMany({
    where: {
      personId: where.personId,
      role: where.role,
      revokedAt: null,
      ...(where.programId ? { programId: where.programId } : {}),
    },
    data: { revokedAt: at },
  });
}

export function findAccountByTelegramId(db: DbOrTx, telegramUserId: bigint) {
  return db.telegramAccount.findUnique({ where: { telegramUserId } });
}

export function findAccountByUsername(db: DbOrTx, username: string) {
  return db.telegramAccount.findFirst({
    where: { username: { equals: username, mode: "insensitive" } },
  });
}

/** A staff member needs a person to hold roles; no NIP is asked of staff. */
export async function createPersonForAccount(db: DbOrTx, telegramUserId: bigint, fullName: string) {
  const person = await db.person.create({ data: { fullName } });
  await db.telegramAccount.update({ where: { telegramUserId }, data: { personId: person.id } });
  return person;
}

export function findPersonNames(db: DbOrTx, personIds: string[]) {
  return db.person.findMany({
    where: { id: { in: personIds } },
    select: { id: true, fullName: true },
  });
}

/** Active grants of a program's role holders, by person: the input of resolveProgramScope. */
export function listActiveGrantsOfProgram(db: DbOrTx, programId: string, personIds: string[]) {
  return db.roleGrant.findMany({
    where: { programId, personId: { in: personIds }, revokedAt: null },
    select: { personId: true, role: true, programId: true, hostUnitId: true, side: true },
  });
}

/** A person's active grants (all programs) and Telegram account, to re-check a past action. */
export async function findPersonGrants(db: DbOrTx, personId: string) {
  const [account, grants] = await Promise.all([
    db.telegramAccount.findUnique({
      where: { personId },
      select: { telegramUserId: true, locale: true },
    }),
    db.roleGrant.findMany({
      where: { personId, revokedAt: null },
      select: { role: true, programId: true, hostUnitId: true, side: true },
    }),
  ]);
  return { account, grants };
}

/** The roles a person holds now (active grants), each once. */
export async function findActiveRoles(db: DbOrTx, personId: string): Promise<Role[]> {
  const grants = await db.roleGrant.findMany({
    where: { personId, revokedAt: null },
    select: { role: true },
    distinct: ["role"],
  });
  return grants.map((grant) => grant.role);
}
