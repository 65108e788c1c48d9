import { writeFileSync } from "node:fs";
import pg from "pg";

let statements = 0;

/** Statements sent so far, once `countSqlStatements` or `tallySqlStatements` is installed. */
export function sqlStatements(): number {
  return statements;
}

/**
 * Counts every statement the bot sends to PostgreSQL through node-postgres (which Prisma's pg
 * adapter uses): the bench reports statements per check-in beside CPU per check-in. One counter
 * increment per query, nothing else.
 */
export function countSqlStatements(): void {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    statements++;
    return original.apply(this, args);
  };
}

/**
 * Counts the statements the bot sends to PostgreSQL (through node-postgres, which Prisma's pg
 * adapter uses), by statement text, and writes the tally to `path` when the process exits:
 * how many round trips one check-in costs, without touching the code under measurement.
 */
export function tallySqlStatements(path: string): void {
  const counts = new Map<string, number>();
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = (typeof first === "string" ? first : (first?.text ?? "?"))
      .replace(/\s+/g, " ")
      .slice(0, 160);
    counts.set(text, (counts.get(text) ?? 0) + 1);
    return original.apply(this, args);
  };
  process.on("exit", () => {
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    writeFileSync(path, JSON.stringify(Object.fromEntries(sorted), null, 1));
  });
}
