import type { Database, DbOrTx } from "../client.ts";
import { migrateDatabase, readMigrationList } from "../migrator.ts";
import {
  BackupError,
  type BackupHeader,
  backupFormatVersion,
  backupMagic,
  backupPageSize,
  longTransaction,
} from "./backup.ts";
import {
  appliedMigrations,
  migrationsTable,
  quoteIdent,
  readForeignKeys,
  readTables,
  type TableInfo,
} from "./catalog.ts";

export interface RestoreOptions {
  /** Replace whatever the target holds (default: refuse a target with data in it). */
  force?: boolean;
  migrationsDir?: string;
}

export interface RestoreSummary {
  tables: number;
  rows: number;
  migrations: string[];
  header: BackupHeader;
}

/** Rows per INSERT, and a byte cap so a batch of large rows stays small too. */
const batchBytes = 4 * 1024 * 1024;

/**
 * Restores a backup (its lines, in order) into `target`: refuses a backup from migrations this
 * code does not know, and a target holding data unless `force`; brings the target to exactly
 * the backup's migrations, then loads every row in ONE transaction (all or nothing), with the
 * foreign keys dropped during the load and added back (validated) before the commit, and sets
 * every sequence to its value in the backup.
 */
export async function restoreBackup(
  target: Database,
  lines: AsyncIterable<string>,
  options: RestoreOptions = {},
): Promise<RestoreSummary> {
  const iterator = lines[Symbol.asyncIterator]();
  try {
    return await restoreFrom(target, iterator, options);
  } finally {
    // Closes the file, or tells a backup feeding this restore (move-to) that nobody reads on.
    await iterator.return?.();
  }
}

async function restoreFrom(
  target: Database,
  iterator: AsyncIterator<string>,
  options: RestoreOptions,
): Promise<RestoreSummary> {
  const header = parseHeader((await iterator.next()).value);
  const backupMigrations = header.migrations.map((migration) => migration.name);
  const known = readMigrationList(options.migrationsDir).migrationDirectories.map((d) => d.path);
  const unknown = backupMigrations.find((name) => !known.includes(name));
  if (unknown) throw new BackupError("newer_migrations", { migration: unknown });

  const db = target.prisma;
  const withData = await tablesWithData(db, seededTables(options.migrationsDir));
  if (withData.length > 0 && !options.force) {
    throw new BackupError("target_not_empty", { tables: withData.join(", ") });
  }
  const applied = (await appliedMigrations(db)).map((migration) => migration.name);
  // Migrations cannot be undone: an empty target beyond (or beside) the backup's level is
  // rebuilt. One with data is refused even with --force: data is replaced only inside the one
  // load transaction below, never by a step that a damaged backup could not roll back.
  const beyond = applied.find((name) => !backupMigrations.includes(name));
  if (beyond && withData.length > 0) throw new BackupError("target_newer", { migration: beyond });
  if (beyond) await dropEverything(db);
  await migrateDatabase(target, { migrationsDir: options.migrationsDir, only: backupMigrations });

  const loaded = await db.$transaction(async (tx) => {
    const tables = new Map((await readTables(tx)).map((table) => [table.name, table]));
    const foreignKeys = await readForeignKeys(tx);
    for (const key of foreignKeys) {
      await tx.$executeRawUnsafe(
        `ALTER TABLE ${key.table} DROP CONSTRAINT ${quoteIdent(key.name)}`,
      );
    }
    if (tables.size > 0) {
      const names = [...tables.keys()].map(quoteIdent).join(", ");
      await tx.$executeRawUnsafe(`TRUNCATE TABLE ${names} RESTART IDENTITY`);
    }
    const counts = await loadLines(tx, iterator, tables);
    for (const key of foreignKeys) {
      await tx.$executeRawUnsafe(
        `ALTER TABLE ${key.table} ADD CONSTRAINT ${quoteIdent(key.name)} ${key.definition}`,
      );
    }
    return counts;
  }, longTransaction);
  return { ...loaded, migrations: backupMigrations, header };
}

function parseHeader(line: string | undefined): BackupHeader {
  let parsed: unknown;
  try {
    parsed = line === undefined ? undefined : JSON.parse(line);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed[0] !== backupMagic || typeof parsed[1] !== "object") {
    throw new BackupError("not_a_backup");
  }
  const header = parsed[1] as BackupHeader;
  if (typeof header.formatVersion !== "number" || !Array.isArray(header.migrations)) {
    throw new BackupError("not_a_backup");
  }
  if (header.formatVersion > backupFormatVersion) {
    throw new BackupError("newer_format", { version: header.appVersion ?? "?" });
  }
  return header;
}

/**
 * Tables some migration fills (e.g. the provinces): a freshly migrated database has rows there
 * and still counts as empty; the restore replaces them with the backup's rows.
 */
function seededTables(migrationsDir: string | undefined): Set<string> {
  const seeded = new Set<string>();
  for (const directory of readMigrationList(migrationsDir).migrationDirectories) {
    const file = directory.migrationFile.content;
    if (file.tag !== "ok") continue;
    for (const match of file.value.matchAll(/INSERT\s+INTO\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/gi)) {
      seeded.add(match[1] as string);
    }
  }
  return seeded;
}

