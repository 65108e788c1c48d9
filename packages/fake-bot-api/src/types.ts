/**
 * Wire shapes of the Bot API subset the fake server speaks, plus the public types of its
 * operator API. Kept local (instead of importing grammY's types) so that this folder depends
 * on node built-ins only and can ship inside the no-network demo.
 */

export type ChatId = number;

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: boolean;
  can_join_groups?: boolean;
  can_read_all_group_messages?: boolean;
  supports_inline_queries?: boolean;
  can_connect_to_business?: boolean;
  has_main_web_app?: boolean;
}

export type ChatType = "private" | "group" | "supergroup" | "channel";

export interface TgChat {
  id: ChatId;
  type: ChatType;
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
}

export interface TgMessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
}

export interface TgPhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size?: number;
}

export interface TgDocument {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}

export interface TgSticker {
  file_id: string;
  file_unique_id: string;
  type: "regular";
  width: number;
  height: number;
  is_animated: boolean;
  is_video: boolean;
  emoji?: string;
  file_size?: number;
}

export interface TgVoice {
  file_id: string;
  file_unique_id: string;
  duration: number;
  mime_type?: string;
  file_size?: number;
}

export interface TgLocation {
  latitude: number;
  longitude: number;
  horizontal_accuracy?: number;
  live_period?: number;
  heading?: number;
  proximity_alert_radius?: number;
}

export interface TgVenue {
  location: TgLocation;
  title: string;
  address: string;
  foursquare_id?: string;
  foursquare_type?: string;
  google_place_id?: string;
  google_place_type?: string;
}

export interface TgContact {
  phone_number: string;
  first_name: string;
  last_name?: string;
  user_id?: number;
  vcard?: string;
}

export interface TgMessageOrigin {
  type: "user";
  date: number;
  sender_user: TgUser;
}

export interface TgInlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
  [key: string]: unknown;
}

export interface TgReplyMarkup {
  inline_keyboard?: TgInlineKeyboardButton[][];
  keyboard?: unknown[][];
  remove_keyboard?: boolean;
  force_reply?: boolean;
  [key: string]: unknown;
}

export interface TgMessage {
  message_id: number;
  date: number;
  chat: TgChat;
  from?: TgUser;
  edit_date?: number;
  text?: string;
  entities?: TgMessageEntity[];
  caption?: string;
  caption_entities?: TgMessageEntity[];
  photo?: TgPhotoSize[];
  document?: TgDocument;
  sticker?: TgSticker;
  voice?: TgVoice;
  location?: TgLocation;
  venue?: TgVenue;
  contact?: TgContact;
  forward_origin?: TgMessageOrigin;
  reply_to_message?: TgMessage;
  reply_markup?: TgReplyMarkup;
  [key: string]: unknown;
}

export interface TgCallbackQuery {
  id: string;
  from: TgUser;
  message?: TgMessage;
  chat_instance: string;
  data?: string;
}

export interface TgChatMemberUpdated {
  chat: TgChat;
  from: TgUser;
  date: number;
  old_chat_member: { status: string; user: TgUser };
  new_chat_member: { status: string; user: TgUser; until_date?: number };
}

interface TgUpdateContent {
  message?: TgMessage;
  edited_message?: TgMessage;
  callback_query?: TgCallbackQuery;
  my_chat_member?: TgChatMemberUpdated;
  /** Other update kinds pass through untouched. */
  [key: string]: unknown;
}

export interface TgUpdate extends TgUpdateContent {
  update_id: number;
}

/** An update as a test hands it in: the server fills in `update_id` when absent. */
export interface PartialUpdate extends TgUpdateContent {
  update_id?: number;
}

export interface TgBotCommand {
  command: string;
  description: string;
}

export interface TgFile {
  file_id: string;
  file_unique_id: string;
  file_size?: number;
  file_path?: string;
}

export interface TgWebhookInfo {
  url: string;
  has_custom_certificate: boolean;
  pending_update_count: number;
  max_connections?: number;
  last_error_date?: number;
  last_error_message?: string;
  allowed_updates?: string[];
}

/** Bot API response envelope. */
export type ApiResponse<T = unknown> =
  | { ok: true; result: T }
  | {
      ok: false;
      error_code: number;
      description: string;
      parameters?: { retry_after?: number; migrate_to_chat_id?: number };
    };

// ---------------------------------------------------------------------------------------------
// Operator API types

