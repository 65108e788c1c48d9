import type { FakeBotApi, SentRecord, TgMessage, TgReplyMarkup } from "@tandang/fake-bot-api";
import { formatTimeWithZone } from "../domain/time.ts";
import { renderTelegramText } from "./render-telegram-text.ts";
import { DEMO_TIME_ZONE } from "./seed-demo.ts";

/**
 * One conversation per demo user as the page and the terminal show it: what the user sent,
 * and what the bot did in that chat (messages, edits, deletions, callback answers), in order.
 * Built from the built-in Bot API's records, read lazily whenever someone asks.
 */

export interface InlineButtonView {
  text: string;
  data?: string;
  url?: string;
}

export interface ReplyButtonView {
  text: string;
  requestContact?: boolean;
  requestLocation?: boolean;
}

export interface ReplyKeyboardView {
  rows: ReplyButtonView[][];
  oneTime: boolean;
}

export interface MediaView {
  kind: "photo" | "document";
  fileId: string;
  url: string;
  name: string;
  size: number;
}

export interface MessageView {
  messageId: number;
  from: "bot" | "user";
  /** Unix seconds. */
  date: number;
  /** The time in the host province's zone with its label, e.g. "07:20 WIB" (not the browser's). */
  time: string;
  /** Safe to insert as HTML (see render-telegram-text.ts). */
  html: string;
  /** The text as a user reads it, for the terminal. */
  plain: string;
  buttons: InlineButtonView[][];
  media?: MediaView;
  location?: { latitude: number; longitude: number; url: string; title?: string };
}

export type ChatEvent =
  | { seq: number; type: "message"; message: MessageView }
  | { seq: number; type: "delete"; messageId: number }
  | { seq: number; type: "toast"; text: string; alert: boolean };

type NewEvent =
  | { type: "message"; message: MessageView }
  | { type: "delete"; messageId: number }
  | { type: "toast"; text: string; alert: boolean };

const CREATING = new Set(["sendMessage", "sendPhoto", "sendDocument", "sendLocation", "sendVenue"]);
const EDITING = new Set([
  "editMessageText",
  "editMessageCaption",
  "editMessageReplyMarkup",
  "editMessageLiveLocation",
]);

export function fileUrl(fileId: string, name: string): string {
  return `/files/${encodeURIComponent(fileId)}?name=${encodeURIComponent(name)}`;
}

export function mapUrl(latitude: number, longitude: number): string {
  return `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`;
}

/** Bots send charts as PNG through sendPhoto: name the file after what it holds. */
function imageExtension(content: Buffer | undefined): string {
  return content?.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])) ? "png" : "jpg";
}

/** What a message looks like in the chat, whoever sent it. */
export function viewOfMessage(
  message: TgMessage,
  from: "bot" | "user",
  contentOf: (fileId: string) => Buffer | undefined = () => undefined,
): MessageView {
  const text = message.text ?? message.caption ?? "";
  const entities = message.text !== undefined ? message.entities : message.caption_entities;
  const view: MessageView = {
    messageId: message.message_id,
    from,
    date: message.date,
    time: formatTimeWithZone(new Date(message.date * 1000), DEMO_TIME_ZONE),
    html: renderTelegramText(text, entities ?? []),
    plain: text,
    buttons: (message.reply_markup?.inline_keyboard ?? []).map((row) =>
      row.map((button) => {
        const item: InlineButtonView = { text: String(button.text) };
        if (typeof button.callback_data === "string") item.data = button.callback_data;
        if (typeof button.url === "string" && /^(https?:|tg:)/i.test(button.url))
          item.url = button.url;
        return item;
      }),
    ),
  };
  const largestPhoto = message.photo?.at(-1);
  if (largestPhoto) {
    const name = `foto-${message.message_id}.${imageExtension(contentOf(largestPhoto.file_id))}`;
    view.media = {
      kind: "photo",
      fileId: largestPhoto.file_id,
      url: fileUrl(largestPhoto.file_id, name),
      name,
      size: largestPhoto.file_size ?? 0,
    };
  } else if (message.document) {
    const name = message.document.file_name ?? `dokumen-${message.message_id}`;
    view.media = {
      kind: "document",
      fileId: message.document.file_id,
      url: fileUrl(message.document.file_id, name),
      name,
      size: message.document.file_size ?? 0,
    };
  }
  if (message.location) {
    const { latitude, longitude } = message.location;
    view.location = { latitude, longitude, url: mapUrl(latitude, longitude) };
    if (message.venue) view.location.title = `${message.venue.title}, ${message.venue.address}`;
  }
  if (message.contact) {
    view.plain = `📱 ${message.contact.first_name} ${message.contact.phone_number}`;
    view.html = renderTelegramText(view.plain);
  }
  return view;
}

