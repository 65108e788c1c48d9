import type { DbOrTx } from "../client.ts";

/**
 * Rewrites tables so that deleted rows leave no bytes behind in their files: PostgreSQL only
 * marks a deleted row dead; its bytes stay in the table and index files until vacuumed, and
 * autovacuum may come much later. Measured on PGlite, the same storage format (SECURITY.md):
 * after DELETE the NIP stays in the heap and the unique index; plain VACUUM clears the heap
 * but not the index; VACUUM FULL clears both. `full` takes a short exclusive lock per table.
 * Runs outside any transaction. Table names come from the personal-data registry, never input.
 */
export async function compactTables(db: DbOrTx, tables: string[], full: boolean): Promise<void> {
  for (const table of tables) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) throw new Error("not a table name");
    await db.$executeRawUnsafe(`VACUUM ${full ? "FULL " : ""}"${table}"`);
  }
}
