import type { ProgramSide, Role } from "../../generated/prisma/enums.ts";
import type { DbOrTx } from "../client.ts";
import { queryRows } from "../direct-sql.ts";
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
  const rows = await queryRows<
    Omit<UpdateContextRow, "stateUpdatedAt"> & { stateUpdatedAt: string | null }
  >(db, updateContextStatement, [
    now.toISOString(),
    telegramUserId.toString(),
    staleBefore.toISOString(),
    stateKey,
  ]);
  const row = rows[0];
  if (!row) return undefined;
  // Text on both paths (see direct-sql.ts), a Date for the caller.
  return { ...row, stateUpdatedAt: row.stateUpdatedAt ? new Date(row.stateUpdatedAt) : null };
}

// The data-modifying CTE runs whether or not it is referenced; the SELECT sees the row as it
// was before the refresh, which is all it needs.
const updateContextStatement = {
  name: "tandang_update_context",
  text: `
    WITH "seen" AS (
      UPDATE "TelegramAccount"
      SET "lastSeenAt" = $1::timestamp, "unreachableAt" = NULL, "unreachableWhy" = NULL
      WHERE "telegramUserId" = $2::bigint
        AND ("unreachableAt" IS NOT NULL OR "lastSeenAt" < $3::timestamp)
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
      s."value" AS "state",
      to_char(s."updatedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "stateUpdatedAt"
    FROM "TelegramAccount" a
    LEFT JOIN "ChatState" s ON s."key" = $4::text
    WHERE a."telegramUserId" = $2::bigint`,
};
