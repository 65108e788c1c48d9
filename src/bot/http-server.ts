import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Update } from "grammy/types";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../shared/metrics.ts";
import type { UpdateInbox } from "./update-inbox.ts";

export interface HttpServerOptions {
  host: string;
  port: number;
  metrics: Metrics;
  logger: Logger;
  /** The local monitoring listener: /healthz and /metrics. Never given to the public one. */
  monitoring?: { health: () => Promise<boolean> };
  /** Present in webhook mode: where Telegram posts updates and the secret it must echo. */
  webhook?: { path: string; secret: string; inbox: UpdateInbox };
  /**
   * Public GET pages beside the webhook (the certificate verification page): given the path and
   * who asks (the peer address, for rate limits), an HTML page, or undefined for the usual 404.
   */
  pages?: (path: string, client: string) => Promise<{ status: number; html: string } | undefined>;
}

const maxBodyBytes = 1024 * 1024;

/**
 * Two kinds of listener: the public webhook (everything but the webhook path answers 404) and
 * the local monitoring one (/healthz, /metrics; bound to 127.0.0.1 by default). An update is
 * stored in the inbox before the 200 goes back, then handled in the background: Telegram gets a
 * fast answer, and a database outage answers 503 so Telegram keeps the update and tries again.
 */
export function startHttpServer(options: HttpServerOptions): Promise<Server> {
  const secret = options.webhook ? digest(options.webhook.secret) : undefined;
  const server = createServer((request, response) => {
    // close() drops idle connections only: one answering when it was called would stay open
    // (and hold the close, and the bot's stop) for keepAliveTimeout once its answer is out.
    response.once("finish", () => {
      if (!server.listening) setImmediate(() => server.closeIdleConnections());
    });
    route(request, response, options, secret).catch((error) => {
      options.logger.error({ err: error }, "http.failed");
      if (!response.headersSent) respond(response, 500, "error");
    });
  });
  // Telegram keeps its connections to the webhook open between updates, and so do reverse
  // proxies (nginx keeps upstream connections up to 60 s): closing an idle one first, at Node's
  // 5 s default, races a request already on its way, which then fails and is retried later.
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve(server));
  });
}

async function route(
  request: IncomingMessage,
  response: ServerResponse,
  options: HttpServerOptions,
  secret: Buffer | undefined,
) {
  const path = (request.url ?? "/").split("?")[0];
  const monitoring = options.monitoring;
  if (monitoring && request.method === "GET" && path === "/healthz") {
    const healthy = await monitoring.health().catch(() => false);
    respond(response, healthy ? 200 : 503, healthy ? "ok" : "unhealthy");
    return;
  }
  if (monitoring && request.method === "GET" && path === "/metrics") {
    response.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    response.end(await options.metrics.render());
    return;
  }
  const webhook = options.webhook;
  if (webhook && secret && request.method === "POST" && path === webhook.path) {
    if (!secretMatches(request.headers["x-telegram-bot-api-secret-token"], secret)) {
      options.metrics.increment("tandang_webhook_rejected_total");
      respond(response, 401, "unauthorized");
      return;
    }
    const update = parseUpdate(await readBody(request));
    if (!update) {
      respond(response, 400, "bad update");
      return;
    }
    let fresh: Update[];
    try {
      fresh = await webhook.inbox.accept([update]);
    } catch (error) {
      options.logger.warn({ err: error }, "webhook.store_failed");
      respond(response, 503, "retry later");
      return;
    }
    respond(response, 200, "");
    for (const accepted of fresh) void webhook.inbox.handle(accepted);
    return;
  }
  if (options.pages && request.method === "GET") {
    const page = await options.pages(path ?? "/", request.socket.remoteAddress ?? "unknown");
    if (page) {
      response.writeHead(page.status, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
        "referrer-policy": "no-referrer",
      });
      response.end(page.html);
      return;
    }
  }
  respond(response, 404, "not found");
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * Constant time in the secret: both sides are hashed to 32 bytes first, so neither a differing
 * byte's position nor a differing length shows in the time the answer takes.
 */
function secretMatches(given: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof given !== "string") return false;
  return timingSafeEqual(digest(given), expected);
}

/**
 * A health check that asks the database at most once per `ttlMs`: a scrape storm costs no
 * queries, concurrent scrapes share one, and an outage shows within `ttlMs`.
 */
export function cachedHealth(
  check: () => Promise<boolean>,
  ttlMs = 5_000,
  now: () => number = () => performance.now(),
): () => Promise<boolean> {
  let last: { at: number; result: Promise<boolean> } | undefined;
  return () => {
    if (!last || now() - last.at >= ttlMs) {
      last = { at: now(), result: check().catch(() => false) };
    }
    return last.result;
  };
}

function parseUpdate(body: string): Update | undefined {
  try {
    const value = JSON.parse(body) as Update;
    return Number.isSafeInteger(value?.update_id) ? value : undefined;
  } catch {
    return undefined;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new Error("webhook body too large"));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function respond(response: ServerResponse, status: number, text: string) {
  response.writeHead(status, { "content-type": "text/plain" });
  response.end(text);
}
