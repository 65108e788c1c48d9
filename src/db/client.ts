import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client.ts";

export type Db = PrismaClient;
/** A Prisma client or the client inside an interactive transaction: repositories take either. */
export type DbOrTx = Omit<
  PrismaClient,
  "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends"
>;

export interface Database {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  /**
   * Runs the offline migrator on its own single connection: Prisma's migration lock is a
   * session-level advisory lock, which a pool would take on one connection and release on another.
   */
  withMigrationAdapter<T>(
    work: (factory: SqlMigrationAwareDriverAdapterFactory) => Promise<T>,
  ): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… for a server; undefined for the embedded database. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; "memory://" keeps it in memory (tests). */
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? "./data");
}

function openPostgres(url: string, poolSize: number): Database {
  const adapterFactory = new PrismaPg({ connectionString: url, max: poolSize });
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    prisma,
    kind: "postgres",
    withMigrationAdapter: async (work) => {
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      try {
        return await work(new PrismaPg(pool));
      } finally {
        await pool.end();
      }
    },
    close: () => prisma.$disconnect(),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const location = dataDir === "memory://" ? dataDir : embeddedDatabasePath(dataDir);
  if (location !== "memory://") mkdirSync(location, { recursive: true, mode: 0o700 });
  // Loaded only when used: PGlite's module alone adds ~37 MB of RSS to a bot on PostgreSQL.
  const { PGlite } = await import("@electric-sql/pglite");
  const { wrapPglite } = await import("./embedded-database.ts");
  return wrapPglite(await PGlite.create(location));
}

export function embeddedDatabasePath(dataDir: string): string {
  return join(dataDir, "db");
}
