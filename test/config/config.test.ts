import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config.ts";

const token = "123456789:AAExampleExampleExampleExample";

function problem(env: Record<string, string | undefined>): string {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a configuration error");
}

describe("configuration", () => {
  it("has sensible defaults: embedded database in ./data, polling, Indonesian", () => {
    const config = parseConfig({ BOT_TOKEN: token });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe("./data");
    expect(config.mode).toEqual({ kind: "polling" });
    expect(config.defaultLocale).toBe("id");
    expect(config.telegramApiRoot).toBe("https://api.telegram.org");
    expect(config.sendRatePerSecond).toBe(30);
  });

  it("says how to get a token when it is missing", () => {
    const message = problem({});
    expect(message).toMatch(/^BOT_TOKEN /);
    expect(message).toContain("@BotFather");
  });

  it("names the variable and what is expected, in one line", () => {
    expect(problem({ BOT_TOKEN: "nonsense" })).toMatch(/^BOT_TOKEN must look like/);
    expect(problem({ BOT_TOKEN: token, DATABASE_URL: "mysql://x" })).toMatch(
      /^DATABASE_URL must be empty/,
    );
    expect(problem({ BOT_TOKEN: token, DEFAULT_LOCALE: "fr" })).toBe(
      'DEFAULT_LOCALE must be "id" or "en"',
    );
    expect(problem({ BOT_TOKEN: token, ADMIN_TELEGRAM_IDS: "12,abc" })).toMatch(
      /^ADMIN_TELEGRAM_IDS "abc"/,
    );
    expect(problem({ BOT_TOKEN: token, BOT_MODE: "push" })).toBe(
      'BOT_MODE must be "polling" or "webhook"',
    );
    expect(problem({ BOT_TOKEN: token, BOT_MODE: "webhook" })).toMatch(/^WEBHOOK_URL is required/);
    expect(
      problem({
        BOT_TOKEN: token,
        BOT_MODE: "webhook",
        WEBHOOK_URL: "https://x.example/tg",
        WEBHOOK_SECRET: "a b",
      }),
    ).toMatch(/^WEBHOOK_SECRET must be/);
    for (const message of [problem({}), problem({ BOT_TOKEN: token, LOG_LEVEL: "loud" })]) {
      expect(message).not.toContain("\n");
    }
  });

  it("serves /healthz and /metrics only on their own local listener, never on the webhook port", () => {
    const none = parseConfig({ BOT_TOKEN: token });
    expect(none.metricsPort).toBeUndefined();
    expect(none.metricsHost).toBe("127.0.0.1");
    const set = parseConfig({ BOT_TOKEN: token, METRICS_PORT: "9464", METRICS_HOST: "10.0.0.5" });
    expect(set).toMatchObject({ metricsPort: 9464, metricsHost: "10.0.0.5" });
    expect(problem({ BOT_TOKEN: token, METRICS_PORT: "http" })).toMatch(
      /^METRICS_PORT must be a port/,
    );
    expect(
      problem({
        BOT_TOKEN: token,
        BOT_MODE: "webhook",
        WEBHOOK_URL: "https://example.org/hook",
        WEBHOOK_SECRET: "s3cret",
        PORT: "8080",
        METRICS_PORT: "8080",
      }),
    ).toMatch(/^METRICS_PORT must differ from PORT/);
  });

  it("reads webhook settings, admins and a PostgreSQL URL", () => {
    const config = parseConfig({
      BOT_TOKEN: token,
      BOT_MODE: "webhook",
      WEBHOOK_URL: "https://bot.example.go.id/telegram",
      WEBHOOK_SECRET: "s3cret_token",
      PORT: "9000",
      ADMIN_TELEGRAM_IDS: "111, 222",
      DATABASE_URL: "postgres://tandang@db:5432/tandang",
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081/",
    });
    expect(config.mode).toMatchObject({ kind: "webhook", port: 9000, secret: "s3cret_token" });
    expect(config.adminTelegramIds).toEqual([111n, 222n]);
    expect(config.databaseUrl).toBe("postgres://tandang@db:5432/tandang");
    expect(config.telegramApiRoot).toBe("http://127.0.0.1:8081");
  });
});

describe("heavy work and import caps", () => {
  it("defaults to a pool of 2 threads and the issue's caps", () => {
    const config = parseConfig({ BOT_TOKEN: token });
    expect(config.heavyWork).toEqual({ threads: 2, timeoutSeconds: 60, memoryMb: 256 });
    expect(config.importLimits).toEqual({
      maxFileBytes: 5 * 1024 * 1024,
      maxRows: 20_000,
      maxUnpackedBytes: 50 * 1024 * 1024,
      maxCompressionRatio: 200,
    });
  });

  it("takes other values and names a bad one in one line", () => {
    const config = parseConfig({
      BOT_TOKEN: token,
      HEAVY_WORKER_THREADS: "1",
      IMPORT_MAX_ROWS: "500",
    });
    expect(config.heavyWork.threads).toBe(1);
    expect(config.importLimits.maxRows).toBe(500);
    expect(problem({ BOT_TOKEN: token, HEAVY_WORKER_THREADS: "9" })).toBe(
      "HEAVY_WORKER_THREADS must be a whole number from 1 to 4",
    );
    expect(problem({ BOT_TOKEN: token, IMPORT_MAX_ROWS: "many" })).toBe(
      "IMPORT_MAX_ROWS must be a whole number from 1 to 1000000",
    );
  });

  it("takes the recap's signature block from the environment, blank when unset", () => {
    const signed = parseConfig({
      BOT_TOKEN: token,
      RECAP_SIGNATURE_POSITION: "Kepala Bidang Pengembangan Kompetensi Teknis",
      RECAP_SIGNATURE_NAME: "Dra. Siti Rahma, M.Si.",
      RECAP_SIGNATURE_NIP: "197501011999042001",
    });
    expect(signed.recapSignature).toEqual({
      position: "Kepala Bidang Pengembangan Kompetensi Teknis",
      name: "Dra. Siti Rahma, M.Si.",
      nip: "197501011999042001",
    });
    const unsigned = parseConfig({ BOT_TOKEN: token, RECAP_SIGNATURE_NAME: "" });
    expect(unsigned.recapSignature.name).toBeUndefined();
  });
});
