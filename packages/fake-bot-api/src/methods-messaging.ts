import { badRequest } from "./api-error.ts";
import { renderCaption, renderMessageText, validateReplyMarkup } from "./message-validation.ts";
import type { MethodCall } from "./method-types.ts";
import { optionalNumber, optionalObject, optionalString, type Params } from "./params.ts";
import { echoedMarkup, postBotMessage, targetChat } from "./send-pipeline.ts";
import type { ServerState } from "./state.ts";
import type { TgChat, TgLocation, TgMessage, TgMessageEntity, TgReplyMarkup } from "./types.ts";

const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);

const COPYABLE_FIELDS = [
  "text",
  "entities",
  "caption",
  "caption_entities",
  "photo",
  "document",
  "sticker",
  "voice",
  "location",
  "venue",
  "contact",
] as const;

function markupOf(params: Params): TgReplyMarkup | undefined {
  const markup = optionalObject<TgReplyMarkup>(params, "reply_markup");
  validateReplyMarkup(markup);
  return markup;
}

export function sendMessage(state: ServerState, { params }: MethodCall): TgMessage {
  const chat = targetChat(state, params);
  const rendered = renderMessageText(
    optionalString(params, "text"),
    optionalString(params, "parse_mode"),
    optionalObject<TgMessageEntity[]>(params, "entities"),
    state.html,
  );
  const markup = markupOf(params);
  const content: Partial<TgMessage> = { text: rendered.text };
  if (rendered.entities) content.entities = rendered.entities;
  return postBotMessage(state, chat, params, content, markup);
}

/** The bot's own message addressed by chat_id + message_id, for edits. */
function editableMessage(state: ServerState, params: Params): { chat: TgChat; message: TgMessage } {
  const chat = targetChat(state, params);
  const messageId = optionalNumber(params, "message_id");
  if (messageId === undefined) throw badRequest("message identifier is not specified");
  const message = state.chats.message(chat.id, messageId);
  if (message === undefined) throw badRequest("message to edit not found");
  if (message.from?.id !== state.botUser.id) throw badRequest("message can't be edited");
  return { chat, message };
}

const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function saveEdit(state: ServerState, message: TgMessage, changes: Partial<TgMessage>): TgMessage {
  const updated: TgMessage = { ...message, ...changes, edit_date: state.nowSeconds() };
  for (const key of Object.keys(changes) as Array<keyof TgMessage>) {
    if (updated[key] === undefined) delete updated[key];
  }
  state.chats.saveMessage(updated);
  return updated;
}

export function editMessageText(state: ServerState, { params }: MethodCall): TgMessage | true {
  if (optionalString(params, "inline_message_id") !== undefined) return true;
  const { message } = editableMessage(state, params);
  if (message.text === undefined) throw badRequest("there is no text in the message to edit");
  const rendered = renderMessageText(
    optionalString(params, "text"),
    optionalString(params, "parse_mode"),
    optionalObject<TgMessageEntity[]>(params, "entities"),
    state.html,
  );
  // Editing without reply_markup removes the inline keyboard, as on Telegram.
  const markup = echoedMarkup(markupOf(params));
  if (
    rendered.text === message.text &&
    sameJson(rendered.entities, message.entities) &&
    sameJson(markup, message.reply_markup)
  ) {
    throw badRequest(NOT_MODIFIED);
  }
  return saveEdit(state, message, {
    text: rendered.text,
    entities: rendered.entities,
    reply_markup: markup,
  });
}

export function editMessageReplyMarkup(
  state: ServerState,
  { params }: MethodCall,
): TgMessage | true {
  if (optionalString(params, "inline_message_id") !== undefined) return true;
  const { message } = editableMessage(state, params);
  const markup = echoedMarkup(markupOf(params));
  if (sameJson(markup, message.reply_markup)) throw badRequest(NOT_MODIFIED);
  return saveEdit(state, message, { reply_markup: markup });
}

export function deleteMessage(state: ServerState, { params }: MethodCall): true {
  const chat = targetChat(state, params);
  const messageId = optionalNumber(params, "message_id");
  if (messageId === undefined) throw badRequest("message identifier is not specified");
  if (!state.chats.deleteMessage(chat.id, messageId)) {
    throw badRequest("message to delete not found");
  }
  return true;
}