async function tablesWithData(db: DbOrTx, seeded: Set<string>): Promise<string[]> {
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT table_name::text AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> $1
     ORDER BY table_name`,
    migrationsTable,
  );
  const withData: string[] = [];
  for (const { name } of tables) {
    if (seeded.has(name)) continue;
    const [row] = await db.$queryRawUnsafe<{ found: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM ${quoteIdent(name)}) AS found`,
    );
    if (row?.found) withData.push(name);
  }
  return withData;
}

/** Drops the tables, enum types and sequences of the current schema (a target to rebuild). */
export async function dropEverything(db: DbOrTx): Promise<void> {
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT table_name::text AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  for (const { name } of tables) {
    await db.$executeRawUnsafe(`DROP TABLE IF EXISTS ${quoteIdent(name)} CASCADE`);
  }
  const types = await db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT t.typname::text AS name FROM pg_type t
     WHERE t.typtype = 'e'
       AND t.typnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())`,
  );
  for (const { name } of types) {
    await db.$executeRawUnsafe(`DROP TYPE IF EXISTS ${quoteIdent(name)} CASCADE`);
  }
  const sequences = await db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT sequence_name::text AS name FROM information_schema.sequences
     WHERE sequence_schema = current_schema()`,
  );
  for (const { name } of sequences) {
    await db.$executeRawUnsafe(`DROP SEQUENCE IF EXISTS ${quoteIdent(name)} CASCADE`);
  }
}

interface Section {
  table: TableInfo;
  insert: string;
  batch: string[];
  bytes: number;
  rows: number;
}

async function loadLines(
  tx: DbOrTx,
  iterator: AsyncIterator<string>,
  tables: Map<string, TableInfo>,
): Promise<{ tables: number; rows: number }> {
  let section: Section | undefined;
  let tableCount = 0;
  let rowCount = 0;
  const flush = async (current: Section) => {
    if (current.batch.length === 0) return;
    await tx.$executeRawUnsafe(current.insert, `[${current.batch.join(",")}]`);
    current.rows += current.batch.length;
    current.batch = [];
    current.bytes = 0;
  };
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    const line = next.value;
    if (line.startsWith("{")) {
      if (!section) throw new BackupError("not_a_backup");
      section.batch.push(line);
      section.bytes += line.length;
      if (section.batch.length >= backupPageSize || section.bytes >= batchBytes) {
        await flush(section);
      }
      continue;
    }
    if (line.trim() === "") continue;
    const [kind, body] = parseMarker(line);
    if (kind === "table") {
      const { name, columns, wrapped } = body as {
        name: string;
        columns: string[];
        wrapped?: string[];
      };
      section = openSection(tables, name, columns, wrapped ?? []);
    } else if (kind === "end") {
      const { table, rows } = body as { table: string; rows: number };
      if (!section || section.table.name !== table) throw new BackupError("not_a_backup");
      await flush(section);
      if (section.rows !== rows) throw new BackupError("truncated");
      tableCount += 1;
      rowCount += section.rows;
      section = undefined;
    } else if (kind === "sequence") {
      const { name, lastValue, isCalled } = body as {
        name: string;
        lastValue: string;
        isCalled: boolean;
      };
      await tx.$executeRawUnsafe(
        "SELECT setval($1::regclass, $2::bigint, $3::boolean)",
        quoteIdent(name),
        lastValue,
        isCalled === true,
      );
    } else if (kind === "done") {
      const totals = body as { tables: number; rows: number };
      if (section || totals.tables !== tableCount || totals.rows !== rowCount) {
        throw new BackupError("truncated");
      }
      return { tables: tableCount, rows: rowCount };
    }
  }
  throw new BackupError("truncated");
}

function parseMarker(line: string): [string, unknown] {
  try {
    const parsed: unknown = JSON.parse(line);
    if (Array.isArray(parsed) && typeof parsed[0] === "string") return [parsed[0], parsed[1]];
  } catch {
    // falls through to the refusal
  }
  throw new BackupError("not_a_backup");
}

/**
 * One INSERT per batch: PostgreSQL itself turns each row's JSON back into the column types
 * (json_populate_record); a wrapped json/jsonb column is unwrapped from its one-element array.
 */
function openSection(
  tables: Map<string, TableInfo>,
  name: string,
  columns: string[],
  wrapped: string[],
): Section {
  const table = tables.get(name);
  const expected = table ? [...table.columns].sort().join(",") : "";
  const sameJson = wrapped.every((column) => table?.jsonColumns.has(column));
  if (!table || expected !== [...columns].sort().join(",") || !sameJson) {
    throw new BackupError("schema_mismatch", { table: name });
  }
  const values = columns.map((column) => {
    const type = wrapped.includes(column) ? table.jsonColumns.get(column) : undefined;
    return type ? `((e.value -> ${sqlString(column)}) -> 0)::${type}` : `r.${quoteIdent(column)}`;
  });
  const insert = `INSERT INTO ${quoteIdent(name)} (${columns.map(quoteIdent).join(", ")})
    OVERRIDING SYSTEM VALUE
    SELECT ${values.join(", ")}
    FROM json_array_elements($1::json) AS e,
         LATERAL json_populate_record(NULL::${quoteIdent(name)}, e.value) AS r`;
  return { table, insert, batch: [], bytes: 0, rows: 0 };
}

function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
