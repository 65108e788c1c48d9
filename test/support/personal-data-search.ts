import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { DbOrTx } from "../../src/db/client.ts";

export interface TextColumn {
  table: string;
  column: string;
}

/**
 * Every column of every table that can hold text: text, varchar, json, jsonb and arrays,
 * read from information_schema so that a table added tomorrow is searched too.
 */
export async function textColumns(db: DbOrTx): Promise<TextColumn[]> {
  return db.$queryRaw<TextColumn[]>`
    SELECT table_name AS "table", column_name AS "column"
    FROM information_schema.columns
    WHERE table_schema = current_schema()
      AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
    ORDER BY table_name, column_name`;
}

/** `Table.column` of every text column holding any needle (case-insensitive), with the count. */
export async function databaseTraces(
  db: DbOrTx,
  needles: string[],
  columns?: TextColumn[],
): Promise<string[]> {
  const patterns = needles.map((needle) => `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const hits: string[] = [];
  for (const { table, column } of columns ?? (await textColumns(db))) {
    const rows = await db.$queryRawUnsafe<{ count: bigint }[]>(
      `SELECT count(*) AS count FROM "${table}" WHERE "${column}"::text ILIKE ANY($1::text[])`,
      patterns,
    );
    const count = Number(rows[0]?.count ?? 0);
    if (count > 0) hits.push(`${table}.${column}: ${count}`);
  }
  return hits;
}

/** Every file under `root` (recursively) whose bytes contain any needle (UTF-8). */
export async function fileTraces(root: string, needles: string[]): Promise<string[]> {
  const hits: string[] = [];
  const walk = async (directory: string): Promise<void> => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) {
        const content = await readFile(path);
        if (needles.some((needle) => content.includes(Buffer.from(needle, "utf8"))))
          hits.push(path.slice(root.length));
      }
    }
  };
  await walk(root);
  return hits;
}

/** Every file and directory under `root` (root included) with group or other permissions. */
export async function openModes(root: string): Promise<string[]> {
  const { lstat } = await import("node:fs/promises");
  const found: string[] = [];
  const visit = async (path: string): Promise<void> => {
    const stats = await lstat(path);
    if (stats.isSymbolicLink()) return;
    if ((stats.mode & 0o077) !== 0)
      found.push(`${path.slice(root.length) || "/"} ${(stats.mode & 0o777).toString(8)}`);
    if (stats.isDirectory())
      for (const entry of await readdir(path)) await visit(join(path, entry));
  };
  await visit(root);
  return found;
}