export function copyMessage(state: ServerState, call: MethodCall): { message_id: number } {
  const { params } = call;
  const chat = targetChat(state, params);
  const fromChatId = state.chats.parseChatId(params.from_chat_id);
  if (fromChatId === undefined) throw badRequest("from_chat_id is empty");
  const messageId = optionalNumber(params, "message_id");
  const source =
    typeof fromChatId === "number" && messageId !== undefined
      ? state.chats.message(fromChatId, messageId)
      : undefined;
  if (source === undefined) throw badRequest("message to copy not found");

  const content: Partial<TgMessage> = {};
  for (const field of COPYABLE_FIELDS) {
    if (source[field] !== undefined) Object.assign(content, { [field]: source[field] });
  }
  const caption = renderCaption(
    optionalString(params, "caption"),
    optionalString(params, "parse_mode"),
    optionalObject<TgMessageEntity[]>(params, "caption_entities"),
    state.html,
  );
  if (caption) {
    content.caption = caption.text;
    content.caption_entities = caption.entities;
  }
  const message = postBotMessage(state, chat, params, content, markupOf(params));
  call.createdMessage = message;
  return { message_id: message.message_id };
}

export function sendChatAction(state: ServerState, { params }: MethodCall): true {
  targetChat(state, params);
  const action = optionalString(params, "action");
  if (action === undefined || action === "") throw badRequest("action is empty");
  if (!CHAT_ACTIONS.has(action)) throw badRequest("wrong parameter action in request");
  return true;
}

export function answerCallbackQuery(state: ServerState, { params }: MethodCall): true {
  const queryId = optionalString(params, "callback_query_id");
  const pending = queryId === undefined ? undefined : state.callbackQueries.get(queryId);
  if (queryId === undefined || pending === undefined || pending.answered) {
    throw badRequest("query is too old and response timeout expired or query ID is invalid");
  }
  pending.answered = true;
  const answer: ServerState["recorder"]["callbackAnswers"][number] = {
    callback_query_id: queryId,
    user_id: pending.userId,
    at: Date.now(),
  };
  const text = optionalString(params, "text");
  if (text !== undefined) answer.text = text;
  const showAlert = params.show_alert;
  if (showAlert !== undefined) answer.show_alert = showAlert === true || showAlert === "true";
  const url = optionalString(params, "url");
  if (url !== undefined) answer.url = url;
  const cacheTime = optionalNumber(params, "cache_time");
  if (cacheTime !== undefined) answer.cache_time = cacheTime;
  state.recorder.callbackAnswers.push(answer);
  return true;
}

function locationOf(params: Params): TgLocation {
  const latitude = optionalNumber(params, "latitude");
  const longitude = optionalNumber(params, "longitude");
  if (latitude === undefined || latitude < -90 || latitude > 90) {
    throw badRequest("wrong latitude specified");
  }
  if (longitude === undefined || longitude < -180 || longitude > 180) {
    throw badRequest("wrong longitude specified");
  }
  const location: TgLocation = { latitude, longitude };
  const accuracy = optionalNumber(params, "horizontal_accuracy");
  if (accuracy !== undefined) {
    if (accuracy < 0 || accuracy > 1500) throw badRequest("wrong horizontal accuracy specified");
    location.horizontal_accuracy = accuracy;
  }
  const livePeriod = optionalNumber(params, "live_period");
  if (livePeriod !== undefined) location.live_period = livePeriod;
  return location;
}

export function sendLocation(state: ServerState, { params }: MethodCall): TgMessage {
  const chat = targetChat(state, params);
  const location = locationOf(params);
  return postBotMessage(state, chat, params, { location }, markupOf(params));
}

export function sendVenue(state: ServerState, { params }: MethodCall): TgMessage {
  const chat = targetChat(state, params);
  const location = locationOf(params);
  const title = optionalString(params, "title");
  const address = optionalString(params, "address");
  if (!title) throw badRequest("venue title is empty");
  if (!address) throw badRequest("venue address is empty");
  return postBotMessage(
    state,
    chat,
    params,
    { location, venue: { location, title, address } },
    markupOf(params),
  );
}
