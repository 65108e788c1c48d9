import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gunzipSync, gzipSync } from "node:zlib";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliDeps, runCli } from "../../src/cli/run-cli.ts";
import {
  hasMigrationsTable,
  quoteIdent,
  readSequences,
  readTables,
} from "../../src/db/backup/catalog.ts";
import { dropEverything } from "../../src/db/backup/restore.ts";
import { type Database, type DbOrTx, openDatabase } from "../../src/db/client.ts";
import { readMigrationList } from "../../src/db/migrator.ts";
import { seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { Prisma } from "../../src/generated/prisma/client.ts";
import { createI18n, translatorFor } from "../../src/i18n/i18n.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { adminQuery, createTestDatabase, withDatabase } from "../support/test-database.ts";

const t = translatorFor(createI18n("en"), "en");
const runFile = promisify(execFile);
/** Beyond one page of the backup's cursor (1,000 rows), so paging is exercised. */
const auditRows = 2_345;
const bigChatId = 9_007_199_254_740_993n; // 2^53 + 1: a JavaScript number would round it

interface Snapshot {
  migrations: string[];
  tables: Record<string, string[]>;
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
}

/** Every row of every table as PostgreSQL prints it, in primary-key order, and the sequences. */
async function snapshot(db: DbOrTx): Promise<Snapshot> {
  const tables: Record<string, string[]> = {};
  for (const table of await readTables(db)) {
    const columns = table.columns.map(quoteIdent).join(", ");
    const order = table.primaryKey.map(quoteIdent).join(", ") || columns;
    const rows = await db.$queryRawUnsafe<{ line: string }[]>(
      `SELECT row_to_json(r)::text AS line
       FROM (SELECT ${columns} FROM ${quoteIdent(table.name)} ORDER BY ${order}) r`,
    );
    tables[table.name] = rows.map((row) => row.line);
  }
  const migrations = await db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT migration_name AS name FROM _prisma_migrations ORDER BY migration_name`,
  );
  return { migrations: migrations.map((m) => m.name), tables, sequences: await readSequences(db) };
}

async function seed(db: Database): Promise<void> {
  const cohort = await seedCohort(db.prisma, { telegramIdBase: 990_000, placed: true });
  await db.prisma.auditEntry.createMany({
    data: Array.from({ length: auditRows }, (_, index) => ({
      action: "test.row",
      programId: cohort.programId,
      details: { index, note: 'baris\n"baru" ü 🙂', nested: { list: [1, 2.5, null] } },
      createdAt: new Date(Date.UTC(2026, 10, 23, 1, 2, 3, index % 1000)),
    })),
  });
  await db.prisma.outboxMessage.create({
    data: {
      dedupeKey: "backup-test-big-chat",
      chatId: bigChatId,
      kind: "test",
      method: "sendMessage",
      payload: { text: "halo" },
    },
  });
  await db.prisma.inboxUpdate.create({
    data: { updateId: 123_456_789_012n, chatId: -1_002_003_004_005n, payload: { update_id: 1 } },
  });
  // A JSON null in a NOT NULL jsonb column: row_to_json alone would bring it back as SQL NULL.
  await db.prisma.auditEntry.create({ data: { action: "json.null", details: Prisma.JsonNull } });
  await db.prisma.holiday.create({
    data: { date: new Date("2026-12-25T00:00:00Z"), name: "Natal", kind: "NATIONAL" },
  });
}

/** A database with nothing in it: a test database with every table and type dropped. */
async function emptyDatabase(): Promise<Database> {
  const database = await createTestDatabase();
  await dropEverything(database.prisma);
  return database;
}

function cli(databases: { main: Database; other?: (url: string) => Promise<Database> }) {
  const out: string[] = [];
  const errors: string[] = [];
  const deps: CliDeps = {
    openDatabase: async (options) =>
      options?.databaseUrl && databases.other
        ? databases.other(options.databaseUrl)
        : databases.main,
    t,
    clock: fixedClock(new Date("2026-12-01T03:00:00Z")),
    print: (line) => out.push(line),
    printError: (line) => errors.push(line),
  };
  return { run: (...argv: string[]) => runCli(argv, deps), out, errors };
}

describe("backup and restore (npm run cli -- backup / restore)", () => {
  let source: Database;
  let dir: string;
  let file: string;
  let seeded: Snapshot;
  const opened: Database[] = [];

  beforeAll(async () => {
    source = await createTestDatabase();
    await seed(source);
    seeded = await snapshot(source.prisma);
    dir = await mkdtemp(join(tmpdir(), "tandang-backup-"));
    file = join(dir, "tandang.jsonl.gz");
  });
  afterAll(async () => {
    for (const database of [source, ...opened]) await database?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("writes a gzip'd backup readable by its owner only, with the applied migrations", async () => {
    const { run, out } = cli({ main: source });
    expect(await run("backup", file)).toBe(0);
    expect(out.join("\n")).toContain(`(${Object.keys(seeded.tables).length} tables`);
    expect(out.join("\n")).toContain("personal data");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const lines = gunzipSync(await readFile(file))
      .toString("utf8")
      .trim()
      .split("\n");
    const [magic, header] = JSON.parse(lines[0] as string);
    expect(magic).toBe("tandang-backup");
    expect(header.migrations.map((m: { name: string }) => m.name)).toEqual(seeded.migrations);
    expect(JSON.parse(lines.at(-1) as string)[0]).toBe("done");
    // Referenced tables come before the tables that reference them.
    const order = lines
      .filter((line) => line.startsWith('["table"'))
      .map((line) => JSON.parse(line)[1].name as string);
    expect(order.length).toBe(Object.keys(seeded.tables).length);
    for (const [parent, child] of [
      ["Province", "Agency"],
      ["Person", "TelegramAccount"],
      ["Program", "Enrollment"],
      ["Enrollment", "CheckIn"],
    ]) {
      expect(order.indexOf(parent as string)).toBeLessThan(order.indexOf(child as string));
    }
    expect(seeded.tables.AuditEntry).toHaveLength(auditRows + 1);
  });

  it("does not overwrite an existing file unless --force", async () => {
    const { run, errors } = cli({ main: source });
    expect(await run("backup", file)).toBe(1);
    expect(errors.join("\n")).toContain("already exists");
    expect(await run("backup", file, "--force")).toBe(0);
  });

  it("restores every row, exact types and sequences into a fresh, empty database", async () => {
    const target = await emptyDatabase();
    opened.push(target);
    expect(await hasMigrationsTable(target.prisma)).toBe(false);
    const { run, out, errors } = cli({ main: target });
    expect(await run("restore", file)).toBe(0);
    expect(errors).toEqual([]);
    expect(out.join("\n")).toContain("Restored from");
    const restored = await snapshot(target.prisma);
    expect(restored).toEqual(seeded);
    const chat = await target.prisma.outboxMessage.findUnique({
      where: { dedupeKey: "backup-test-big-chat" },
    });
    expect(chat?.chatId).toBe(bigChatId);
    const jsonNull = await target.prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "AuditEntry" WHERE details = 'null'::jsonb`,
    );
    expect(jsonNull[0]?.n).toBe(1);
    // The sequence continues after the restored ids, as in the source.
    const maxId = (await target.prisma.auditEntry.aggregate({ _max: { id: true } }))._max.id;
    const next = await target.prisma.auditEntry.create({ data: { action: "after.restore" } });
    expect(next.id).toBeGreaterThan(maxId ?? 0n);
  });

  it("restores into a migrated database that was never used (rows from migrations only)", async () => {
    const target = await createTestDatabase();
    opened.push(target);
    const { run, errors } = cli({ main: target });
    expect(await run("restore", file)).toBe(0);
    expect(errors).toEqual([]);
    expect(await snapshot(target.prisma)).toEqual(seeded);
  });

  it("refuses a target holding data and changes nothing; --force replaces its contents", async () => {
    const target = await createTestDatabase();
    opened.push(target);
    await target.prisma.auditEntry.create({ data: { action: "already.here" } });
    const before = await snapshot(target.prisma);
    const { run, errors } = cli({ main: target });
    expect(await run("restore", file)).toBe(1);
    expect(errors.join("\n")).toContain("already holds data (tables: AuditEntry)");
    expect(await snapshot(target.prisma)).toEqual(before);
    expect(await run("restore", file, "--force")).toBe(0);
    expect(await snapshot(target.prisma)).toEqual(seeded);
  });

  it("refuses a backup made by a newer schema (a migration this code does not know)", async () => {
    const lines = gunzipSync(await readFile(file))
      .toString("utf8")
      .split("\n");
    const [magic, header] = JSON.parse(lines[0] as string);
    header.migrations.push({ name: "29991231000000_from_the_future", checksum: "x" });
    lines[0] = JSON.stringify([magic, header]);
    const newer = join(dir, "newer.jsonl.gz");
    await writeFile(newer, gzipSync(lines.join("\n")));
    const target = await emptyDatabase();
    opened.push(target);
    const { run, errors } = cli({ main: target });
    expect(await run("restore", newer)).toBe(1);
    expect(errors.join("\n")).toContain("29991231000000_from_the_future is unknown");
    expect(await hasMigrationsTable(target.prisma)).toBe(false);
  });

  it("refuses a backup cut short, leaving no rows of it behind", async () => {
    const lines = gunzipSync(await readFile(file))
      .toString("utf8")
      .trim()
      .split("\n");
    const cut = join(dir, "cut.jsonl.gz");
    await writeFile(cut, gzipSync(lines.slice(0, Math.floor(lines.length * 0.9)).join("\n")));
    const target = await emptyDatabase();
    opened.push(target);
    const { run, errors } = cli({ main: target });
    expect(await run("restore", cut)).toBe(1);
    expect(errors.join("\n")).toContain("cut short");
    const after = await snapshot(target.prisma);
    expect(after.tables.AuditEntry).toEqual([]);
    expect(after.tables.Program).toEqual([]);
  });

  it("says politely when the file cannot be read or written", async () => {
    const { run, errors } = cli({ main: source });
    expect(await run("backup", join(dir, "no-such-folder", "x.jsonl.gz"))).toBe(1);
    expect(errors.join("\n")).toContain("ENOENT");
    expect(await run("restore", join(dir, "missing.jsonl.gz"))).toBe(1);
    expect(errors.join("\n")).toMatch(/Cannot open .*missing\.jsonl\.gz \(ENOENT\)/);
  });

  it("refuses a file that is not a backup", async () => {
    const other = join(dir, "other.csv");
    await writeFile(other, "nip,nama\n");
    const target = await emptyDatabase();
    opened.push(target);
    const { run, errors } = cli({ main: target });
    expect(await run("restore", other)).toBe(1);
    expect(errors.join("\n")).toContain("not a Tandang backup");
  });
});

