import type { FileStore } from "./file-store.ts";
import type {
  TgChat,
  TgChatMemberUpdated,
  TgContact,
  TgLocation,
  TgMessage,
  TgMessageEntity,
  TgUser,
  TgVenue,
} from "./types.ts";

/** Factories for the content of updates a user produces; no state beyond the file store. */

export interface UserProfile {
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: boolean;
}

export interface ContactInput {
  phone_number: string;
  /** Defaults to the sender (sharing one's own contact); `null` sends a contact without user_id. */
  user_id?: number | null;
  first_name?: string;
  last_name?: string;
  vcard?: string;
}

export interface LocationInput {
  latitude: number;
  longitude: number;
  horizontal_accuracy?: number;
  live_period?: number;
  heading?: number;
  /** Forwarded from someone else (true: from a stock "Forwarder" user an hour earlier). */
  forwarded?: boolean | { from?: TgUser; date?: number };
  /** Message date in Unix seconds; default now. */
  date?: number;
}

export interface VenueInput {
  latitude: number;
  longitude: number;
  title: string;
  address: string;
  foursquare_id?: string;
  google_place_id?: string;
  date?: number;
}

export interface PhotoInput {
  caption?: string;
  /** Bytes of the largest size; default 50 000. */
  size?: number;
}

export interface DocumentInput {
  file_name: string;
  mime_type: string;
  content: Buffer;
  caption?: string;
  /**
   * The size the message and getFile claim, when it should differ from the content's (null:
   * no size at all). Such a file is then served without Content-Length, as a stream.
   */
  declared_size?: number | null;
}

export interface StickerInput {
  emoji?: string;
}

export interface VoiceInput {
  duration?: number;
  size?: number;
}

export function nowSeconds(clock?: { now(): Date }): number {
  return Math.floor((clock ? clock.now().getTime() : Date.now()) / 1000);
}

export function telegramUser(id: number, profile: Partial<UserProfile> = {}): TgUser {
  return { id, is_bot: false, ...profile, first_name: profile.first_name ?? `User ${id}` };
}

export function privateChatOf(user: TgUser): TgChat {
  const chat: TgChat = { id: user.id, type: "private", first_name: user.first_name };
  if (user.last_name !== undefined) chat.last_name = user.last_name;
  if (user.username !== undefined) chat.username = user.username;
  return chat;
}

/** Supergroup ids look like -100xxxxxxxxxx; anything else negative is a basic group. */
export function groupChat(id: number, title: string, type?: "group" | "supergroup"): TgChat {
  return { id, type: type ?? (id <= -1_000_000_000_000 ? "supergroup" : "group"), title };
}

/** Telegram marks a leading "/command" (optionally "@botname") as a bot_command entity. */
export function commandEntities(text: string): TgMessageEntity[] | undefined {
  const match = /^\/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?/.exec(text);
  return match ? [{ type: "bot_command", offset: 0, length: match[0].length }] : undefined;
}

export function textContent(text: string): Partial<TgMessage> {
  const entities = commandEntities(text);
  return entities ? { text, entities } : { text };
}

/** Deterministic filler so downloads can be compared byte for byte. */
export function fakeBytes(size: number, seed: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

export function contactContent(sender: TgUser, input: ContactInput): Partial<TgMessage> {
  const contact: TgContact = {
    phone_number: input.phone_number,
    first_name: input.first_name ?? sender.first_name,
  };
  const lastName =
    input.last_name ?? (input.first_name === undefined ? sender.last_name : undefined);
  if (lastName !== undefined) contact.last_name = lastName;
  const userId = input.user_id === undefined ? sender.id : input.user_id;
  if (userId !== null) contact.user_id = userId;
  if (input.vcard !== undefined) contact.vcard = input.vcard;
  return { contact };
}

const FORWARDER: TgUser = { id: 6999999999, is_bot: false, first_name: "Forwarder" };

export function locationContent(
  input: LocationInput,
  now: number = nowSeconds(),
): Partial<TgMessage> {
  const location: TgLocation = { latitude: input.latitude, longitude: input.longitude };
  if (input.horizontal_accuracy !== undefined) {
    location.horizontal_accuracy = input.horizontal_accuracy;
  }
  if (input.live_period !== undefined) location.live_period = input.live_period;
  if (input.heading !== undefined) location.heading = input.heading;
  const content: Partial<TgMessage> = { location };
  if (input.forwarded) {
    const origin = input.forwarded === true ? {} : input.forwarded;
    content.forward_origin = {
      type: "user",
      date: origin.date ?? now - 3600,
      sender_user: origin.from ?? FORWARDER,
    };
  }
  return content;
}

export function venueContent(input: VenueInput): Partial<TgMessage> {
  const location: TgLocation = { latitude: input.latitude, longitude: input.longitude };
  const venue: TgVenue = { location, title: input.title, address: input.address };
  if (input.foursquare_id !== undefined) venue.foursquare_id = input.foursquare_id;
  if (input.google_place_id !== undefined) venue.google_place_id = input.google_place_id;
  return { location, venue };
}

export function photoContent(files: FileStore, input: PhotoInput): Partial<TgMessage> {
  const size = input.size ?? 50_000;
  const full = files.add("photos", fakeBytes(size, 7), undefined, "image/jpeg");
  const thumb = files.add("photos", fakeBytes(Math.min(size, 1500), 11), undefined, "image/jpeg");
  const content: Partial<TgMessage> = {
    photo: [
      {
        file_id: thumb.file_id,
        file_unique_id: thumb.file_unique_id,
        width: 90,
        height: 68,
        file_size: thumb.content.length,
      },
      {
        file_id: full.file_id,
        file_unique_id: full.file_unique_id,
        width: 1280,
        height: 960,
        file_size: size,
      },
    ],
  };
  if (input.caption !== undefined) content.caption = input.caption;
  return content;
}

export function documentContent(files: FileStore, input: DocumentInput): Partial<TgMessage> {
  const file = files.add("documents", input.content, input.file_name, input.mime_type);
  if (input.declared_size !== undefined) file.declared_size = input.declared_size;
  const content: Partial<TgMessage> = {
    document: {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      file_name: input.file_name,
      mime_type: input.mime_type,
      ...(input.declared_size === null
        ? {}
        : { file_size: input.declared_size ?? input.content.length }),
    },
  };
  if (input.caption !== undefined) content.caption = input.caption;
  return content;
}

export function stickerContent(files: FileStore, input: StickerInput): Partial<TgMessage> {
  const file = files.add("stickers", fakeBytes(4000, 3), undefined, "image/webp");
  return {
    sticker: {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      type: "regular",
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
      emoji: input.emoji ?? "👍",
      file_size: file.content.length,
    },
  };
}

export function voiceContent(files: FileStore, input: VoiceInput): Partial<TgMessage> {
  const file = files.add("voice", fakeBytes(input.size ?? 8000, 5), undefined, "audio/ogg");
  return {
    voice: {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      duration: input.duration ?? 3,
      mime_type: "audio/ogg",
      file_size: file.content.length,
    },
  };
}

export function chatMemberUpdate(
  chat: TgChat,
  from: TgUser,
  bot: TgUser,
  oldStatus: string,
  newStatus: string,
  now: number = nowSeconds(),
): TgChatMemberUpdated {
  return {
    chat,
    from,
    date: now,
    old_chat_member: { status: oldStatus, user: bot },
    new_chat_member:
      newStatus === "kicked"
        ? { status: newStatus, user: bot, until_date: 0 }
        : { status: newStatus, user: bot },
  };
}
