import { pino } from "pino";

export type Logger = pino.Logger;

export interface LoggerOptions {
  /** Exact strings never to print (the bot token, the webhook secret). */
  secrets?: string[];
}

/**
 * JSON logs that never carry the bot token, a NIP, a phone number, coordinates or message text:
 * errors go through `serializeError` (grammY errors lose their payload, nested causes are
 * walked), and every finished line passes `redactSecrets` as a last line of defence.
 */
export function createLogger(
  level: string,
  destination?: pino.DestinationStream,
  options: LoggerOptions = {},
): Logger {
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 6);
  return pino(
    {
      level,
      base: { app: "tandang" },
      serializers: {
        err: serializeError,
        error: serializeError,
        cause: serializeError,
        reason: serializeError,
      },
      hooks: { streamWrite: (line) => redactSecrets(line, secrets) },
    },
    destination ?? pino.destination(1),
  );
}

// `bot<id>:<secret>` as in a Bot API URL, and a bare token (a Telegram token's secret is 35).
const tokenInUrl = /bot\d{3,}:[A-Za-z0-9_-]+/g;
const bareToken = /(?<![\w-])\d{6,}:[A-Za-z0-9_-]{20,}/g;
// A NIP: 18 digits, run together or grouped 8 6 1 3 as people write it.
const nip = /(?<!\d)\d{8}[ .-]?\d{6}[ .-]?\d[ .-]?\d{3}(?!\d)/g;
// An Indonesian mobile number: +62 8…, 62 8…, 08… (Telegram ids are at most 10 digits today).
const phone = /(?<![\d.])(?:\+62|62|0)[ -]?8\d{2}[ -]?\d{3,4}[ -]?\d{3,5}(?!\d)/g;

/** Replaces every token-, NIP- and phone-looking run and each given secret in `text`. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.replaceAll(secret, "[redacted]");
  }
  return out
    .replace(tokenInUrl, "bot[redacted]")
    .replace(bareToken, "[redacted-token]")
    .replace(nip, "[redacted-nip]")
    .replace(phone, "[redacted-phone]");
}

const keptProperties = ["code", "errno", "syscall", "error_code", "clientVersion"] as const;
const maxMessage = 500;

/**
 * An error as a log record: type, message, stack and a few diagnostic codes, with its cause
 * (grammY's HttpError `error`, BotError `error`, `cause`, AggregateError `errors`) walked a few
 * levels deep. Nothing else is copied: a GrammyError's `payload` is the whole message sent
 * (text, names, coordinates), a BotError's `ctx` the whole update. Of a Telegram call only the
 * method and Telegram's answer are kept.
 */
export function serializeError(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactSecrets(value).slice(0, maxMessage);
  if (value === null || typeof value !== "object") return value;
  if (depth > 4) return "[nested too deep]";
  const error = value as Record<string, unknown> & { name?: unknown; constructor?: unknown };
  // node-postgres's DatabaseError (the hot path's statements skip Prisma: src/db/direct-sql.ts).
  const fromPostgres =
    typeof error.severity === "string" &&
    typeof error.code === "string" &&
    /^[0-9A-Z]{5}$/.test(error.code);
  const record: Record<string, unknown> = {
    type: fromPostgres ? "DatabaseError" : typeof error.name === "string" ? error.name : "Object",
  };
  // Prisma and PostgreSQL quote the query's arguments and the row ("Key (nip)=(…)") in their
  // messages and details: of their errors only the codes and the stack frames are kept.
  const quotesData =
    fromPostgres || (typeof record.type === "string" && record.type.startsWith("PrismaClient"));
  if (fromPostgres) record.sqlstate = error.code;
  if (typeof error.message === "string" && !quotesData) {
    record.message = redactSecrets(error.message).slice(0, maxMessage);
  }
  if (typeof error.stack === "string") {
    record.stack = quotesData
      ? error.stack
          .split("\n")
          .filter((line) => line.startsWith("    at "))
          .join("\n")
      : redactSecrets(error.stack);
  }
  const meta = error.meta as { driverAdapterError?: { cause?: { originalCode?: unknown } } };
  const sqlState = meta?.driverAdapterError?.cause?.originalCode;
  if (typeof sqlState === "string") record.sqlstate = sqlState;
  for (const key of keptProperties) {
    const property = error[key];
    if (typeof property === "string" || typeof property === "number") record[key] = property;
  }
  if (typeof error.method === "string") record.method = error.method;
  if (typeof error.description === "string") {
    record.description = redactSecrets(error.description).slice(0, maxMessage);
  }
  const parameters = error.parameters as { retry_after?: unknown } | undefined;
  if (typeof parameters?.retry_after === "number") record.retry_after = parameters.retry_after;
  // BotError: the update's id, never the update.
  const ctx = error.ctx as { update?: { update_id?: unknown } } | undefined;
  if (typeof ctx?.update?.update_id === "number") record.update_id = ctx.update.update_id;
  // HttpError and BotError keep the underlying error in `error`; standard errors in `cause`.
  const inner = error.error instanceof Error ? error.error : undefined;
  if (inner) record.error = serializeError(inner, depth + 1);
  if (error.cause !== undefined) record.cause = serializeError(error.cause, depth + 1);
  if (Array.isArray(error.errors)) {
    record.errors = error.errors.slice(0, 5).map((item) => serializeError(item, depth + 1));
  }
  return record;
}
