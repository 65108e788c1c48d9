import type { Prisma } from "../../generated/prisma/client.ts";
import type { DbOrTx } from "../client.ts";
import { execute } from "../direct-sql.ts";

// Read and written through src/bot/chat-state.ts, which checks each kind's schema and expiry.

export async function readChatStateRow(
  db: DbOrTx,
  key: string,
): Promise<{ value: unknown; updatedAt: Date } | undefined> {
  const row = await db.chatState.findUnique({ where: { key } });
  return row ? { value: row.value, updatedAt: row.updatedAt } : undefined;
}

/** `at`: when it was written (the injected clock); expiry and retention count from it. */
export async function writeChatState(
  db: DbOrTx,
  key: string,
  value: unknown,
  at?: Date,
): Promise<void> {
  const json = value as Prisma.InputJsonValue;
  const updatedAt = at ? { updatedAt: at } : {};
  await db.chatState.upsert({
    where: { key },
    create: { key, value: json, ...updatedAt },
    update: { value: json, ...updatedAt },
  });
}

/** Ends a flow after every check-in: one prepared statement (see direct-sql.ts), not Prisma's. */
export async function deleteChatState(db: DbOrTx, key: string): Promise<void> {
  await execute(db, deleteChatStateStatement, [key]);
}

/** Several at once (flows ending in concurrent updates share one statement: see flows.ts); how many there were. */
export async function deleteChatStates(db: DbOrTx, keys: readonly string[]): Promise<number> {
  if (keys.length === 0) return 0;
  if (keys.length === 1) return execute(db, deleteChatStateStatement, [keys[0] as string]);
  return execute(db, deleteChatStatesStatement, [JSON.stringify(keys)]);
}

const deleteChatStatesStatement = {
  name: "tandang_delete_chat_states",
  text: `DELETE FROM "ChatState" WHERE "key" IN (SELECT jsonb_array_elements_text($1::jsonb))`,
};

const deleteChatStateStatement = {
  name: "tandang_delete_chat_state",
  text: `DELETE FROM "ChatState" WHERE "key" = $1::text`,
};

/**
 * For large values (a checked import of 20,000 rows is ~8 MB of JSON): the JSON travels as one
 * text parameter and comes back as text, which takes Prisma's JSON mapping (seconds of the
 * event loop at that size) out of the way. Same row and columns as writeChatState.
 */
export async function writeChatStateText(
  db: DbOrTx,
  key: string,
  json: string,
  at: Date,
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "ChatState" (key, value, "updatedAt") VALUES (${key}, ${json}::jsonb, ${at})
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "updatedAt" = EXCLUDED."updatedAt"`;
}

export async function readChatStateTextRow(
  db: DbOrTx,
  key: string,
): Promise<{ value: string; updatedAt: Date } | undefined> {
  const rows = await db.$queryRaw<{ value: string; updatedAt: Date }[]>`
    SELECT value::text AS value, "updatedAt" FROM "ChatState" WHERE key = ${key}`;
  return rows[0];
}
