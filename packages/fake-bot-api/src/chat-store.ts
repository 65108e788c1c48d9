import { badRequest, chatNotFound } from "./api-error.ts";
import type { ChatId, TgChat, TgMessage } from "./types.ts";

/**
 * Chats the server knows (a user wrote to the bot, or a test registered them), their messages
 * in both directions, and which users blocked the bot. Message ids are per chat and shared by
 * both sides, as in Telegram's private chats.
 */
export class ChatStore {
  private readonly chats = new Map<ChatId, TgChat>();
  private readonly chatIdByUsername = new Map<string, ChatId>();
  private readonly lastMessageId = new Map<ChatId, number>();
  private readonly messages = new Map<ChatId, Map<number, TgMessage>>();
  private readonly blocked = new Set<ChatId>();
  private readonly left = new Set<ChatId>();

  register(chat: TgChat): TgChat {
    const existing = this.chats.get(chat.id);
    const merged = existing ? { ...existing, ...chat } : chat;
    this.chats.set(chat.id, merged);
    if (merged.username) this.chatIdByUsername.set(merged.username.toLowerCase(), chat.id);
    this.left.delete(chat.id);
    return merged;
  }

  get(chatId: ChatId): TgChat | undefined {
    return this.chats.get(chatId);
  }

  isKnown(chatId: ChatId): boolean {
    return this.chats.has(chatId) && !this.left.has(chatId);
  }

  /** Turns a chat_id parameter (number, numeric string or "@username") into a chat id. */
  parseChatId(value: unknown): ChatId | string | undefined {
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value === "number") return value;
    const text = String(value);
    if (/^-?\d+$/.test(text)) return Number(text);
    if (text.startsWith("@")) return this.chatIdByUsername.get(text.slice(1).toLowerCase()) ?? text;
    throw badRequest("chat not found");
  }

  /** The chat a bot call addresses; throws like Telegram when it cannot be reached. */
  requireKnown(chatId: ChatId | string): TgChat {
    if (typeof chatId === "string") throw chatNotFound();
    const chat = this.chats.get(chatId);
    if (chat === undefined || this.left.has(chatId)) throw chatNotFound();
    return chat;
  }

  markLeft(chatId: ChatId): void {
    this.left.add(chatId);
  }

  nextMessageId(chatId: ChatId): number {
    const id = (this.lastMessageId.get(chatId) ?? 0) + 1;
    this.lastMessageId.set(chatId, id);
    return id;
  }

  saveMessage(message: TgMessage): void {
    let chatMessages = this.messages.get(message.chat.id);
    if (chatMessages === undefined) {
      chatMessages = new Map();
      this.messages.set(message.chat.id, chatMessages);
    }
    chatMessages.set(message.message_id, message);
  }

  message(chatId: ChatId, messageId: number): TgMessage | undefined {
    return this.messages.get(chatId)?.get(messageId);
  }

  deleteMessage(chatId: ChatId, messageId: number): boolean {
    return this.messages.get(chatId)?.delete(messageId) ?? false;
  }

  block(chatId: ChatId): void {
    this.blocked.add(chatId);
  }

  unblock(chatId: ChatId): void {
    this.blocked.delete(chatId);
  }

  isBlocked(chatId: ChatId | string): boolean {
    return typeof chatId === "number" && this.blocked.has(chatId);
  }
}