function replyKeyboardOf(markup: TgReplyMarkup): ReplyKeyboardView | null | undefined {
  if (markup.remove_keyboard) return null;
  if (!Array.isArray(markup.keyboard)) return undefined;
  return {
    oneTime: markup.one_time_keyboard === true,
    rows: markup.keyboard.map((row) =>
      (Array.isArray(row) ? row : []).map((button) => {
        if (typeof button === "string") return { text: button };
        const fields = (button ?? {}) as Record<string, unknown>;
        const view: ReplyButtonView = { text: String(fields.text ?? "") };
        if (fields.request_contact === true) view.requestContact = true;
        if (fields.request_location === true) view.requestLocation = true;
        return view;
      }),
    ),
  };
}

export class ChatLog {
  private readonly api: FakeBotApi;
  private readonly events = new Map<number, ChatEvent[]>();
  private readonly keyboards = new Map<number, ReplyKeyboardView | null>();
  private readonly watched: Set<number>;
  private lastRecordSeq = -1;
  private answersSeen = 0;
  private nextSeq = 1;

  /** Only the demo identities' chats are kept. */
  constructor(api: FakeBotApi, chatIds: Iterable<number>) {
    this.api = api;
    this.watched = new Set(chatIds);
  }

  /** Events of the chat after `after` (0: the whole conversation). */
  eventsOf(chatId: number, after = 0): ChatEvent[] {
    this.catchUp();
    return (this.events.get(chatId) ?? []).filter((event) => event.seq > after);
  }

  /** The reply keyboard the user sees now, if any. */
  keyboardOf(chatId: number): ReplyKeyboardView | null {
    this.catchUp();
    return this.keyboards.get(chatId) ?? null;
  }

  lastSeq(chatId: number): number {
    this.catchUp();
    return this.events.get(chatId)?.at(-1)?.seq ?? 0;
  }

  /** Records what the user just sent, after whatever the bot said before it. */
  addUserMessage(chatId: number, messageId: number): void {
    this.catchUp();
    const message = this.api.message(chatId, messageId);
    if (message) this.push(chatId, { type: "message", message: viewOfMessage(message, "user") });
  }

  /** A plain reply-keyboard button or a shared contact/location closes a one-time keyboard. */
  userAnsweredKeyboard(chatId: number): void {
    if (this.keyboards.get(chatId)?.oneTime) this.keyboards.set(chatId, null);
  }

  private catchUp(): void {
    for (const record of this.api.sent()) {
      if (record.seq <= this.lastRecordSeq) continue;
      this.lastRecordSeq = record.seq;
      this.ingest(record);
    }
    const answers = this.api.callbackAnswers;
    for (; this.answersSeen < answers.length; this.answersSeen++) {
      const answer = answers[this.answersSeen];
      if (answer?.text && this.watched.has(answer.user_id)) {
        this.push(answer.user_id, {
          type: "toast",
          text: answer.text,
          alert: answer.show_alert === true,
        });
      }
    }
  }

  private ingest(record: SentRecord): void {
    const chatId = Number(record.chat_id);
    if (!this.watched.has(chatId)) return;
    if (CREATING.has(record.method) || EDITING.has(record.method)) {
      if (record.message) {
        const message = viewOfMessage(record.message, "bot", (id) => this.api.fileContent(id));
        this.push(chatId, { type: "message", message });
      }
      const markup = record.payload.reply_markup;
      if (markup && typeof markup === "object") {
        const keyboard = replyKeyboardOf(markup as TgReplyMarkup);
        if (keyboard !== undefined) this.keyboards.set(chatId, keyboard);
      }
    } else if (record.method === "deleteMessage") {
      this.push(chatId, { type: "delete", messageId: Number(record.payload.message_id) });
    }
  }

  private push(chatId: number, event: NewEvent): void {
    const list = this.events.get(chatId) ?? [];
    list.push({ ...event, seq: this.nextSeq++ } as ChatEvent);
    this.events.set(chatId, list);
  }
}
