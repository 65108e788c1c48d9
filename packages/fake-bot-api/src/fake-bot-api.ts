import type { Server } from "node:http";
import { invoke } from "./invoke.ts";
import { commandsKey } from "./methods-bot.ts";
import { createHttpServer, listen, TokenGate } from "./server.ts";
import { createState } from "./state.ts";
import type {
  CallbackAnswerRecord,
  ChatId,
  FakeBotApiOptions,
  FakeBotApiStats,
  FaultHandle,
  FaultSpec,
  MessageMatcher,
  PartialUpdate,
  SentRecord,
  TgBotCommand,
  TgChat,
  TgMessage,
  TgUser,
  TgWebhookInfo,
  WaitOptions,
} from "./types.ts";
import type { UserProfile } from "./updates.ts";
import { Actors, type GroupHandle, type UserHandle } from "./user-handles.ts";

export interface FakeBotApi {
  /** `http://127.0.0.1:<port>`, to pass as grammY's `client.apiRoot`. Throws before start(). */
  readonly apiRoot: string;
  readonly port: number;
  /** The token the server was told to accept, or the first one a client used. */
  readonly token: string | undefined;
  readonly botInfo: TgUser;
  /** Listens on a random loopback port; resolves with apiRoot. */
  start(): Promise<string>;
  /** Ends waiting polls, webhook deliveries and connections, then closes the port. */
  stop(): Promise<void>;

  user(id: number, profile?: Partial<UserProfile>): UserHandle;
  group(chatId: number, title: string, options?: { type?: "group" | "supergroup" }): GroupHandle;
  /** Queues any update; update_id is assigned when absent. Chats in it become known. */
  enqueueUpdate(update: PartialUpdate): number;
  /** Makes a chat reachable without any user writing first. */
  registerChat(chat: TgChat): void;

  sent(chatId?: ChatId | string): SentRecord[];
  attempts(chatId?: ChatId | string): SentRecord[];
  lastSent(chatId: ChatId | string): SentRecord | undefined;
  textsTo(chatId: ChatId | string): string[];
  clearRecords(): void;
  waitFor(predicate: (record: SentRecord) => boolean, options?: WaitOptions): Promise<SentRecord>;
  waitForMessage(
    chatId: ChatId | string,
    matcher: MessageMatcher,
    options?: WaitOptions,
  ): Promise<SentRecord>;
  waitUntil(condition: () => boolean, options?: { timeoutMs?: number }): Promise<void>;
  readonly callbackAnswers: readonly CallbackAnswerRecord[];
  unansweredCallbackQueries(): string[];
  /** The message as it stands now (after edits), or undefined if deleted/unknown. */
  message(chatId: ChatId, messageId: number): TgMessage | undefined;
  pendingUpdates(): number;
  /** True while a getUpdates long poll is parked waiting for updates. */
  hasWaitingPoll(): boolean;
  readonly confirmedOffset: number;
  readonly deliveredUpdateIds: number[];
  webhookInfo(): TgWebhookInfo;
  commands(options?: { scope?: unknown; language_code?: string }): TgBotCommand[];
  fileContent(fileId: string): Buffer | undefined;
  /** Bytes handed to downloads of a streamed file (one sent with declared_size). */
  bytesServed(fileId: string): number;

  injectFault(spec: FaultSpec): FaultHandle;
  clearFaults(): void;
  blockUser(id: number): void;
  unblockUser(id: number): void;
  stats(): FakeBotApiStats;
}

export function createFakeBotApi(options: FakeBotApiOptions = {}): FakeBotApi {
  const state = createState(options);
  const gate = new TokenGate(options.token);
  const actors = new Actors(state);
  const host = options.host ?? "127.0.0.1";
  let server: Server | undefined;
  let port: number | undefined;

  state.invokeInternally = async (method, params) => {
    await invoke(state, { method, params });
  };
  state.queue.onEnqueue((update) => {
    registerChatsOf(update);
    state.recorder.notifyChange();
  });

  function registerChatsOf(update: PartialUpdate): void {
    const chat =
      update.message?.chat ??
      update.edited_message?.chat ??
      update.callback_query?.message?.chat ??
      update.my_chat_member?.chat;
    if (chat !== undefined && !state.chats.isKnown(chat.id)) state.chats.register(chat);
  }

  const api: FakeBotApi = {
    get apiRoot() {
      if (port === undefined) throw new Error("fake Bot API not started: await start() first");
      return `http://${host}:${port}`;
    },
    get port() {
      if (port === undefined) throw new Error("fake Bot API not started: await start() first");
      return port;
    },
    get token() {
      return gate.token;
    },
    botInfo: state.botUser,

    async start() {
      if (server === undefined) {
        server = createHttpServer(state, gate);
        port = await listen(server, host);
      }
      return api.apiRoot;
    },

    async stop() {
      const running = server;
      if (running === undefined) return;
      server = undefined;
      state.webhook.stop();
      state.poll.releaseWaiting();
      await new Promise<void>((resolve) => {
        running.close(() => resolve());
        running.closeAllConnections();
      });
    },

    user: (id, profile) => actors.user(id, profile),
    group: (chatId, title, groupOptions) => actors.group(chatId, title, groupOptions),
    enqueueUpdate: (update) => state.queue.enqueue(update).update_id,
    registerChat: (chat) => {
      state.chats.register(chat);
    },

    sent: (chatId) => state.recorder.sent(chatId),
    attempts: (chatId) => state.recorder.attempts(chatId),
    lastSent: (chatId) => state.recorder.lastSent(chatId),
    textsTo: (chatId) => state.recorder.textsTo(chatId),
    clearRecords: () => state.recorder.clear(),
    waitFor: (predicate, waitOptions) => state.recorder.waitFor(predicate, waitOptions),
    waitForMessage: (chatId, matcher, waitOptions) =>
      state.recorder.waitForMessage(chatId, matcher, waitOptions),
    waitUntil: (condition, waitOptions) => state.recorder.waitUntil(condition, waitOptions),
    get callbackAnswers() {
      return state.recorder.callbackAnswers;
    },
    unansweredCallbackQueries: () =>
      [...state.callbackQueries].filter(([, query]) => !query.answered).map(([id]) => id),
    message: (chatId, messageId) => state.chats.message(chatId, messageId),
    pendingUpdates: () => state.queue.size,
    hasWaitingPoll: () => state.poll.isWaiting,
    get confirmedOffset() {
      return state.queue.confirmedOffset;
    },
    get deliveredUpdateIds() {
      return state.queue.deliveredIds();
    },
    webhookInfo: () => state.webhook.info(),
    commands: (query = {}) =>
      state.commands.get(commandsKey(query.scope, query.language_code)) ?? [],
    fileContent: (fileId) => state.files.get(fileId)?.content,
    bytesServed: (fileId) => state.files.get(fileId)?.bytes_served ?? 0,

    injectFault: (spec) => state.faults.add(spec),
    clearFaults: () => state.faults.clear(),
    blockUser: (id) => state.chats.block(id),
    unblockUser: (id) => state.chats.unblock(id),
    stats: () => state.recorder.stats(),
  };
  return api;
}

/** Creates and starts a fake Bot API in one step. */
export async function startFakeBotApi(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const api = createFakeBotApi(options);
  await api.start();
  return api;
}
