import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { type Database, openDatabase } from "../src/db/client.ts";
import { migrateDatabase } from "../src/db/migrator.ts";
import { seedNationalHolidays } from "../src/db/repositories/holidays.repository.ts";

export type DatabaseKind = "embedded" | "postgres";

export const postgresAdminUrl =
  process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * A fresh database for one scenario run. Embedded: the harness seeds DATA_DIR (starting the
 * embedded server and stopping it again), and the bot's process then starts it itself, as
 * `npm start` does.
 */
export interface BenchDatabase {
  kind: DatabaseKind;
  /** What the bot process gets in its environment to use this database. */
  env: Record<string, string>;
  open(): Promise<Database>;
  drop(): Promise<void>;
  /** CPU the server's backends for this database have used so far (ms); NaN when embedded. */
  backendCpuMs(): Promise<number>;
}

export async function createBenchDatabase(kind: DatabaseKind): Promise<BenchDatabase> {
  if (kind === "embedded") {
    const dataDir = mkdtempSync(join(tmpdir(), "tandang-bench-"));
    return {
      kind,
      env: { DATA_DIR: dataDir, DATABASE_URL: "" },
      open: () => openDatabase({ dataDir }),
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
      backendCpuMs: async () => Number.NaN,
    };
  }
  const name = `tandang_bench_${randomBytes(4).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    env: { DATABASE_URL: url.toString() },
    open: () => openDatabase({ databaseUrl: url.toString(), poolSize: 10 }),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    backendCpuMs: () => backendCpuMs(name),
  };
}

/** Opens, migrates, runs `seed`, and closes again (so the bot process may open it). */
export async function prepareDatabase<T>(
  database: BenchDatabase,
  seed: (db: Database) => Promise<T>,
): Promise<T> {
  const db = await database.open();
  try {
    await migrateDatabase(db);
    await seedNationalHolidays(db.prisma);
    return await seed(db);
  } finally {
    await db.close();
  }
}

export async function withOpenDatabase<T>(
  database: BenchDatabase,
  work: (db: Database) => Promise<T>,
): Promise<T> {
  const db = await database.open();
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

export async function postgresAvailable(): Promise<boolean> {
  try {
    await adminQuery("SELECT 1");
    return true;
  } catch {
    return false;
  }
}

/** Sums utime + stime of the database's backends from /proc (the server runs on this machine). */
async function backendCpuMs(name: string): Promise<number> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = $1",
      [name],
    );
    let ticks = 0;
    for (const { pid } of rows) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // A backend that ended meanwhile.
      }
    }
    return ticks * 10; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  } finally {
    await client.end();
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({
    connectionString: postgresAdminUrl,
    connectionTimeoutMillis: 2000,
  });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
