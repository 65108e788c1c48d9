import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Api, type Bot, InputFile, type Transformer } from "grammy";
import type { InlineKeyboardButton, KeyboardButton, Update, UserFromGetMe } from "grammy/types";
import type { BotContext } from "../../src/bot/context.ts";
import { createBot } from "../../src/bot/create-bot.ts";
import type { AppDeps } from "../../src/bot/deps.ts";
import { type Config, parseConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/client.ts";
import { seedNationalHolidays } from "../../src/db/repositories/holidays.repository.ts";
import { createDeliveryWorker } from "../../src/delivery/delivery-worker.ts";
import { createFeatures, createFlows } from "../../src/features/index.ts";
import { createI18n } from "../../src/i18n/i18n.ts";
import { createLogger } from "../../src/logger.ts";
import { createScheduler, type Scheduler, type TickResult } from "../../src/scheduler/scheduler.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { closeHeavyWork, configureHeavyWork } from "../../src/workers/heavy-work.ts";
import { createTestDatabase } from "./test-database.ts";

/**
 * The real bot in this process, without HTTP: the same features, flows and middleware as the app
 * (createBot + createFeatures + createFlows), preset bot info (no getMe), and an API transformer
 * that records every call and answers as Telegram would. Updates go straight to
 * `bot.handleUpdate`, so when a `send…`/`press…` promise settles, everything the bot did for that
 * update is in the record. For journeys, the update inbox, polling, webhooks and the process
 * lifecycle, use startTestBot (bot-harness.ts) over HTTP instead.
 *
 * File downloads (getFile, then `<api root>/file/bot<token>/…`) are served from what users sent,
 * by a `fetch` wrapper installed for the harness's life: one harness at a time per test file.
 */

export const inProcessToken = "123456789:IN-PROCESS-token_for_feature-tests";
const apiRoot = "http://telegram.in-process.invalid";

export const inProcessBotInfo: UserFromGetMe = {
  id: 123456789,
  is_bot: true,
  first_name: "Tandang",
  username: "tandang_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

/** One Bot API call the bot made (the payload as grammY sent it, InputFiles included). */
export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
  /** "bot" for handlers, "worker" for the delivery worker (drainOutbox). */
  via: "bot" | "worker";
}

export type Keyboard = string[][];

/** A message in a chat as the user sees it now (edits applied, HTML reduced to plain text). */
export interface ChatMessage {
  message_id: number;
  /** Plain text (or caption), as the Telegram app shows it. */
  text: string;
  /** The text or caption as sent (HTML tags included). */
  raw: string;
  from: "bot" | "user";
  /** Inline buttons as [label, callback_data] rows, if any. */
  inline?: { text: string; data: string | undefined; url: string | undefined }[][];
  /** A reply keyboard's labels, if one was sent with it. */
  replyKeyboard?: Keyboard;
  document?: SentDocument;
  deleted?: boolean;
}

export interface SentDocument {
  file_id: string;
  file_name: string;
  content: Buffer;
  caption: string;
}

export interface CallbackAnswer {
  callback_query_id: string;
  text?: string;
  show_alert?: boolean;
}

export interface DocumentInput {
  file_name: string;
  content: Buffer | string;
  mime_type?: string;
  caption?: string;
}

export interface ChatUser {
  readonly id: number;
  sendText(text: string): Promise<void>;
  /** "/start abc" or "start abc". */
  sendCommand(command: string): Promise<void>;
  sendLocation(location: {
    latitude: number;
    longitude: number;
    horizontal_accuracy?: number;
    live_period?: number;
  }): Promise<void>;
  /** Their own contact by default (the "share my number" button); `own: false` for another's. */
  sendContact(contact: { phone_number: string; own?: boolean }): Promise<void>;
  sendDocument(document: DocumentInput): Promise<void>;
  sendSticker(): Promise<void>;
  sendPhoto(caption?: string): Promise<void>;
  sendVoice(): Promise<void>;
  /**
   * Presses the inline button whose label matches, on the newest message that has one (or on
   * `message`). Throws, listing the buttons, when there is none. Returns the callback answer.
   */
  pressButton(
    label: string | RegExp,
    options?: { message?: ChatMessage },
  ): Promise<CallbackAnswer | undefined>;
  /** Sends callback data as is: old buttons, forged data. */
  pressCallback(data: string, message?: ChatMessage): Promise<CallbackAnswer | undefined>;
  /** Every message in the chat, oldest first (the user's own too). */
  chat(): ChatMessage[];
  /** What the bot sent this user, oldest first, as it looks now. */
  received(): ChatMessage[];
  texts(): string[];
  lastText(): string;
  last(): ChatMessage;
  /** Bot messages sent since the user's latest message or button press. */
  sinceLastAction(): ChatMessage[];
  documents(): SentDocument[];
  /** The reply keyboard the user sees now (the newest one sent), if any. */
  replyKeyboard(): Keyboard | undefined;
  callbackAnswers(): CallbackAnswer[];
}

export interface InProcessBot {
  bot: Bot<BotContext>;
  deps: AppDeps;
  db: Database;
  config: Config;
  clock: ReturnType<typeof fixedClock>;
  /** Every call the bot and the delivery worker made, in order. */
  calls: RecordedCall[];
  user(id: number, profile?: { first_name?: string; language_code?: string }): ChatUser;
  /** Feeds a raw update (update_id is filled in when 0). */
  handle(update: Omit<Update, "update_id"> & { update_id?: number }): Promise<void>;
  /** Callback queries the bot never answered. */
  unansweredCallbackQueries(): string[];
  /** Error-level log events (update.failed …): a handler that threw. */
  errors(): { msg: string; [key: string]: unknown }[];
  /** One scheduler minute tick at the clock's time (reminders, broadcasts, housekeeping off). */
  runTick(): Promise<TickResult>;
  /** Sends what is due in the outbox through the real delivery worker; returns the calls it made. */
  drainOutbox(): Promise<RecordedCall[]>;
  stop(): Promise<void>;
}

export interface InProcessBotOptions {
  env?: Record<string, string>;
  /** Default: a fixed clock at 2026-11-30 08:00 WIB (a Monday). */
  clock?: ReturnType<typeof fixedClock>;
  /** Reuse a database (default: a fresh copy of the migrated template, dropped on stop). */
  db?: Database;
  /** Answers a call differently (e.g. a 403); return undefined for the usual answer. */
  respond?: (
    call: RecordedCall,
  ) => { ok: false; error_code: number; description: string } | undefined;
}

interface ChatState {
  nextMessageId: number;
  messages: ChatMessage[];
  lastUserAction: number;
  answers: CallbackAnswer[];
}

export async function startInProcessBot(options: InProcessBotOptions = {}): Promise<InProcessBot> {
  const clock = options.clock ?? fixedClock(new Date("2026-11-30T01:00:00Z"));
  const dataDir = await mkdtemp(join(tmpdir(), "tandang-in-process-"));
  const db = options.db ?? (await createTestDatabase());
  const config = parseConfig({
    BOT_TOKEN: inProcessToken,
    TELEGRAM_API_ROOT: apiRoot,
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    ...options.env,
  });
  const errors: { msg: string }[] = [];
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? "warn", {
    write(line: string) {
      const event = JSON.parse(line) as { level: number; msg: string };
      if (event.level >= 50) errors.push(event);
      if (process.env.TEST_LOG_LEVEL) process.stderr.write(line);
    },
  });
  await configureHeavyWork(config.heavyWork);
  await seedNationalHolidays(db.prisma);
  const deps: AppDeps = {
    config,
    db: db.prisma,
    logger,
    clock,
    i18n: createI18n(config.defaultLocale),
  };
  const bot = createBot(config.botToken, deps, {
    apiRoot,
    botInfo: inProcessBotInfo,
    features: createFeatures(),
    flows: createFlows(),
  });

  const calls: RecordedCall[] = [];
  const chats = new Map<number, ChatState>();
  const uploads = new Map<string, Buffer>();
  const pendingQueries = new Map<string, number>();
  let nextUpdateId = 1;
  let nextFileId = 1;
  let nextQueryId = 1;

  const chatOf = (chatId: number): ChatState => {
    let chat = chats.get(chatId);
    if (!chat) {
      chat = { nextMessageId: 1, messages: [], lastUserAction: 0, answers: [] };
      chats.set(chatId, chat);
    }
    return chat;
  };
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

  const recorder =
    (via: RecordedCall["via"]): Transformer =>
    async (_prev, method, payload) => {
      const call: RecordedCall = {
        method,
        payload: (payload ?? {}) as Record<string, unknown>,
        via,
      };
      calls.push(call);
      const refused = options.respond?.(call);
      if (refused) return refused as never;
      return { ok: true, result: (await answer(call)) as never };
    };

  /** What Telegram would answer, and the chat as the user now sees it. */
  const answer = async ({ method, payload }: RecordedCall): Promise<unknown> => {
    const chatId = Number(payload.chat_id);
    const sent = (message: ChatMessage) => {
      chatOf(chatId).messages.push(message);
      return toTelegramMessage(chatId, message);
    };
    const find = () =>
      chatOf(chatId).messages.find((message) => message.message_id === payload.message_id);
    switch (method) {
      case "getMe":
        return inProcessBotInfo;
      case "sendMessage":
        return sent({
          message_id: chatOf(chatId).nextMessageId++,
          from: "bot",
          raw: String(payload.text),
          text: plainText(String(payload.text), payload.parse_mode),
          ...markupOf(payload.reply_markup),
        });
      case "sendDocument":
      case "sendPhoto": {
        const file = payload[method === "sendDocument" ? "document" : "photo"];
        const caption = String(payload.caption ?? "");
        const document: SentDocument = {
          file_id: `sent-${nextFileId++}`,
          file_name: file instanceof InputFile ? (file.filename ?? "file") : String(file),
          content: await contentOf(file),
          caption: plainText(caption, payload.parse_mode),
        };
        uploads.set(document.file_id, document.content);
        return sent({
          message_id: chatOf(chatId).nextMessageId++,
          from: "bot",
          raw: caption,
          text: document.caption,
          document,
          ...markupOf(payload.reply_markup),
        });
      }
      case "sendLocation":
      case "sendVenue":
        return sent({
          message_id: chatOf(chatId).nextMessageId++,
          from: "bot",
          raw: String(payload.title ?? ""),
          text: String(payload.title ?? ""),
        });
      case "editMessageText":
      case "editMessageCaption":
      case "editMessageReplyMarkup": {
        const message = find();
        if (!message) return true;
        const text = method === "editMessageText" ? payload.text : payload.caption;
        if (text !== undefined) {
          message.raw = String(text);
          message.text = plainText(message.raw, payload.parse_mode);
        }
        delete message.inline;
        Object.assign(message, markupOf(payload.reply_markup));
        return toTelegramMessage(chatId, message);
      }
      case "deleteMessage": {
        const message = find();
        if (message) message.deleted = true;
        return true;
      }
      case "answerCallbackQuery": {
        const queryId = String(payload.callback_query_id);
        const from = pendingQueries.get(queryId);
        pendingQueries.delete(queryId);
        if (from !== undefined) {
          chatOf(from).answers.push({
            callback_query_id: queryId,
            ...(payload.text !== undefined ? { text: String(payload.text) } : {}),
            ...(payload.show_alert !== undefined
              ? { show_alert: Boolean(payload.show_alert) }
              : {}),
          });
        }
        return true;
      }
      case "getFile": {
        const fileId = String(payload.file_id);
        return {
          file_id: fileId,
          file_unique_id: `u-${fileId}`,
          file_size: uploads.get(fileId)?.length ?? 0,
          file_path: `documents/${fileId}`,
        };
      }
      case "getChat":
        return { id: chatId, type: chatId < 0 ? "group" : "private", first_name: "User" };
      case "getMyCommands":
        return [];
      default:
        // setMyCommands, sendChatAction, pinChatMessage, setMessageReaction …
        return true;
    }
  };
  bot.api.config.use(recorder("bot"));

  // Files the bot downloads (imports, final reports) come from the uploads, not the network.
  const realFetch = globalThis.fetch;
  const filePrefix = `${apiRoot}/file/bot${config.botToken}/documents/`;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(filePrefix)) return realFetch(input, init);
    const content = uploads.get(url.slice(filePrefix.length));
    return content
      ? new Response(new Uint8Array(content))
      : new Response("Not Found", { status: 404 });
  }) as typeof fetch;

  const handle: InProcessBot["handle"] = async (update) => {
    await bot.handleUpdate({ ...update, update_id: update.update_id || nextUpdateId++ } as Update);
  };

  const users = new Map<number, ChatUser>();
  const user: InProcessBot["user"] = (id, profile = {}) => {
    const known = users.get(id);
    if (known) return known;
    const from = {
      id,
      is_bot: false as const,
      first_name: profile.first_name ?? `Pengguna ${id}`,
      ...(profile.language_code ? { language_code: profile.language_code } : {}),
    };
    const chat = { id, type: "private" as const, first_name: from.first_name };
    const state = chatOf(id);
    const post = async (content: Record<string, unknown>, text = "") => {
      const message: ChatMessage = {
        message_id: state.nextMessageId++,
        from: "user",
        raw: text,
        text,
      };
      state.messages.push(message);
      state.lastUserAction = state.messages.length;
      await handle({
        message: {
          message_id: message.message_id,
          from,
          chat,
          date: nowSeconds(),
          ...content,
        } as never,
      });
    };
    const received = () => state.messages.filter((m) => m.from === "bot" && !m.deleted);
    const press = async (data: string, message?: ChatMessage) => {
      const queryId = `q${nextQueryId++}`;
      pendingQueries.set(queryId, id);
      const answersBefore = state.answers.length;
      state.lastUserAction = state.messages.length;
      // A button sits on a bot message: by default the newest one in the chat.
      const target = message ?? received().at(-1);
      await handle({
        callback_query: {
          id: queryId,
          from,
          chat_instance: `ci-${id}`,
          data,
          ...(target ? { message: toTelegramMessage(id, target) } : {}),
        } as never,
      });
      return state.answers.slice(answersBefore).find((a) => a.callback_query_id === queryId);
    };
    const handleOfUser: ChatUser = {
      id,
      sendText: (text) => post({ text }, text),
      sendCommand: (command) => {
        const text = command.startsWith("/") ? command : `/${command}`;
        const length = text.split(/\s/, 1)[0]?.length ?? text.length;
        return post({ text, entities: [{ type: "bot_command", offset: 0, length }] }, text);
      },
      sendLocation: (location) => post({ location }),
      sendContact: ({ phone_number, own = true }) =>
        post({
          contact: {
            phone_number,
            first_name: from.first_name,
            ...(own ? { user_id: id } : {}),
          },
        }),
      sendDocument: ({ file_name, content, mime_type, caption }) => {
        const fileId = `upload-${nextFileId++}`;
        const bytes = typeof content === "string" ? Buffer.from(content) : content;
        uploads.set(fileId, bytes);
        return post(
          {
            document: {
              file_id: fileId,
              file_unique_id: `u-${fileId}`,
              file_name,
              mime_type: mime_type ?? "application/octet-stream",
              file_size: bytes.length,
            },
            ...(caption ? { caption } : {}),
          },
          caption ?? "",
        );
      },
      sendSticker: () =>
        post({
          sticker: {
            file_id: `sticker-${nextFileId++}`,
            file_unique_id: "sticker",
            type: "regular",
            width: 512,
            height: 512,
            is_animated: false,
            is_video: false,
            emoji: "👍",
          },
        }),
      sendPhoto: (caption) =>
        post(
          {
            photo: [
              { file_id: `photo-${nextFileId++}`, file_unique_id: "p", width: 90, height: 90 },
            ],
            ...(caption ? { caption } : {}),
          },
          caption ?? "",
        ),
      sendVoice: () =>
        post({
          voice: { file_id: `voice-${nextFileId++}`, file_unique_id: "v", duration: 3 },
        }),
      pressButton: (label, options = {}) => {
        const candidates = options.message ? [options.message] : received().reverse();
        for (const message of candidates) {
          const button = message.inline
            ?.flat()
            .find((b) => (typeof label === "string" ? b.text === label : label.test(b.text)));
          if (button?.data !== undefined) return press(button.data, message);
        }
        const shown = received()
          .flatMap((m) => m.inline?.flat().map((b) => `#${m.message_id} "${b.text}" ${b.data}`))
          .filter(Boolean);
        throw new Error(`no button ${String(label)} for user ${id}; buttons: ${shown.join(", ")}`);
      },
      pressCallback: (data, message) => press(data, message),
      chat: () => state.messages.filter((m) => !m.deleted),
      received,
      texts: () => received().map((m) => m.text),
      lastText: () => handleOfUser.last().text,
      last: () => {
        const last = received().at(-1);
        if (!last) throw new Error(`the bot sent user ${id} nothing`);
        return last;
      },
      sinceLastAction: () =>
        state.messages.slice(state.lastUserAction).filter((m) => m.from === "bot" && !m.deleted),
      documents: () => received().flatMap((m) => (m.document ? [m.document] : [])),
      replyKeyboard: () => received().findLast((m) => m.replyKeyboard)?.replyKeyboard,
      callbackAnswers: () => [...state.answers],
    };
    users.set(id, handleOfUser);
    return handleOfUser;
  };

  let scheduler: Scheduler | undefined;
  const workerApi = new Api(config.botToken, { apiRoot });
  workerApi.config.use(recorder("worker"));

  return {
    bot,
    deps,
    db,
    config,
    clock,
    calls,
    user,
    handle,
    unansweredCallbackQueries: () => [...pendingQueries.keys()],
    errors: () => [...errors],
    runTick: () => {
      scheduler ??= createScheduler({
        db: db.prisma,
        clock,
        logger,
        i18n: deps.i18n,
        defaultLocale: config.defaultLocale,
        ratePerSecond: config.sendRatePerSecond,
        catchUpGraceMinutes: config.catchUpGraceMinutes,
        adminTelegramIds: config.adminTelegramIds,
        retention: { dataDir, housekeeping: config.housekeeping },
      });
      return scheduler.runTick();
    },
    drainOutbox: async () => {
      const before = calls.length;
      const due = await db.prisma.outboxMessage.count({
        where: { status: { in: ["PENDING", "SENDING"] }, notBefore: { lte: clock.now() } },
      });
      if (due === 0) return [];
      let settled = 0;
      let allSettled: () => void = () => undefined;
      const done = new Promise<void>((resolve) => {
        allSettled = resolve;
      });
      const worker = createDeliveryWorker({
        db: db.prisma,
        api: workerApi,
        clock,
        logger,
        ratePerSecond: 1000,
        idlePollMs: 20,
        observer: {
          onSettled: () => {
            settled++;
            if (settled >= due) allSettled();
          },
        },
      });
      worker.start();
      worker.wake();
      // A generous ceiling on a loaded machine, not a timing target.
      const ceiling = setTimeout(allSettled, 60_000);
      try {
        await done;
      } finally {
        clearTimeout(ceiling);
        await worker.stop();
      }
      if (settled < due) throw new Error(`outbox not drained: ${settled} of ${due} settled`);
      return calls.slice(before);
    },
    stop: async () => {
      globalThis.fetch = realFetch;
      await scheduler?.stop();
      await closeHeavyWork();
      if (!options.db) await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function markupOf(markup: unknown): Pick<ChatMessage, "inline" | "replyKeyboard"> {
  const value = markup as
    | { inline_keyboard?: InlineKeyboardButton[][]; keyboard?: (KeyboardButton | string)[][] }
    | undefined;
  if (value?.inline_keyboard) {
    return {
      inline: value.inline_keyboard.map((row) =>
        row.map((button) => ({
          text: button.text,
          data: "callback_data" in button ? button.callback_data : undefined,
          url: "url" in button ? button.url : undefined,
        })),
      ),
    };
  }
  if (value?.keyboard) {
    return {
      replyKeyboard: value.keyboard.map((row) =>
        row.map((button) => (typeof button === "string" ? button : button.text)),
      ),
    };
  }
  return {};
}

function toTelegramMessage(chatId: number, message: ChatMessage) {
  return {
    message_id: message.message_id,
    date: 0,
    chat: { id: chatId, type: chatId < 0 ? "group" : "private", first_name: "User" },
    ...(message.from === "bot" ? { from: inProcessBotInfo } : {}),
    ...(message.document
      ? {
          document: {
            file_id: message.document.file_id,
            file_unique_id: `u-${message.document.file_id}`,
            file_name: message.document.file_name,
          },
          caption: message.raw,
        }
      : { text: message.raw }),
    ...(message.inline
      ? {
          reply_markup: {
            inline_keyboard: message.inline.map((row) =>
              row.map((b) =>
                b.data !== undefined
                  ? { text: b.text, callback_data: b.data }
                  : { text: b.text, url: b.url ?? "" },
              ),
            ),
          },
        }
      : {}),
  };
}

/** What the Telegram app shows for an HTML message: tags gone, entities decoded. */
export function plainText(text: string, parseMode: unknown): string {
  if (parseMode !== "HTML") return text;
  return text
    .replace(/<\/?(b|strong|i|em|u|ins|s|strike|del|code|pre|tg-spoiler|blockquote)\b[^>]*>/g, "")
    .replace(/<a\s[^>]*>|<\/a>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

async function contentOf(file: unknown): Promise<Buffer> {
  if (!(file instanceof InputFile)) return Buffer.alloc(0);
  const raw = await file.toRaw();
  if (raw instanceof Uint8Array) return Buffer.from(raw);
  if (typeof raw === "string") return readFile(raw);
  const chunks: Uint8Array[] = [];
  for await (const chunk of raw as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
