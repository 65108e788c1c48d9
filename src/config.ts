import { z } from "zod";
import { defaultImportLimits, type ImportLimits } from "./imports/import-limits.ts";
import type { HeavyWorkSettings } from "./workers/heavy-work.ts";

const TELEGRAM_API = "https://api.telegram.org";

const telegramIdList = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const parts = value
      .split(/[\s,;]+/)
      .map((part) => part.trim())
      .filter(Boolean);
    const ids: bigint[] = [];
    for (const part of parts) {
      if (!/^\d{1,20}$/.test(part)) {
        ctx.addIssue({
          code: "custom",
          message: `"${part}" is not a Telegram user id (digits only)`,
        });
        return z.NEVER;
      }
      ids.push(BigInt(part));
    }
    return ids;
  });

const wholeNumber = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`)
    .default(fallback);

/** A whole number of days (1–3650), for the housekeeping periods of personal data. */
function days(what: string, fallback: number) {
  const message = `must be a whole number of days from 1 to 3650 (${what})`;
  return z.coerce
    .number({ error: message })
    .int(message)
    .min(1, message)
    .max(3650, message)
    .default(fallback);
}

const baseSchema = z.object({
  BOT_TOKEN: z
    .string({
      error:
        "is missing: create a bot with @BotFather in Telegram (/newbot) and put its token here",
    })
    .regex(/^\d+:[A-Za-z0-9_-]+$/, "must look like 123456789:AA… (the token @BotFather gave you)"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .default("")
    .refine(
      (value) => value === "" || /^postgres(ql)?:\/\//.test(value),
      "must be empty (embedded database in DATA_DIR) or a postgres://user@host:port/db URL",
    ),
  TELEGRAM_API_ROOT: z
    .url({ error: "must be a URL such as https://api.telegram.org" })
    .default(TELEGRAM_API)
    .transform((value) => value.replace(/\/+$/, "")),
  ADMIN_TELEGRAM_IDS: telegramIdList,
  DEFAULT_LOCALE: z.enum(["id", "en"], { error: 'must be "id" or "en"' }).default("id"),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      error: "must be one of fatal, error, warn, info, debug, trace, silent",
    })
    .default("info"),
  SEND_RATE_PER_SECOND: z.coerce
    .number({
      error: "must be a number of messages per second (30; up to 1000 with paid broadcasts)",
    })
    .int()
    .min(1)
    .max(1000)
    .default(30),
  CATCH_UP_GRACE_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(120),
  METRICS_PORT: z.coerce
    .number({ error: "must be a port number (1–65535, or 0 for any free port)" })
    .int("must be a port number (1–65535, or 0 for any free port)")
    .min(0, "must be a port number (1–65535, or 0 for any free port)")
    .max(65535, "must be a port number (1–65535, or 0 for any free port)")
    .optional(),
  METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  PUBLIC_BASE_URL: z
    .url({
      error:
        "must be the public address of the bot's web server, e.g. https://tandang.example.go.id (certificate QR codes link to <PUBLIC_BASE_URL>/verifikasi/<number>)",
    })
    .refine((value) => /^https?:\/\//.test(value), "must start with https:// (or http://)")
    .transform((value) => value.replace(/\/+$/, ""))
    .optional(),
  RECAP_SIGNATURE_POSITION: z.string().max(200).optional(),
  RECAP_SIGNATURE_NAME: z.string().max(200).optional(),
  RECAP_SIGNATURE_NIP: z.string().max(40).optional(),
  INBOX_RETENTION_DAYS: days("how long handled raw updates are kept", 7),
  OUTBOX_RETENTION_DAYS: days("how long delivered messages keep their text and recipient", 30),
  CHAT_STATE_IDLE_DAYS: days("how long an unfinished conversation waits before it expires", 7),
  // Heavy work (spreadsheets, /rekap files, charts) in worker threads, and the import caps.
  HEAVY_WORKER_THREADS: wholeNumber(1, 4, 2),
  HEAVY_JOB_TIMEOUT_SECONDS: wholeNumber(1, 600, 60),
  HEAVY_WORKER_MEMORY_MB: wholeNumber(32, 4096, 256),
  IMPORT_MAX_FILE_MB: wholeNumber(1, 20, 5),
  IMPORT_MAX_ROWS: wholeNumber(1, 1_000_000, 20_000),
  IMPORT_MAX_UNPACKED_MB: wholeNumber(1, 1024, 50),
});

const modeSchema = z.discriminatedUnion("BOT_MODE", [
  z.object({ BOT_MODE: z.literal("polling") }),
  z.object({
    BOT_MODE: z.literal("webhook"),
    WEBHOOK_URL: z.url({
      error: "is required in webhook mode: the public https URL Telegram calls",
    }),
    WEBHOOK_SECRET: z
      .string({ error: "is required in webhook mode: 1–256 characters of A-Z a-z 0-9 _ -" })
      .regex(/^[A-Za-z0-9_-]{1,256}$/, "must be 1–256 characters of A-Z a-z 0-9 _ -"),
    PORT: z.coerce.number({ error: "must be a port number" }).int().min(1).max(65535).default(8080),
    WEBHOOK_HOST: z.string().default("0.0.0.0"),
  }),
]);

type Base = z.output<typeof baseSchema>;
type Mode = z.output<typeof modeSchema>;

export type BotModeConfig =
  | { kind: "polling" }
  | { kind: "webhook"; url: string; secret: string; port: number; host: string };

export interface Config {
  botToken: string;
  dataDir: string;
  databaseUrl: string | undefined;
  telegramApiRoot: string;
  adminTelegramIds: bigint[];
  defaultLocale: "id" | "en";
  logLevel: Base["LOG_LEVEL"];
  sendRatePerSecond: number;
  catchUpGraceMinutes: number;
  /** The local listener of /healthz and /metrics (never the public webhook port); unset: none. */
  metricsPort: number | undefined;
  metricsHost: string;
  /**
   * Where the public web server is reached (webhook mode serves /verifikasi/<number> there);
   * certificate QR codes link to it. Unset: the QR carries the number for /verifikasi in the bot.
   */
  publicBaseUrl: string | undefined;
  /** Who signs the printed recap ("Mengetahui, …"); blank lines to sign by hand when unset. */
  recapSignature: RecapSignature;
  /** How long personal data in the bot's bookkeeping is kept (see src/scheduler/retention.ts). */
  housekeeping: HousekeepingConfig;
  heavyWork: HeavyWorkSettings;
  /** Caps on an imported file: bytes downloaded, then rows and unpacked size when read. */
  importLimits: ImportLimits & { maxFileBytes: number };
  mode: BotModeConfig;
}

export interface RecapSignature {
  position?: string;
  name?: string;
  nip?: string;
}

export interface HousekeepingConfig {
  /** Handled raw updates (InboxUpdate) are deleted this many days after they were handled. */
  inboxRetentionDays: number;
  /** Delivered or settled outbox rows lose their text and recipient after this many days. */
  outboxRetentionDays: number;
  /** Unfinished conversations (ChatState) expire after this many idle days. */
  chatStateIdleDays: number;
}

/** What a log line must never show: the bot token and, in webhook mode, the webhook secret. */
export function configSecrets(config: Config): string[] {
  return config.mode.kind === "webhook" ? [config.botToken, config.mode.secret] : [config.botToken];
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Turns environment variables into a Config; the first problem becomes one readable line. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = withoutBlanks(env);
  const base = baseSchema.safeParse(cleaned);
  if (!base.success) throw new ConfigError(describeIssue(base.error));
  const mode = modeSchema.safeParse({ BOT_MODE: "polling", ...cleaned });
  if (!mode.success) throw new ConfigError(describeIssue(mode.error, "BOT_MODE"));
  if (
    mode.data.BOT_MODE === "webhook" &&
    base.data.METRICS_PORT !== undefined &&
    base.data.METRICS_PORT === mode.data.PORT
  ) {
    throw new ConfigError(
      "METRICS_PORT must differ from PORT: /healthz and /metrics are never served on the webhook port",
    );
  }
  return toConfig(base.data, mode.data);
}

function describeIssue(error: z.ZodError, fallbackKey = "configuration"): string {
  const issue = error.issues[0];
  const key = issue?.path[0] ? String(issue.path[0]) : fallbackKey;
  if (issue?.code === "invalid_union" || (key === "BOT_MODE" && issue?.code !== "custom")) {
    return 'BOT_MODE must be "polling" or "webhook"';
  }
  return `${key} ${issue?.message ?? "is invalid"}`;
}

function toConfig(base: Base, mode: Mode): Config {
  return {
    botToken: base.BOT_TOKEN,
    dataDir: base.DATA_DIR,
    databaseUrl: base.DATABASE_URL || undefined,
    telegramApiRoot: base.TELEGRAM_API_ROOT,
    adminTelegramIds: base.ADMIN_TELEGRAM_IDS,
    defaultLocale: base.DEFAULT_LOCALE,
    logLevel: base.LOG_LEVEL,
    sendRatePerSecond: base.SEND_RATE_PER_SECOND,
    catchUpGraceMinutes: base.CATCH_UP_GRACE_MINUTES,
    metricsPort: base.METRICS_PORT,
    metricsHost: base.METRICS_HOST,
    publicBaseUrl: base.PUBLIC_BASE_URL,
    recapSignature: {
      position: base.RECAP_SIGNATURE_POSITION,
      name: base.RECAP_SIGNATURE_NAME,
      nip: base.RECAP_SIGNATURE_NIP,
    },
    housekeeping: {
      inboxRetentionDays: base.INBOX_RETENTION_DAYS,
      outboxRetentionDays: base.OUTBOX_RETENTION_DAYS,
      chatStateIdleDays: base.CHAT_STATE_IDLE_DAYS,
    },
    heavyWork: {
      threads: base.HEAVY_WORKER_THREADS,
      timeoutSeconds: base.HEAVY_JOB_TIMEOUT_SECONDS,
      memoryMb: base.HEAVY_WORKER_MEMORY_MB,
    },
    importLimits: {
      maxFileBytes: base.IMPORT_MAX_FILE_MB * 1024 * 1024,
      maxRows: base.IMPORT_MAX_ROWS,
      maxUnpackedBytes: base.IMPORT_MAX_UNPACKED_MB * 1024 * 1024,
      maxCompressionRatio: defaultImportLimits.maxCompressionRatio,
    },
    mode:
      mode.BOT_MODE === "polling"
        ? { kind: "polling" }
        : {
            kind: "webhook",
            url: mode.WEBHOOK_URL,
            secret: mode.WEBHOOK_SECRET,
            port: mode.PORT,
            host: mode.WEBHOOK_HOST,
          },
  };
}

/** Reads `.env` when present (real environment wins), then parses. The only reader of process.env. */
export async function loadConfig(): Promise<Config> {
  const { config: readDotenv } = await import("dotenv");
  readDotenv({ quiet: true });
  return parseConfig(process.env);
}

export interface DatabaseConfig {
  dataDir: string;
  databaseUrl: string | undefined;
}

/** The database part alone, for tools (migrate, diff, CLI) that need no bot token. */
export async function loadDatabaseConfig(): Promise<DatabaseConfig> {
  const { config: readDotenv } = await import("dotenv");
  readDotenv({ quiet: true });
  const parsed = baseSchema
    .pick({ DATA_DIR: true, DATABASE_URL: true })
    .safeParse(withoutBlanks(process.env));
  if (!parsed.success) throw new ConfigError(describeIssue(parsed.error));
  return { dataDir: parsed.data.DATA_DIR, databaseUrl: parsed.data.DATABASE_URL || undefined };
}

export interface DemoConfig {
  /** Port of the demo's web chat on 127.0.0.1 (0: any free port). */
  port: number;
  /** Where the demo keeps its own embedded database, apart from the real bot's DATA_DIR. */
  dataDir: string;
  logLevel: Base["LOG_LEVEL"];
}

const demoSchema = z.object({
  DEMO_PORT: z.coerce
    .number({ error: "must be a port number (1–65535, or 0 for any free port)" })
    .int("must be a port number (1–65535, or 0 for any free port)")
    .min(0, "must be a port number (1–65535, or 0 for any free port)")
    .max(65535, "must be a port number (1–65535, or 0 for any free port)")
    .default(8470),
  DEMO_DATA_DIR: z.string().min(1).default("./data/demo"),
  LOG_LEVEL: baseSchema.shape.LOG_LEVEL,
});

/** The demo's settings; `overrides` (from the command line) win over the environment. */
export function parseDemoConfig(
  env: Record<string, string | undefined>,
  overrides: { port?: string } = {},
): DemoConfig {
  const cleaned = withoutBlanks({ ...env, DEMO_PORT: overrides.port ?? env.DEMO_PORT });
  const parsed = demoSchema.safeParse(cleaned);
  if (!parsed.success) throw new ConfigError(describeIssue(parsed.error));
  return {
    port: parsed.data.DEMO_PORT,
    dataDir: parsed.data.DEMO_DATA_DIR,
    logLevel: parsed.data.LOG_LEVEL,
  };
}

/** For `npm run demo`: needs no token; the bot's own settings (BOT_TOKEN, DATA_DIR…) are ignored. */
export async function loadDemoConfig(overrides: { port?: string } = {}): Promise<DemoConfig> {
  const { config: readDotenv } = await import("dotenv");
  readDotenv({ quiet: true });
  return parseDemoConfig(process.env, overrides);
}

function withoutBlanks(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => !!entry[1]?.trim()),
  );
}
