import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

/** The environment variables Tandang reads: the keys of the schemas in src/config.ts. */
const configNames = new Set(
  [...read("src/config.ts").matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]),
);
/** Set for Node, npm or the shell, not for Tandang. */
const runtimeName = (name: string | undefined) =>
  /^(NODE_ENV|HOME|npm_config_\w+)$/.test(name ?? "");

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[]; interval: string; start_period?: string };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
}

describe("compose.yaml", () => {
  const text = read("compose.yaml");
  const compose = parse(text) as {
    services: Record<string, ComposeService>;
    volumes: Record<string, unknown>;
  };
  const { postgres, tandang } = compose.services;

  it("has Tandang and PostgreSQL, each with a healthcheck, Tandang waiting for a healthy server", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["postgres", "tandang"]);
    expect(postgres?.image).toMatch(/^postgres:\d+/);
    expect(postgres?.healthcheck?.test.join(" ")).toContain("pg_isready");
    expect(tandang?.build).toBe(".");
    expect(tandang?.healthcheck?.test).toEqual(["CMD", "node", "scripts/healthcheck.mjs"]);
    expect(tandang?.depends_on?.postgres?.condition).toBe("service_healthy");
  });

  it("keeps both services' data in named volumes that are declared", () => {
    const named = (service: ComposeService | undefined) =>
      (service?.volumes ?? []).map((volume) => volume.split(":")[0]);
    expect(named(postgres)).toEqual(["postgres-data"]);
    expect(named(tandang)).toEqual(["tandang-data"]);
    expect(Object.keys(compose.volumes).sort()).toEqual(["postgres-data", "tandang-data"]);
    expect(tandang?.volumes).toEqual([`tandang-data:${tandang?.environment?.DATA_DIR}`]);
  });

  it("points DATABASE_URL at the postgres service's user and database", () => {
    const url = new URL(
      (tandang?.environment?.DATABASE_URL ?? "").replace(/\$\{POSTGRES_PASSWORD\}/, "x"),
    );
    expect(url.hostname).toBe("postgres");
    expect(url.username).toBe(postgres?.environment?.POSTGRES_USER);
    expect(url.pathname).toBe(`/${postgres?.environment?.POSTGRES_DB}`);
  });

  it("polls by default, publishes nothing, and names only settings Tandang knows", () => {
    expect(tandang?.environment?.BOT_MODE).toBe("polling");
    expect(tandang?.ports).toBeUndefined();
    expect(tandang?.environment?.METRICS_PORT).toMatch(/^\d+$/);
    const used = Object.keys(tandang?.environment ?? {});
    // The commented webhook option, too: "# NAME: value" lines in the tandang service.
    const tandangBlock = text.slice(text.indexOf("  tandang:"), text.indexOf("\nvolumes:"));
    const commented = [...tandangBlock.matchAll(/^\s+# ([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]);
    expect(commented).toEqual(
      expect.arrayContaining(["BOT_MODE", "WEBHOOK_URL", "WEBHOOK_SECRET", "PORT"]),
    );
    const unknown = [...used, ...commented].filter((name) => !configNames.has(name as string));
    expect(unknown).toEqual([]);
  });
});

describe("Dockerfile", () => {
  const lines = read("Dockerfile")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const froms = lines.filter((line) => line.startsWith("FROM "));
  const finalStage = lines.slice(lines.lastIndexOf(froms.at(-1) as string));

  it("builds in one stage and runs from a second, both Debian slim", () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/^FROM node:\$\{NODE_VERSION\}-\w+-slim\b/);
    expect(lines).toContain("RUN npm ci");
    expect(lines.some((line) => /npm prune --omit=dev/.test(line))).toBe(true);
    expect(finalStage.some((line) => line.startsWith("COPY --from=build"))).toBe(true);
  });

  it("runs as a non-root user with a healthcheck against /healthz inside the container", () => {
    const user = finalStage.find((line) => line.startsWith("USER "));
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (root|0)\b/);
    const health = finalStage.find((line) => line.startsWith("HEALTHCHECK "));
    expect(health).toContain('CMD ["node", "scripts/healthcheck.mjs"]');
    const env = finalStage.filter((line) => line.startsWith("ENV ")).join(" ");
    const names = [...env.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=/g)].map((match) => match[1]);
    expect(names).toContain("METRICS_PORT");
    expect(names.filter((name) => !runtimeName(name) && !configNames.has(name ?? ""))).toEqual([]);
  });

  it("starts what `npm start` starts, as a direct child so docker stop reaches the bot", () => {
    const start = (JSON.parse(read("package.json")) as { scripts: { start: string } }).scripts
      .start;
    const cmd = JSON.parse((finalStage.find((l) => l.startsWith("CMD ")) ?? "").slice(4));
    const expected = start.startsWith("tsx ")
      ? ["node", "--import", "tsx", ...start.slice(4).split(" ")]
      : start.split(" ");
    expect(cmd).toEqual(expected);
  });

  it("copies only paths that exist and that .dockerignore lets through", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#") && !line.startsWith("!"));
    const copied = lines
      .filter((line) => line.startsWith("COPY ") && !line.includes("--from="))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));
    expect(copied.length).toBeGreaterThan(5);
    for (const path of copied) {
      expect(existsSync(join(root, path)), path).toBe(true);
      expect(ignored, path).not.toContain(path);
    }
    expect(ignored).toEqual(expect.arrayContaining([".env", "node_modules", ".git", "data/db"]));
  });
});

