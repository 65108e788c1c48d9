import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { useDirectPool } from "./direct-sql.ts";
import { type EmbeddedServer, startEmbeddedPostgres } from "./embedded-postgres.ts";
import { migrationAdapterFactory, migrationPoolConfig } from "./migration-adapter.ts";

/** The Prisma client (the one name for it outside this file). */
export type Db = PrismaClient;
/** A Prisma client or the client inside an interactive transaction: repositories take either. */
export type DbOrTx = Omit<
  PrismaClient,
  "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends"
>;

/** The opened database: its client, where it is, its migration connection, close(). */
export interface Database {
  prisma: Db;
  /** "embedded": the PostgreSQL server in DATA_DIR; "postgres": a server at DATABASE_URL. */
  kind: "embedded" | "postgres";
  /** Where it is: hand this to another PostgreSQL client (the CLI, a backup). */
  url: string;
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
  /** postgres://… for a server; empty or undefined for the embedded server in dataDir. */
  databaseUrl?: string | undefined;
  /** DATA_DIR: the embedded server keeps its cluster in DATA_DIR/pg. */
  dataDir?: string;
  poolSize?: number;
}

export interface ResolvedDatabaseUrl {
  url: string;
  /** Set when the URL is the embedded server's (started here, or already running in DATA_DIR). */
  embedded: EmbeddedServer | undefined;
  /** Stops the embedded server if nobody else uses it; nothing for DATABASE_URL. */
  release(): Promise<void>;
}

/**
 * The connection URL for a configuration: DATABASE_URL, or the embedded server in DATA_DIR,
 * which this starts when no other Tandang process (bot or CLI) has it running already.
 */
export async function resolveDatabaseUrl(options: DatabaseOptions): Promise<ResolvedDatabaseUrl> {
  if (options.databaseUrl) {
    return { url: options.databaseUrl, embedded: undefined, release: async () => {} };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: options.dataDir ?? "./data" });
  return { url: embedded.url, embedded, release: () => embedded.release() };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const resolved = await resolveDatabaseUrl(options);
  const database = openPostgres(resolved.url, options.poolSize ?? 10);
  if (!resolved.embedded) return database;
  return {
    ...database,
    kind: "embedded",
    close: async () => {
      await database.close();
      await resolved.release();
    },
  };
}

function openPostgres(url: string, poolSize: number): Database {
  // One pool for Prisma and the hot path's direct statements (src/db/direct-sql.ts).
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection that breaks is dropped by the pool; the next query reports the outage.
  pool.on("error", () => undefined);
  const adapterFactory = new PrismaPg(pool);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  useDirectPool(prisma, pool);
  return {
    prisma,
    kind: "postgres",
    url,
    withMigrationAdapter: async (work) => {
      const pool = new pg.Pool({ ...migrationPoolConfig(url), max: 1 });
      try {
        return await work(migrationAdapterFactory(pool));
      } finally {
        await pool.end();
      }
    },
    close: async () => {
      await prisma.$disconnect();
      if (!pool.ended) await pool.end();
    },
  };
}
