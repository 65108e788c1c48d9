import type pg from "pg";
import type { DbOrTx } from "./client.ts";

/**
 * A parameter that node-postgres and Prisma send alike (as text, or a number or boolean): the
 * SQL casts it (`$1::timestamp`, `$2::bigint`). Dates travel as `toISOString()`: a zone in the
 * literal is ignored for `timestamp` columns, which hold UTC as Prisma writes them.
 */
export type SqlParam = string | number | boolean | null;

/** One statement of the hot path: its text and, to prepare it once per connection, a name. */
export interface SqlStatement {
  /** Unique per text; the statement is prepared once per connection under it. */
  name: string;
  text: string;
}

const pools = new WeakMap<object, pg.Pool>();

/** Lets `queryRows` and `execute` send this client's statements through the pool under it. */
export function useDirectPool(client: object, pool: pg.Pool): void {
  pools.set(client, pool);
}

/**
 * The rows of one statement. For the application's client it goes straight to the node-postgres
 * pool under Prisma, prepared once per connection: a Prisma call costs 150–900 µs of CPU more
 * than the same statement through node-postgres (measured; a check-in makes four), and an
 * unnamed statement is parsed and planned again on every call. Inside a transaction (a client
 * with no pool registered) it goes through Prisma, on the transaction's connection.
 *
 * Both paths give the same values only for text, boolean, int4, float8 and json/jsonb columns:
 * return bigint as text and timestamps inside jsonb (see `reviveTimestamps`).
 */
export async function queryRows<T>(
  db: DbOrTx,
  statement: SqlStatement,
  params: SqlParam[],
): Promise<T[]> {
  const pool = pools.get(db);
  if (pool) {
    const result = await pool.query({ name: statement.name, text: statement.text, values: params });
    return result.rows as T[];
  }
  return db.$queryRawUnsafe<T[]>(statement.text, ...params);
}

/** Runs one statement (as `queryRows`) and returns how many rows it changed. */
export async function execute(
  db: DbOrTx,
  statement: SqlStatement,
  params: SqlParam[],
): Promise<number> {
  const pool = pools.get(db);
  if (pool) {
    const result = await pool.query({ name: statement.name, text: statement.text, values: params });
    return result.rowCount ?? 0;
  }
  return db.$executeRawUnsafe(statement.text, ...params);
}

/**
 * jsonb writes a timestamp (stored as UTC without a zone) as "2026-11-24T00:15:00.123" and a
 * date as "2026-11-24"; Prisma hands both over as Dates at UTC. Returns a copy.
 */
export function reviveTimestamps(
  row: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  const revived = { ...row };
  for (const field of fields) {
    const value = row[field];
    if (typeof value !== "string") continue;
    revived[field] = new Date(value.length === 10 ? `${value}T00:00:00Z` : `${value}Z`);
  }
  return revived;
}