const serverUrl = "postgres://postgres@127.0.0.1:5432/postgres";

async function serverAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const server = await serverAnswers();
if (!server) {
  process.stderr.write(
    "move-to test skipped: no PostgreSQL server answers at 127.0.0.1:5432 (user postgres)\n",
  );
}

describe.skipIf(!server)("move-to postgres://… (needs PostgreSQL at 127.0.0.1:5432)", () => {
  const name = `tandang_move_to_${process.pid}`;
  const url = withDatabase(serverUrl, name);
  let source: Database;
  let target: Database | undefined;

  beforeAll(async () => {
    source = await createTestDatabase();
    await seed(source);
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  });
  afterAll(async () => {
    await target?.close();
    await source?.close();
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it("copies the embedded database into a fresh server database and says what to set", async () => {
    const expected = await snapshot(source.prisma);
    const { run, out, errors } = cli({
      main: source,
      other: async (databaseUrl) => {
        target = await openDatabase({ databaseUrl, poolSize: 2 });
        return target;
      },
    });
    expect(await run("move-to", url)).toBe(0);
    expect(errors).toEqual([]);
    expect(out.join("\n")).toContain(`DATABASE_URL=${url}`);
    expect(await snapshot((target as Database).prisma)).toEqual(expected);
    expect(expected.migrations).toEqual(
      readMigrationList().migrationDirectories.map((directory) => directory.path),
    );
    // The source is left as it was; a second move onto the filled server is refused.
    expect(await snapshot(source.prisma)).toEqual(expected);
    expect(await run("move-to", url)).toBe(1);
    expect(errors.join("\n")).toContain("already holds data");
  });

  it("runs as `npm run cli` does: backup of the server database, restore into another", async () => {
    const copy = `${name}_copy`;
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${copy}" WITH (FORCE)`);
    await adminQuery(serverUrl, `CREATE DATABASE "${copy}"`);
    const dir = await mkdtemp(join(tmpdir(), "tandang-cli-backup-"));
    const file = join(dir, "server.jsonl.gz");
    // execFile's timeout kills the child if it hangs; a failure rejects with its output.
    const cli = (databaseUrl: string, ...args: string[]) =>
      runFile(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
        cwd: join(import.meta.dirname, "..", ".."),
        env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" },
        timeout: 120_000,
      });
    try {
      const backup = await cli(url, "backup", file);
      expect(backup.stdout).toContain(file);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const restore = await cli(withDatabase(serverUrl, copy), "restore", file);
      expect(restore.stdout).toContain(file);
      const restored = await openDatabase({ databaseUrl: withDatabase(serverUrl, copy) });
      try {
        expect(await snapshot(restored.prisma)).toEqual(
          await snapshot((target as Database).prisma),
        );
      } finally {
        await restored.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${copy}" WITH (FORCE)`);
    }
  });
});
