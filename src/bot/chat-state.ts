import type { z } from "zod";
import type { DbOrTx } from "../db/client.ts";
import {
  deleteChatState,
  readChatStateRow,
  readChatStateTextRow,
  writeChatState,
  writeChatStateText,
} from "../db/repositories/chat-state.repository.ts";
import type { Logger } from "../logger.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One kind of per-user state kept in the ChatState table under `<keyPrefix>:<telegram user id>`.
 * Every kind is listed in src/features/chat-state-kinds.ts (erasure clears them all).
 */
export interface ChatStateKind<T> {
  /** Stable name for logs. */
  readonly name: string;
  readonly keyPrefix: string;
  readonly schema: z.ZodType<T>;
  /** A value not written for this long reads as none (the daily retention job deletes it later). */
  readonly expiresAfterMs: number;
  /** Large values (a checked import) travel as JSON text, past Prisma's JSON mapping. */
  readonly asText: boolean;
  key(telegramUserId: bigint | number): string;
}

/** Every kind defined, for the test that finds one missing from the registry. */
export const definedChatStateKinds: ChatStateKind<unknown>[] = [];

export function defineChatStateKind<T>(spec: {
  name: string;
  keyPrefix: string;
  schema: z.ZodType<T>;
  expiresAfterDays: number;
  asText?: boolean;
}): ChatStateKind<T> {
  const kind: ChatStateKind<T> = {
    name: spec.name,
    keyPrefix: spec.keyPrefix,
    schema: spec.schema,
    expiresAfterMs: spec.expiresAfterDays * DAY_MS,
    asText: spec.asText ?? false,
    key: (telegramUserId) => `${spec.keyPrefix}:${telegramUserId}`,
  };
  definedChatStateKinds.push(kind as ChatStateKind<unknown>);
  return kind;
}

/** What reading and writing state needs: the database, the injected clock and a logger. */
export interface StateStore {
  db: DbOrTx;
  now: () => Date;
  logger: Pick<Logger, "warn">;
}

/** The store of a handler's update. */
export function stateStore(ctx: {
  deps: { db: DbOrTx; clock: { now(): Date } };
  logger: Pick<Logger, "warn">;
}): StateStore {
  return { db: ctx.deps.db, now: () => ctx.deps.clock.now(), logger: ctx.logger };
}

/**
 * The stored value as the kind's type, or undefined when there is none, it has expired or it no
 * longer fits the schema (an older version of the bot, a hand edit). Logged by kind only.
 */
export function decodeChatState<T>(
  kind: ChatStateKind<T>,
  stored: { value: unknown; updatedAt: Date | null } | undefined,
  store: Pick<StateStore, "now" | "logger">,
): T | undefined {
  if (!stored || stored.value === null || stored.value === undefined) return undefined;
  if (
    stored.updatedAt &&
    store.now().getTime() - stored.updatedAt.getTime() > kind.expiresAfterMs
  ) {
    store.logger.warn({ kind: kind.name }, "chat_state.expired");
    return undefined;
  }
  const parsed = kind.schema.safeParse(stored.value);
  if (!parsed.success) {
    store.logger.warn({ kind: kind.name }, "chat_state.invalid");
    return undefined;
  }
  return parsed.data;
}

export async function readState<T>(
  store: StateStore,
  kind: ChatStateKind<T>,
  telegramUserId: bigint | number,
): Promise<T | undefined> {
  const key = kind.key(telegramUserId);
  if (kind.asText) {
    const row = await readChatStateTextRow(store.db, key);
    if (!row) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(row.value);
    } catch {
      value = undefined;
    }
    return decodeChatState(kind, { value: value ?? {}, updatedAt: row.updatedAt }, store);
  }
  return decodeChatState(kind, await readChatStateRow(store.db, key), store);
}

/** Writes the value (checked against the schema: a bug here must not store what cannot be read). */
export async function writeState<T>(
  store: StateStore,
  kind: ChatStateKind<T>,
  telegramUserId: bigint | number,
  value: T,
): Promise<void> {
  const checked = kind.schema.parse(value);
  const key = kind.key(telegramUserId);
  if (kind.asText) await writeChatStateText(store.db, key, JSON.stringify(checked), store.now());
  else await writeChatState(store.db, key, checked, store.now());
}

export async function clearState<T>(
  store: Pick<StateStore, "db">,
  kind: ChatStateKind<T>,
  telegramUserId: bigint | number,
): Promise<void> {
  await deleteChatState(store.db, kind.key(telegramUserId));
}

/** Reads the value and removes it (a one-time answer, like the program picked after /libur). */
export async function takeState<T>(
  store: StateStore,
  kind: ChatStateKind<T>,
  telegramUserId: bigint | number,
): Promise<T | undefined> {
  const value = await readState(store, kind, telegramUserId);
  await clearState(store, kind, telegramUserId);
  return value;
}