/** A file the bot uploaded in a multipart request. */
export interface UploadedFile {
  /** Form field the file was bound to, e.g. `document` or `photo`. */
  field: string;
  file_name: string;
  size: number;
  content_type?: string;
  /** The file_id the server assigned, usable with getFile. */
  file_id: string;
}

export interface ApiErrorInfo {
  error_code: number;
  description: string;
  retry_after?: number;
}

/** One bot→chat call (sends, edits, deletions, chat actions), whether it succeeded or not. */
export interface SentRecord {
  /** Position in the global record list; increasing. */
  seq: number;
  method: string;
  chat_id: ChatId | string;
  /** The request parameters as received; form fields holding JSON are already parsed. */
  payload: Record<string, unknown>;
  /** Milliseconds since the epoch when the server handled the call. */
  at: number;
  ok: boolean;
  error?: ApiErrorInfo;
  message_id?: number;
  /** The message as it stood right after this call (absent for deletions and chat actions). */
  message?: TgMessage;
  /** Text or caption as the user sees it (HTML tags removed, entities decoded). */
  text?: string;
  uploads?: UploadedFile[];
}

export interface CallbackAnswerRecord {
  callback_query_id: string;
  /** Id of the user who pressed the button. */
  user_id: number;
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
  at: number;
}

export interface FakeBotApiStats {
  /** HTTP requests to bot methods (getUpdates included). */
  requests: number;
  /** Successful message-creating sends. */
  sends: number;
  /** Sends refused by the enforced rate limits. */
  violations: number;
  byMethod: Record<string, number>;
}

export interface RateLimitOptions {
  /** Sends per rolling second across all chats. Telegram: about 30. */
  globalPerSecond?: number;
  /** Long-run average sends per second to one chat. Telegram: about 1. */
  perChatPerSecond?: number;
  /** Sends per rolling minute to one group or supergroup. Telegram: 20. */
  perGroupPerMinute?: number;
  /** Back-to-back sends tolerated to one chat before the average rule bites. Default 3. */
  burst?: number;
  /** Global rolling-second limit for sends with `allow_paid_broadcast: true`. Default 1000. */
  paidPerSecond?: number;
}

export interface HtmlParseOptions {
  /**
   * Reject a `&` that does not start a supported entity. Default true: stricter than Telegram,
   * which keeps such a `&` literally, because unescaped user input is a bug waiting for the
   * one name that reads `&lt`.
   */
  strictAmpersand?: boolean;
}

export interface FakeBotApiOptions {
  /** Accept only this token (others get 401). Default: accept any and remember the first. */
  token?: string;
  /** Overrides for the getMe answer. */
  botInfo?: Partial<TgUser>;
  /** Turn on 429s for sends that break Telegram's documented limits. Off by default. */
  enforceRateLimits?: boolean | RateLimitOptions;
  /** First update_id handed out. Default 1. */
  firstUpdateId?: number;
  /** Delay before a failed webhook delivery is retried. Default 300 ms. */
  webhookRetryDelayMs?: number;
  /** How long one webhook delivery may take before it counts as failed. Default 30 s. */
  webhookTimeoutMs?: number;
  html?: HtmlParseOptions;
  /** Host to bind. Default 127.0.0.1. */
  host?: string;
  /**
   * The clock that stamps message and edit dates (`date`, `edit_date`). Default the real clock;
   * the demo passes its shifted `--at` clock so the bot sees times consistent with its own.
   */
  clock?: { now(): Date };
}

export type FaultKind =
  | "429"
  | "5xx"
  | "403-blocked"
  | "403-deactivated"
  | "400-chat-not-found"
  | "slow"
  | "network";

export interface FaultSpec {
  /** Bot API method to hit; default: every method except getUpdates. */
  method?: string;
  /** Only calls whose chat_id is this chat. */
  chatId?: ChatId;
  /** How many matching calls fail; default 1, `Infinity` for a permanent fault. */
  times?: number;
  kind: FaultKind;
  /** Seconds for kind "429". Default 1. */
  retryAfter?: number;
  /** Milliseconds for kind "slow". Default 2000. */
  delayMs?: number;
}

export interface FaultHandle {
  /** Matching calls still to fail. */
  readonly remaining: number;
  /** Calls this fault has hit so far. */
  readonly hits: number;
  clear(): void;
}

export interface WaitOptions {
  /** Default 5000 ms. */
  timeoutMs?: number;
  /** Ignore records that already exist when the wait starts. Default false. */
  onlyNew?: boolean;
}

export type MessageMatcher = string | RegExp | ((record: SentRecord) => boolean);
