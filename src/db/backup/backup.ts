import { readFileSync } from "node:fs";
import type { Db } from "../client.ts";
import {
  type AppliedMigration,
  appliedMigrations,
  quoteIdent,
  readSequences,
  readTables,
} from "./catalog.ts";

/**
 * A logical backup, independent of the engine (embedded or server) and of pg_dump: JSON lines.
 * Marker lines are JSON arrays, row lines are the row object exactly as PostgreSQL's row_to_json
 * wrote it (never parsed in JavaScript, so bigint, numeric, timestamps, dates, json and bytea
 * keep their exact text and PostgreSQL turns them back into the same values on restore).
 *
 *   ["tandang-backup", {formatVersion, appVersion, createdAt, engine, migrations}]
 *   ["table", {name, columns, wrapped}]   one line per row   ["end", {table, rows}]
 *   (`wrapped`: json/jsonb columns, written as [value] so that a JSON null ([null]) stays
 *   apart from SQL NULL (null); row_to_json prints both as null)
 *   ["sequence", {name, lastValue, isCalled}] …
 *   ["done", {tables, rows}]     (a file without it was cut short and is refused)
 */
export const backupMagic = "tandang-backup";
export const backupFormatVersion = 1;
/** Rows fetched per round trip and written per batch: memory stays bounded on any table size. */
export const backupPageSize = 1000;
/** A backup reads one consistent snapshot; a big database may take long. */
export const longTransaction = { timeout: 24 * 60 * 60 * 1000, maxWait: 60_000 };

export interface BackupHeader {
  formatVersion: number;
  appVersion: string;
  createdAt: string;
  engine: string;
  migrations: AppliedMigration[];
}

export interface BackupSummary {
  tables: number;
  rows: number;
  migrations: string[];
}

export type BackupErrorCode =
  | "not_migrated"
  | "not_a_backup"
  | "newer_format"
  | "newer_migrations"
  | "target_not_empty"
  | "target_newer"
  | "schema_mismatch"
  | "truncated"
  | "exists"
  | "same_database";

/** A refusal the command line explains in words (`backup.error.<code>` in locales). */
export class BackupError extends Error {
  override name = "BackupError";
  constructor(
    readonly code: BackupErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
  }
}

/** Receives batches of lines (without newlines) and resolves when it can take more. */
export type LineSink = (lines: string[]) => Promise<void>;

export function appVersion(): string {
  const path = new URL("../../../package.json", import.meta.url);
  return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
}

/**
 * Writes every table of the database, read in one read-only REPEATABLE READ transaction (one
 * snapshot, so a backup taken while the bot runs is consistent), through a cursor in pages.
 */
export function writeBackup(
  prisma: Db,
  sink: LineSink,
  info: { createdAt: Date; engine: string },
): Promise<BackupSummary> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    const migrations = await appliedMigrations(tx);
    if (migrations.length === 0) throw new BackupError("not_migrated");
    const header: BackupHeader = {
      formatVersion: backupFormatVersion,
      appVersion: appVersion(),
      createdAt: info.createdAt.toISOString(),
      engine: info.engine,
      migrations,
    };
    await sink([marker(backupMagic, header)]);
    const tables = await readTables(tx);
    let total = 0;
    for (const table of tables) {
      const wrapped = [...table.jsonColumns.keys()];
      await sink([marker("table", { name: table.name, columns: table.columns, wrapped })]);
      const columns = table.columns
        .map((column) =>
          table.jsonColumns.has(column)
            ? `CASE WHEN ${quoteIdent(column)} IS NULL THEN NULL
               ELSE json_build_array(${quoteIdent(column)}) END AS ${quoteIdent(column)}`
            : quoteIdent(column),
        )
        .join(", ");
      const order = table.primaryKey.length
        ? ` ORDER BY ${table.primaryKey.map(quoteIdent).join(", ")}`
        : "";
      await tx.$executeRawUnsafe(
        `DECLARE tandang_backup NO SCROLL CURSOR FOR
         SELECT row_to_json(r)::text AS line
         FROM (SELECT ${columns} FROM ${quoteIdent(table.name)}${order}) r`,
      );
      let rows = 0;
      for (;;) {
        const page = await tx.$queryRawUnsafe<{ line: string }[]>(
          `FETCH ${backupPageSize} FROM tandang_backup`,
        );
        // A json (not jsonb) column keeps its own line breaks; outside strings they are spaces.
        if (page.length > 0) await sink(page.map(({ line }) => line.replace(/[\r\n]/g, " ")));
        rows += page.length;
        if (page.length < backupPageSize) break;
      }
      await tx.$executeRawUnsafe("CLOSE tandang_backup");
      await sink([marker("end", { table: table.name, rows })]);
      total += rows;
    }
    for (const sequence of await readSequences(tx)) await sink([marker("sequence", sequence)]);
    await sink([marker("done", { tables: tables.length, rows: total })]);
    return { tables: tables.length, rows: total, migrations: migrations.map((m) => m.name) };
  }, longTransaction);
}

function marker(kind: string, body: unknown): string {
  return JSON.stringify([kind, body]);
}
