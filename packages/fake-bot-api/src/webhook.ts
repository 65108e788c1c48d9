import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { TgWebhookInfo } from "./types.ts";
import type { UpdateQueue } from "./update-queue.ts";

export interface WebhookConfig {
  url: string;
  secretToken: string | undefined;
  maxConnections: number;
  allowedUpdates: string[] | undefined;
}

export interface WebhookDispatcherOptions {
  retryDelayMs: number;
  timeoutMs: number;
  /** A 2xx answer may carry a method call in its body ("webhook reply"); this runs it. */
  onWebhookReply: (call: Record<string, unknown>) => Promise<void>;
  /** Told after each delivery attempt, so waiters on pendingUpdates() or errors wake up. */
  onStateChange: () => void;
}

/**
 * Pushes queued updates to the webhook URL with at most `maxConnections` requests in flight.
 * An update leaves the queue only when the endpoint answers 2xx; any other status, a connection
 * error or a timeout puts it back after `retryDelayMs`, as Telegram keeps retrying.
 */
export class WebhookDispatcher {
  private readonly queue: UpdateQueue;
  private readonly options: WebhookDispatcherOptions;
  private config: WebhookConfig | undefined;
  private ready: number[] = [];
  private readyHead = 0;
  private readonly inFlight = new Set<number>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly shutdown = new AbortController();
  /**
   * Kept-alive connections, as Telegram keeps its connections to a webhook open: a new TCP (and
   * TLS) handshake per update would cost both sides far more than the update itself.
   */
  private agents: { http: HttpAgent; https: HttpsAgent } | undefined;
  private readonly requests = new Set<ClientRequest>();
  private lastErrorDate: number | undefined;
  private lastErrorMessage: string | undefined;

  constructor(queue: UpdateQueue, options: WebhookDispatcherOptions) {
    this.queue = queue;
    this.options = options;
    queue.onEnqueue((update) => {
      if (this.config === undefined) return;
      this.ready.push(update.update_id);
      this.pump();
    });
  }

  get active(): boolean {
    return this.config !== undefined;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  set(config: WebhookConfig): void {
    this.cancelRetries();
    this.config = config;
    this.ready = this.queue.ids().filter((id) => !this.inFlight.has(id));
    this.readyHead = 0;
    this.lastErrorDate = undefined;
    this.lastErrorMessage = undefined;
    this.pump();
  }

  /** Stops new deliveries; ones in flight finish and still count if answered 2xx. */
  unset(): void {
    this.config = undefined;
    this.cancelRetries();
    this.ready = [];
    this.readyHead = 0;
  }

  stop(): void {
    this.unset();
    this.shutdown.abort();
    for (const request of this.requests) request.destroy(new Error("stopped"));
    this.requests.clear();
    this.agents?.http.destroy();
    this.agents?.https.destroy();
    this.agents = undefined;
  }

  info(): TgWebhookInfo {
    const info: TgWebhookInfo = {
      url: this.config?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: this.queue.size,
    };
    if (this.config) info.max_connections = this.config.maxConnections;
    if (this.config?.allowedUpdates) info.allowed_updates = this.config.allowedUpdates;
    if (this.lastErrorDate !== undefined) info.last_error_date = this.lastErrorDate;
    if (this.lastErrorMessage !== undefined) info.last_error_message = this.lastErrorMessage;
    return info;
  }

  private pump(): void {
    const config = this.config;
    if (config === undefined) return;
    while (this.inFlight.size < config.maxConnections && this.readyHead < this.ready.length) {
      const id = this.ready[this.readyHead++] as number;
      if (!this.queue.has(id) || this.inFlight.has(id)) continue;
      void this.deliver(id, config);
    }
    if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
      this.ready = this.ready.slice(this.readyHead);
      this.readyHead = 0;
    }
  }

  private async deliver(id: number, config: WebhookConfig): Promise<void> {
    const update = this.queue.get(id);
    if (update === undefined) return;
    this.inFlight.add(id);
    try {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (config.secretToken !== undefined) {
        headers["x-telegram-bot-api-secret-token"] = config.secretToken;
      }
      const response = await this.post(config, JSON.stringify(update), headers);
      const body = response.body;
      if (response.status >= 200 && response.status < 300) {
        this.queue.markDelivered(id);
        this.queue.remove(id);
        this.options.onStateChange();
        await this.runWebhookReply(response.contentType, body);
      } else {
        this.failed(
          id,
          `Wrong response from the webhook: ${response.status} ${response.statusText}`,
        );
      }
    } catch (error) {
      if (this.shutdown.signal.aborted) return;
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      this.failed(id, timedOut ? "Read timeout expired" : "Connection refused");
    } finally {
      this.inFlight.delete(id);
      this.pump();
    }
  }

  /**
   * One POST over node:http with a keep-alive agent (fetch cost the harness several times the
   * CPU per update). Rejects with a TimeoutError after `timeoutMs`, and at once on stop().
   */
  private post(
    config: WebhookConfig,
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; statusText: string; contentType: string | null; body: string }> {
    if (this.agents === undefined) {
      // pump() already keeps at most maxConnections requests in flight.
      const options = { keepAlive: true };
      this.agents = { http: new HttpAgent(options), https: new HttpsAgent(options) };
    }
    const secure = config.url.startsWith("https:");
    const send = secure ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      if (this.shutdown.signal.aborted) {
        reject(new Error("stopped"));
        return;
      }
      const request = send(config.url, {
        method: "POST",
        agent: secure ? this.agents?.https : this.agents?.http,
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      });
      this.requests.add(request);
      const timer = setTimeout(() => {
        const error = new Error("webhook timeout");
        error.name = "TimeoutError";
        request.destroy(error);
      }, this.options.timeoutMs);
      const settle = () => {
        clearTimeout(timer);
        this.requests.delete(request);
      };
      request.on("error", (error) => {
        settle();
        reject(error);
      });
      request.on("response", (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", (error) => {
          settle();
          reject(error);
        });
        response.on("end", () => {
          settle();
          const type = response.headers["content-type"];
          resolve({
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? "",
            contentType: typeof type === "string" ? type : null,
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
      });
      request.end(body);
    });
  }

  private async runWebhookReply(contentType: string | null, body: string): Promise<void> {
    if (!contentType?.includes("application/json") || body === "") return;
    try {
      const call: unknown = JSON.parse(body);
      if (call !== null && typeof call === "object" && "method" in call) {
        await this.options.onWebhookReply(call as Record<string, unknown>);
      }
    } catch {
      // Telegram ignores a reply it cannot parse; so do we.
    }
  }

  private failed(id: number, message: string): void {
    this.lastErrorDate = Math.floor(Date.now() / 1000);
    this.lastErrorMessage = message;
    this.options.onStateChange();
    if (this.config === undefined) return;
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      if (this.config === undefined) return;
      this.ready.push(id);
      this.pump();
    }, this.options.retryDelayMs);
    this.retryTimers.add(timer);
  }

  private cancelRetries(): void {
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
  }
}
