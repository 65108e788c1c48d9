import { badRequest, blockedByUser, tooManyRequests } from "./api-error.ts";
import { optionalBoolean, optionalNumber, optionalObject, type Params } from "./params.ts";
import type { ServerState } from "./state.ts";
import type { TgChat, TgMessage, TgReplyMarkup } from "./types.ts";

/** Shared steps of every method that addresses a chat: find it, refuse like Telegram would. */
export function targetChat(state: ServerState, params: Params, key = "chat_id"): TgChat {
  const chatId = state.chats.parseChatId(params[key]);
  if (chatId === undefined) throw badRequest(`${key} is empty`);
  if (state.chats.isBlocked(chatId)) throw blockedByUser();
  return state.chats.requireKnown(chatId);
}

export function isGroupChat(chat: TgChat): boolean {
  return chat.type === "group" || chat.type === "supergroup";
}

function admitSend(state: ServerState, chat: TgChat, params: Params): void {
  if (state.rateLimiter === undefined) return;
  const paid = optionalBoolean(params, "allow_paid_broadcast") ?? false;
  const refusal = state.rateLimiter.tryAcquire(chat.id, isGroupChat(chat), paid, Date.now());
  if (refusal === undefined) return;
  state.recorder.countViolation();
  throw tooManyRequests(refusal.retryAfterMs / 1000);
}

interface ReplyParameters {
  message_id?: number;
  allow_sending_without_reply?: boolean;
}

function replyTarget(state: ServerState, chat: TgChat, params: Params): TgMessage | undefined {
  const replyParameters = optionalObject<ReplyParameters>(params, "reply_parameters");
  const messageId =
    replyParameters?.message_id ?? optionalNumber(params, "reply_to_message_id") ?? undefined;
  if (messageId === undefined) return undefined;
  const target = state.chats.message(chat.id, messageId);
  if (target) {
    const { reply_to_message: _nested, ...shallow } = target;
    return shallow;
  }
  const allowMissing =
    replyParameters?.allow_sending_without_reply ??
    optionalBoolean(params, "allow_sending_without_reply") ??
    false;
  if (allowMissing) return undefined;
  throw badRequest("message to be replied not found");
}

/** Message objects only echo inline keyboards; reply keyboards are not part of the message. */
export function echoedMarkup(markup: TgReplyMarkup | undefined): TgReplyMarkup | undefined {
  return markup?.inline_keyboard ? { inline_keyboard: markup.inline_keyboard } : undefined;
}

/**
 * Final step of a message-creating call, after validation: applies the rate limits, then
 * stores and returns the new message.
 */
export function postBotMessage(
  state: ServerState,
  chat: TgChat,
  params: Params,
  content: Partial<TgMessage>,
  markup: TgReplyMarkup | undefined,
): TgMessage {
  const replyTo = replyTarget(state, chat, params);
  admitSend(state, chat, params);
  const message: TgMessage = {
    message_id: state.chats.nextMessageId(chat.id),
    from: state.botUser,
    chat,
    date: state.nowSeconds(),
    ...content,
  };
  if (replyTo) message.reply_to_message = replyTo;
  const echoed = echoedMarkup(markup);
  if (echoed) message.reply_markup = echoed;
  state.chats.saveMessage(message);
  return message;
}