describe("docs/deploy/tandang.service", () => {
  const unit = read("docs/deploy/tandang.service");
  const settings = new Map<string, string[]>();
  for (const line of unit.split("\n")) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match)
      settings.set(match[1] as string, [
        ...(settings.get(match[1] as string) ?? []),
        match[2] as string,
      ]);
  }
  const one = (key: string) => settings.get(key)?.[0];

  it("runs as a dedicated user with the hardening and DATA_DIR as the only writable path", () => {
    expect(one("User")).toBe("tandang");
    expect(one("NoNewPrivileges")).toBe("yes");
    expect(one("ProtectSystem")).toBe("strict");
    expect(one("PrivateTmp")).toBe("yes");
    const environment = settings.get("Environment") ?? [];
    const dataDir = environment.find((value) => value.startsWith("DATA_DIR="))?.slice(9);
    expect(dataDir).toBe("/var/lib/tandang");
    expect(one("ReadWritePaths")).toBe(dataDir);
    expect(one("ExecStart")).toBe("/usr/bin/npm start");
    const names = environment.map((value) => value.split("=")[0] as string);
    expect(names.filter((name) => !runtimeName(name) && !configNames.has(name))).toEqual([]);
  });

  const analyze = existsSync("/usr/bin/systemd-analyze") && existsSync("/usr/bin/npm");
  it.skipIf(!analyze)("passes systemd-analyze verify without a warning", async () => {
    const { stdout, stderr } = await run("systemd-analyze", [
      "verify",
      join(root, "docs/deploy/tandang.service"),
    ]);
    expect(`${stdout}${stderr}`).toBe("");
  });
});

describe("scripts/healthcheck.mjs", () => {
  let server: Server;
  let healthy = true;
  let port = 0;
  beforeAll(async () => {
    server = createServer((request, response) => {
      const ok = request.url === "/healthz" && healthy;
      response.writeHead(ok ? 200 : 503).end(ok ? "ok" : "unhealthy");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const check = (env: Record<string, string>) =>
    run(process.execPath, [join(root, "scripts/healthcheck.mjs")], {
      env: { PATH: process.env.PATH ?? "", ...env },
    }).then(
      () => 0,
      (error: { code?: number }) => error.code ?? -1,
    );

  it("exits 0 only when /healthz answers 200 on METRICS_HOST:METRICS_PORT", async () => {
    healthy = true;
    expect(await check({ METRICS_PORT: String(port) })).toBe(0);
    expect(await check({ METRICS_PORT: String(port), METRICS_HOST: "0.0.0.0" })).toBe(0);
    expect(await check({ METRICS_PORT: String(port), METRICS_HOST: "127.0.0.1" })).toBe(0);
    // Not served on the webhook port, and nothing to ask without METRICS_PORT.
    expect(await check({ BOT_MODE: "webhook", PORT: String(port) })).toBe(1);
    healthy = false;
    expect(await check({ METRICS_PORT: String(port) })).toBe(1);
  });
});

describe("scripts/check-container.sh", () => {
  const engine = run("docker", ["info"]).then(
    () => true,
    () => false,
  );
  it("skips with a clear message and exit 0 where no Docker engine answers", async (context) => {
    if (await engine) {
      context.skip("a Docker engine answers: run scripts/check-container.sh itself (it builds)");
    }
    const { stdout } = await run(join(root, "scripts/check-container.sh"));
    expect(stdout).toContain("skipped: no Docker engine");
  });
});
