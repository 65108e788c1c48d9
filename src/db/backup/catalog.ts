import type { DbOrTx } from "../client.ts";

/**
 * What backup and restore read from PostgreSQL's own catalog (information_schema, pg_catalog),
 * so both work on any engine that speaks PostgreSQL, whatever tables the migrations created.
 */
export interface TableInfo {
  name: string;
  /** Stored columns in table order (generated columns are left out: PostgreSQL computes them). */
  columns: string[];
  /** Columns of type json or jsonb, with that type. */
  jsonColumns: Map<string, "json" | "jsonb">;
  primaryKey: string[];
}

export const migrationsTable = "_prisma_migrations";

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export async function hasMigrationsTable(db: DbOrTx): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<{ found: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_name = $1) AS found`,
    migrationsTable,
  );
  return rows[0]?.found === true;
}

export interface AppliedMigration {
  name: string;
  checksum: string;
}

/** Migrations that finished and were not rolled back, oldest first. */
export async function appliedMigrations(db: DbOrTx): Promise<AppliedMigration[]> {
  if (!(await hasMigrationsTable(db))) return [];
  return db.$queryRawUnsafe<AppliedMigration[]>(
    `SELECT migration_name AS name, checksum FROM ${quoteIdent(migrationsTable)}
     WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
}

/** Every base table of the current schema except Prisma's migration log, in dependency order. */
export async function readTables(db: DbOrTx): Promise<TableInfo[]> {
  const columns = await db.$queryRawUnsafe<{ table: string; column: string; type: string }[]>(
    `SELECT c.table_name::text AS "table", c.column_name::text AS "column",
            c.data_type::text AS "type"
     FROM information_schema.columns c
     JOIN information_schema.tables t
       ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
       AND c.table_name <> $1 AND c.is_generated = 'NEVER'
     ORDER BY c.table_name, c.ordinal_position`,
    migrationsTable,
  );
  const keys = await db.$queryRawUnsafe<{ table: string; column: string }[]>(
    `SELECT tc.table_name::text AS "table", k.column_name::text AS "column"
     FROM information_schema.table_constraints tc
     JOIN information_schema.key_column_usage k
       ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name
      AND k.table_name = tc.table_name
     WHERE tc.table_schema = current_schema() AND tc.constraint_type = 'PRIMARY KEY'
     ORDER BY tc.table_name, k.ordinal_position`,
  );
  const edges = await db.$queryRawUnsafe<{ child: string; parent: string }[]>(
    `SELECT child.relname::text AS child, parent.relname::text AS parent
     FROM pg_constraint c
     JOIN pg_class child ON child.oid = c.conrelid
     JOIN pg_class parent ON parent.oid = c.confrelid
     WHERE c.contype = 'f'
       AND c.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())`,
  );
  const tables = new Map<string, TableInfo>();
  for (const row of columns) {
    const table: TableInfo = tables.get(row.table) ?? {
      name: row.table,
      columns: [],
      jsonColumns: new Map(),
      primaryKey: [],
    };
    table.columns.push(row.column);
    if (row.type === "json" || row.type === "jsonb") table.jsonColumns.set(row.column, row.type);
    tables.set(row.table, table);
  }
  for (const row of keys) tables.get(row.table)?.primaryKey.push(row.column);
  return dependencyOrder([...tables.values()], edges);
}

/**
 * Parents before children (referenced tables first), ties by name. A cycle or a table that
 * references itself cannot be ordered; restore does not rely on the order (it drops the foreign
 * keys for the load and adds them back), the order only makes the file easier to read.
 */
export function dependencyOrder(
  tables: TableInfo[],
  edges: { child: string; parent: string }[],
): TableInfo[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const parents = new Map<string, Set<string>>();
  for (const { child, parent } of edges) {
    if (child === parent || !byName.has(child) || !byName.has(parent)) continue;
    const set = parents.get(child) ?? new Set();
    set.add(parent);
    parents.set(child, set);
  }
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const remaining = [...byName.keys()].sort();
  while (remaining.length > 0) {
    const ready = remaining.find((name) =>
      [...(parents.get(name) ?? [])].every((parent) => placed.has(parent)),
    );
    const next = ready ?? (remaining[0] as string);
    remaining.splice(remaining.indexOf(next), 1);
    placed.add(next);
    ordered.push(byName.get(next) as TableInfo);
  }
  return ordered;
}

export interface SequenceValue {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

export async function readSequences(db: DbOrTx): Promise<SequenceValue[]> {
  const names = await db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT sequence_name::text AS name FROM information_schema.sequences
     WHERE sequence_schema = current_schema() ORDER BY sequence_name`,
  );
  const values: SequenceValue[] = [];
  for (const { name } of names) {
    const [row] = await db.$queryRawUnsafe<{ lastValue: string; isCalled: boolean }[]>(
      `SELECT last_value::text AS "lastValue", is_called AS "isCalled" FROM ${quoteIdent(name)}`,
    );
    if (row) values.push({ name, ...row });
  }
  return values;
}

export interface ForeignKey {
  table: string;
  name: string;
  definition: string;
}

export async function readForeignKeys(db: DbOrTx): Promise<ForeignKey[]> {
  return db.$queryRawUnsafe<ForeignKey[]>(
    `SELECT c.conrelid::regclass::text AS "table", c.conname::text AS name,
            pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c
     WHERE c.contype = 'f'
       AND c.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
     ORDER BY c.conname`,
  );
}
