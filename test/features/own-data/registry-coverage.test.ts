import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/client.ts";
import {
  notPersonalColumns,
  personalDataStores,
} from "../../../src/features/own-data/personal-data-registry.ts";
import { createTestDatabase } from "../../support/test-database.ts";

interface Column {
  table: string;
  column: string;
}

/**
 * Every column that could hold personal data: text, JSON, arrays, bigint (Telegram ids) and
 * floating point (coordinates), of every table the migrations create.
 */
async function candidateColumns(database: Database): Promise<Column[]> {
  return database.prisma.$queryRaw<Column[]>`
    SELECT table_name AS "table", column_name AS "column"
    FROM information_schema.columns
    WHERE table_schema = current_schema()
      AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY',
                        'bigint', 'double precision', 'real', 'numeric')
    ORDER BY table_name, column_name`;
}

describe("the personal-data registry covers the whole schema", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it("claims or explicitly excludes every text, JSON, array, id and coordinate column", async () => {
    const claimed = new Set(
      personalDataStores.flatMap((store) =>
        Object.entries(store.columns).flatMap(([table, columns]) =>
          columns.map((column) => `${table}.${column}`),
        ),
      ),
    );
    const excluded = new Set(
      Object.entries(notPersonalColumns).flatMap(([table, columns]) =>
        Object.keys(columns).map((column) => `${table}.${column}`),
      ),
    );
    const columns = await candidateColumns(database);
    expect(columns.length).toBeGreaterThan(100);
    const unclassified = columns
      .map(({ table, column }) => `${table}.${column}`)
      .filter((name) => !claimed.has(name) && !excluded.has(name));
    // A new column must join a store in personal-data-registry.ts, or notPersonalColumns with
    // the reason it cannot hold personal data.
    expect(unclassified).toEqual([]);
  });

  it("names only columns that exist, and never both personal and not", async () => {
    const existing = new Set(
      (
        await database.prisma.$queryRaw<Column[]>`
          SELECT table_name AS "table", column_name AS "column"
          FROM information_schema.columns WHERE table_schema = current_schema()`
      ).map(({ table, column }) => `${table}.${column}`),
    );
    const claimed = personalDataStores.flatMap((store) =>
      Object.entries(store.columns).flatMap(([table, columns]) =>
        columns.map((column) => `${table}.${column}`),
      ),
    );
    const excluded = Object.entries(notPersonalColumns).flatMap(([table, columns]) =>
      Object.keys(columns).map((column) => `${table}.${column}`),
    );
    expect([...claimed, ...excluded].filter((name) => !existing.has(name))).toEqual([]);
    expect(claimed.filter((name) => excluded.includes(name))).toEqual([]);
  });

  it("gives every store a description, a retention and an erase", () => {
    const names = personalDataStores.map((store) => store.name);
    expect(new Set(names).size).toBe(names.length);
    for (const store of personalDataStores) {
      expect(store.description.length, store.name).toBeGreaterThan(10);
      expect(store.kept.length, store.name).toBeGreaterThan(5);
      expect(typeof store.erase, store.name).toBe("function");
    }
  });
});
