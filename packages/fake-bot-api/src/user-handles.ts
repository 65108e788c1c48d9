import { callbackDataOf } from "./message-validation.ts";
import type { ServerState } from "./state.ts";
import type {
  MessageMatcher,
  SentRecord,
  TgChat,
  TgMessage,
  TgUser,
  WaitOptions,
} from "./types.ts";
import {
  type ContactInput,
  chatMemberUpdate,
  contactContent,
  type DocumentInput,
  documentContent,
  groupChat,
  type LocationInput,
  locationContent,
  type PhotoInput,
  photoContent,
  privateChatOf,
  type StickerInput,
  stickerContent,
  telegramUser,
  textContent,
  type UserProfile,
  type VenueInput,
  type VoiceInput,
  venueContent,
  voiceContent,
} from "./updates.ts";

export interface SendOptions {
  /** Make the message a reply to this message of the chat. */
  reply_to_message_id?: number;
  /** Unix seconds; default now. */
  date?: number;
}

export interface PressButtonOptions {
  /** Press even if the message has no button with this callback_data (default: throw). */
  allowMissingButton?: boolean;
}

export interface EditLocationInput {
  /** The user's location message to edit; default: their latest one. */
  message_id?: number;
  latitude: number;
  longitude: number;
  horizontal_accuracy?: number;
}

/** Acts as one Telegram user in the private chat with the bot; every action returns update_id. */
export interface UserHandle {
  readonly id: number;
  readonly user: TgUser;
  readonly chat: TgChat;
  /** message_id of the latest message this user sent (in any chat). */
  readonly lastMessageId: number | undefined;
  sendText(text: string, options?: SendOptions): number;
  sendCommand(command: string, options?: SendOptions): number;
  sendContact(contact: ContactInput, options?: SendOptions): number;
  sendLocation(location: LocationInput): number;
  sendVenue(venue: VenueInput): number;
  sendPhoto(photo?: PhotoInput): number;
  sendDocument(document: DocumentInput): number;
  sendSticker(sticker?: StickerInput): number;
  sendVoice(voice?: VoiceInput): number;
  pressButton(
    message: number | Pick<TgMessage, "message_id">,
    callbackData: string,
    options?: PressButtonOptions,
  ): number;
  editLocation(edit: EditLocationInput): number;
  /** Blocks the bot: sends start failing with 403 and a my_chat_member "kicked" update arrives. */
  blockBot(): number;
  unblockBot(): number;
  /** Records of successful bot calls to this user's chat. */
  sent(): SentRecord[];
  lastSent(): SentRecord | undefined;
  texts(): string[];
  waitForMessage(matcher: MessageMatcher, options?: WaitOptions): Promise<SentRecord>;
}

/** A group the bot is in; members act through it. */
export interface GroupHandle {
  readonly id: number;
  readonly chat: TgChat;
  sendText(from: UserHandle | number, text: string, options?: SendOptions): number;
  sendCommand(from: UserHandle | number, command: string, options?: SendOptions): number;
  pressButton(
    from: UserHandle | number,
    message: number | Pick<TgMessage, "message_id">,
    callbackData: string,
    options?: PressButtonOptions,
  ): number;
  /** A member adds the bot: my_chat_member left → member. Makes the group known. */
  addBot(by: UserHandle | number): number;
  sent(): SentRecord[];
  texts(): string[];
  waitForMessage(matcher: MessageMatcher, options?: WaitOptions): Promise<SentRecord>;
}

/** Creates user and group handles over shared server state. */
export class Actors {
  private readonly state: ServerState;
  private readonly users = new Map<number, UserHandle>();
  private readonly lastMessageIds = new Map<number, number>();
  private readonly lastLocationIds = new Map<string, number>();
  private callbackCounter = 0;

  constructor(state: ServerState) {
    this.state = state;
  }

  user(id: number, profile?: Partial<UserProfile>): UserHandle {
    const existing = this.users.get(id);
    if (existing && profile === undefined) return existing;
    const handle = this.createUser(telegramUser(id, profile));
    this.users.set(id, handle);
    return handle;
  }

  group(
    chatId: number,
    title: string,
    options: { type?: "group" | "supergroup" } = {},
  ): GroupHandle {
    if (chatId >= 0) throw new Error(`group chat ids are negative, got ${chatId}`);
    const chat = groupChat(chatId, title, options.type);
    const { state } = this;
    const from = (member: UserHandle | number) =>
      typeof member === "number" ? this.user(member).user : member.user;
    return {
      id: chatId,
      chat,
      sendText: (member, text, opts) => this.post(chat, from(member), textContent(text), opts),
      sendCommand: (member, command, opts) =>
        this.post(chat, from(member), textContent(asCommand(command)), opts),
      pressButton: (member, message, data, opts) =>
        this.press(chat, from(member), message, data, opts),
      addBot: (member) => {
        state.chats.register(chat);
        return state.queue.enqueue({
          my_chat_member: chatMemberUpdate(
            chat,
            from(member),
            state.botUser,
            "left",
            "member",
            state.nowSeconds(),
          ),
        }).update_id;
      },
      sent: () => state.recorder.sent(chatId),
      texts: () => state.recorder.textsTo(chatId),
      waitForMessage: (matcher, opts) => state.recorder.waitForMessage(chatId, matcher, opts),
    };
  }

