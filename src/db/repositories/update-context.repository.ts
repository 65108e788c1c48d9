import type { ProgramSide, Role } from "../../generated/prisma/enums.ts";
import type { DbOrTx } from "../client.ts";
import { ACCOUNT_SEEN_REFRESH_MS } from "./accounts.repository.ts";

export interface UpdateContextRow {
  personId: string | null;
  locale: string | null;
  grants: {
    role: Role;
    programId: string | null;
    hostUnitId: string | null;
    side: ProgramSide | null;
  }[];
  /** The chat-state value stored under `stateKey`, or null when there is none. */
  state: unknown;
  /** When that value was written; null when there is none. */
  stateUpdatedAt: Date | null;
}

/**
 * What every update needs before its handler runs, in one round trip instead of five: the
 * account with its person's active role grants, the user's conversation state, and the same
 * "seen" refresh as touchAccount (a message means the chat works again; lastSeen at most
 * hourly). Undefined when the account does not exist yet: touchAccount creates it.
 */
export async function loadUpdateContext(
  db: DbOrTx,
  telegramUserId: bigint,
  stateKey: string,
  now: Date,
): Promise<UpdateContextRow | undefined> {
  const staleBefore = new Date(now.getTime() - ACCOUNT_SEEN_REFRESH_MS);
  // The data-modifying CTE runs whether or not it is referenced; the SELECT sees the row as it
  // was before the refresh, which is all it needs.
  const rows = await db.$queryRaw<UpdateContextRow[]>`
    WITH "seen" AS (
      UPDATE "TelegramAccount"
      SET "lastSeenAt" = ${now}, "unreachableAt" = NULL, "unreachableWhy" = NULL
      WHERE "telegramUserId" = ${telegramUserId}
        AND ("unreachableAt" IS NOT NULL OR "lastSeenAt" < ${staleBefore})
      RETURNING 1
    )
    SELECT a."personId", a."locale",
      COALESCE((
        SELECT json_agg(json_build_object(
          'role', g."role", 'programId', g."programId", 'hostUnitId', g."hostUnitId",
          'side', g."side") ORDER BY g."grantedAt", g."id")
        FROM "RoleGrant" g
        WHERE g."personId" = a."personId" AND g."revokedAt" IS NULL
      ), '[]'::json) AS "grants",
      (SELECT s."value" FROM "ChatState" s WHERE s."key" = ${stateKey}) AS "state",
      (SELECT s."updatedAt" FROM "ChatState" s WHERE s."key" = ${stateKey}) AS "stateUpdatedAt"
    FROM "TelegramAccount" a
    WHERE a."telegramUserId" = ${telegramUserId}`;
  return rows[0];
}
