import type { MethodDefinition, MethodHandler } from "./method-types.ts";
import {
  deleteMyCommands,
  getChatMenuButton,
  getMe,
  getMyCommands,
  setChatMenuButton,
  setMyCommands,
} from "./methods-bot.ts";
import { getChat, leaveChat } from "./methods-chats.ts";
import { getFile, sendDocument, sendPhoto } from "./methods-media.ts";
import {
  answerCallbackQuery,
  copyMessage,
  deleteMessage,
  editMessageReplyMarkup,
  editMessageText,
  sendChatAction,
  sendLocation,
  sendMessage,
  sendVenue,
} from "./methods-messaging.ts";
import { deleteWebhook, getUpdates, getWebhookInfo, setWebhook } from "./methods-updates.ts";

const recordedCalls: Record<string, MethodHandler> = {
  sendMessage,
  sendPhoto,
  sendDocument,
  sendLocation,
  sendVenue,
  copyMessage,
  editMessageText,
  editMessageReplyMarkup,
  deleteMessage,
  sendChatAction,
};

const otherCalls: Record<string, MethodHandler> = {
  getMe,
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
  answerCallbackQuery,
  getFile,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  setChatMenuButton,
  getChatMenuButton,
  getChat,
  leaveChat,
};

/** Supported methods by lower-case name: the Bot API matches method names case-insensitively. */
export const METHODS = new Map<string, MethodDefinition>([
  ...Object.entries(recordedCalls).map(
    ([name, handler]) => [name.toLowerCase(), { name, handler, recorded: true }] as const,
  ),
  ...Object.entries(otherCalls).map(
    ([name, handler]) => [name.toLowerCase(), { name, handler, recorded: false }] as const,
  ),
]);
