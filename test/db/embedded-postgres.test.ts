import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EmbeddedDatabaseError,
  type EmbeddedServer,
  embeddedClusterDir,
  embeddedPasswordFile,
  runningServer,
  startEmbeddedPostgres,
} from "../../src/db/embedded-postgres.ts";

/**
 * The embedded server on its own (the bot and the CLI around it are in
 * test/e2e/embedded-default.test.ts): joining a running server, "last one out stops it", a
 * postmaster.pid whose pid now belongs to another program, and a missing password file.
 */
describe("the embedded PostgreSQL server", () => {
  let dataDir: string;
  const started: EmbeddedServer[] = [];

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "tandang-embedded-unit-"));
  });
  afterAll(async () => {
    for (const server of started) await server.release({ force: true }).catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("is joined by a second start (as the CLI joins the bot), and stops when the last user releases it", {
    timeout: 120_000,
  }, async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    started.push(first);
    expect(statSync(embeddedPasswordFile(dataDir)).mode & 0o777).toBe(0o600);
    const second = await startEmbeddedPostgres({ dataDir });
    expect(second.pid).toBe(first.pid);
    expect(second.url).toBe(first.url);

    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    expect((await client.query("SELECT current_database() AS db")).rows[0]).toEqual({
      db: "tandang",
    });
    await second.release(); // the first still has a connection open
    expect(runningServer(embeddedClusterDir(dataDir))).toMatchObject({ pid: first.pid });
    await client.end();
    await first.release();
    expect(runningServer(embeddedClusterDir(dataDir))).toBeUndefined();
  });

  it("removes a postmaster.pid whose pid belongs to another program, and starts", {
    timeout: 120_000,
  }, async () => {
    const pidFile = join(embeddedClusterDir(dataDir), "postmaster.pid");
    // This test's own process: alive, but not a PostgreSQL server for this directory.
    const stale = [
      process.pid,
      embeddedClusterDir(dataDir),
      "0",
      "5432",
      dataDir,
      "",
      "0 0",
      "ready   ",
      "",
    ];
    writeFileSync(pidFile, stale.join("\n"));
    expect(runningServer(embeddedClusterDir(dataDir))).toBeUndefined();
    expect(existsSync(pidFile)).toBe(false);

    const server = await startEmbeddedPostgres({ dataDir });
    started.push(server);
    expect(server.pid).not.toBe(process.pid);
    await server.release();
  });

  it("says in one line that the password file is missing", { timeout: 120_000 }, async () => {
    const password = readFileSync(embeddedPasswordFile(dataDir), "utf8");
    rmSync(embeddedPasswordFile(dataDir));
    try {
      const failure = await startEmbeddedPostgres({ dataDir }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(EmbeddedDatabaseError);
      expect((failure as Error).message).toMatch(/pg-password is missing or unreadable/);
      expect((failure as Error).message).not.toContain("\n");
    } finally {
      writeFileSync(embeddedPasswordFile(dataDir), password, { mode: 0o600 });
    }
  });
});