  private createUser(user: TgUser): UserHandle {
    const { state, lastMessageIds } = this;
    const chat = privateChatOf(user);
    const post = (content: Partial<TgMessage>, options?: SendOptions) =>
      this.post(chat, user, content, options);
    const memberUpdate = (oldStatus: string, newStatus: string) =>
      state.queue.enqueue({
        my_chat_member: chatMemberUpdate(
          chat,
          user,
          state.botUser,
          oldStatus,
          newStatus,
          state.nowSeconds(),
        ),
      }).update_id;
    return {
      id: user.id,
      user,
      chat,
      get lastMessageId() {
        return lastMessageIds.get(user.id);
      },
      sendText: (text, options) => post(textContent(text), options),
      sendCommand: (command, options) => post(textContent(asCommand(command)), options),
      sendContact: (contact, options) => post(contactContent(user, contact), options),
      sendLocation: (location) => {
        const updateId = post(locationContent(location, state.nowSeconds()), {
          date: location.date,
        });
        this.lastLocationIds.set(
          `${chat.id}:${user.id}`,
          this.lastMessageIds.get(user.id) as number,
        );
        return updateId;
      },
      sendVenue: (venue) => post(venueContent(venue), { date: venue.date }),
      sendPhoto: (photo = {}) => post(photoContent(state.files, photo)),
      sendDocument: (document) => post(documentContent(state.files, document)),
      sendSticker: (sticker = {}) => post(stickerContent(state.files, sticker)),
      sendVoice: (voice = {}) => post(voiceContent(state.files, voice)),
      pressButton: (message, data, options) => this.press(chat, user, message, data, options),
      editLocation: (edit) => this.editLocation(chat, user, edit),
      blockBot: () => {
        state.chats.block(user.id);
        return memberUpdate("member", "kicked");
      },
      unblockBot: () => {
        state.chats.unblock(user.id);
        return memberUpdate("kicked", "member");
      },
      sent: () => state.recorder.sent(user.id),
      lastSent: () => state.recorder.lastSent(user.id),
      texts: () => state.recorder.textsTo(user.id),
      waitForMessage: (matcher, options) =>
        state.recorder.waitForMessage(user.id, matcher, options),
    };
  }

  private post(
    chat: TgChat,
    from: TgUser,
    content: Partial<TgMessage>,
    options: SendOptions = {},
  ): number {
    const { state } = this;
    const knownChat = state.chats.register(chat);
    const message: TgMessage = {
      message_id: state.chats.nextMessageId(chat.id),
      from,
      chat: knownChat,
      date: options.date ?? state.nowSeconds(),
      ...content,
    };
    if (options.reply_to_message_id !== undefined) {
      const target = state.chats.message(chat.id, options.reply_to_message_id);
      if (target === undefined) {
        throw new Error(`no message ${options.reply_to_message_id} in chat ${chat.id} to reply to`);
      }
      message.reply_to_message = target;
    }
    state.chats.saveMessage(message);
    this.lastMessageIds.set(from.id, message.message_id);
    return state.queue.enqueue({ message }).update_id;
  }

  private press(
    chat: TgChat,
    from: TgUser,
    target: number | Pick<TgMessage, "message_id">,
    data: string,
    options: PressButtonOptions = {},
  ): number {
    const { state } = this;
    const messageId = typeof target === "number" ? target : target.message_id;
    const message = state.chats.message(chat.id, messageId);
    if (message === undefined || message.from?.id !== state.botUser.id) {
      throw new Error(`the bot sent no message ${messageId} to chat ${chat.id}`);
    }
    const buttons = callbackDataOf(message.reply_markup);
    if (!options.allowMissingButton && !buttons.includes(data)) {
      throw new Error(
        `message ${messageId} in chat ${chat.id} has no button with callback_data ${JSON.stringify(data)}; it has ${JSON.stringify(buttons)}`,
      );
    }
    const id = String(4_000_000_000_000 + ++this.callbackCounter);
    state.callbackQueries.set(id, { userId: from.id, answered: false });
    return state.queue.enqueue({
      callback_query: {
        id,
        from,
        message,
        chat_instance: String(Math.abs(chat.id) * 7 + 13),
        data,
      },
    }).update_id;
  }

  private editLocation(chat: TgChat, from: TgUser, edit: EditLocationInput): number {
    const { state } = this;
    const messageId = edit.message_id ?? this.lastLocationIds.get(`${chat.id}:${from.id}`);
    const original = messageId === undefined ? undefined : state.chats.message(chat.id, messageId);
    if (original?.location === undefined || original.from?.id !== from.id) {
      throw new Error(
        `user ${from.id} has no location message ${messageId ?? "(none sent)"} to edit`,
      );
    }
    const location = { ...original.location, latitude: edit.latitude, longitude: edit.longitude };
    if (edit.horizontal_accuracy !== undefined)
      location.horizontal_accuracy = edit.horizontal_accuracy;
    const edited: TgMessage = { ...original, location, edit_date: state.nowSeconds() };
    state.chats.saveMessage(edited);
    return state.queue.enqueue({ edited_message: edited }).update_id;
  }
}

function asCommand(command: string): string {
  if (!command.startsWith("/"))
    throw new Error(`a command starts with "/", got ${JSON.stringify(command)}`);
  return command;
}
