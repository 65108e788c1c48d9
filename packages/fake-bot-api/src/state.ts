import { ChatStore } from "./chat-store.ts";
import { FaultRegistry } from "./faults.ts";
import { FileStore } from "./file-store.ts";
import { LongPoll } from "./long-poll.ts";
import { RateLimiter, resolveRateLimits } from "./rate-limiter.ts";
import { Recorder } from "./recorder.ts";
import type { FakeBotApiOptions, HtmlParseOptions, TgBotCommand, TgUser } from "./types.ts";
import { UpdateQueue } from "./update-queue.ts";
import { nowSeconds } from "./updates.ts";
import { WebhookDispatcher } from "./webhook.ts";

export const DEFAULT_BOT_USER: TgUser = {
  id: 7000000001,
  is_bot: true,
  first_name: "Tandang",
  username: "tandang_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
};

export interface PendingCallbackQuery {
  userId: number;
  answered: boolean;
}

/** All the server's mutable state, shared by the method handlers and the operator API. */
export interface ServerState {
  botUser: TgUser;
  html: HtmlParseOptions;
  queue: UpdateQueue;
  poll: LongPoll;
  webhook: WebhookDispatcher;
  chats: ChatStore;
  files: FileStore;
  recorder: Recorder;
  faults: FaultRegistry;
  rateLimiter: RateLimiter | undefined;
  commands: Map<string, TgBotCommand[]>;
  menuButtons: Map<string, unknown>;
  callbackQueries: Map<string, PendingCallbackQuery>;
  /** Unix seconds from the injected clock, for message and edit dates. */
  nowSeconds: () => number;
  /** Runs a Bot API call as if it had arrived over HTTP (used for webhook replies). */
  invokeInternally: (method: string, params: Record<string, unknown>) => Promise<void>;
}

export function createState(options: FakeBotApiOptions): ServerState {
  const queue = new UpdateQueue(options.firstUpdateId ?? 1);
  const limits = resolveRateLimits(options.enforceRateLimits);
  const state: ServerState = {
    botUser: { ...DEFAULT_BOT_USER, ...options.botInfo },
    html: options.html ?? {},
    queue,
    poll: new LongPoll(queue, () => state.recorder.notifyChange()),
    webhook: new WebhookDispatcher(queue, {
      retryDelayMs: options.webhookRetryDelayMs ?? 300,
      timeoutMs: options.webhookTimeoutMs ?? 30_000,
      onWebhookReply: (call) => {
        const { method, ...params } = call;
        return state.invokeInternally(String(method), params);
      },
      onStateChange: () => state.recorder.notifyChange(),
    }),
    chats: new ChatStore(),
    files: new FileStore(),
    recorder: new Recorder(),
    faults: new FaultRegistry(),
    rateLimiter: limits ? new RateLimiter(limits) : undefined,
    commands: new Map(),
    menuButtons: new Map(),
    callbackQueries: new Map(),
    nowSeconds: () => nowSeconds(options.clock),
    invokeInternally: async () => {},
  };
  return state;
}
