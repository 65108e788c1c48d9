import type { FakeBotApi, UserHandle } from "@tandang/fake-bot-api";
import { ChatLog } from "./chat-log.ts";
import type { DemoPlace, DemoWorld } from "./seed-demo.ts";

/**
 * Who you can be in the demo and what you can do as them: the one place both the web page and
 * the terminal go through to act as a Telegram user of the built-in Bot API.
 */

export type IdentityKey = "peserta" | "baru" | "koordinator" | "pejabat";

export interface DemoIdentity {
  key: IdentityKey;
  telegramId: number;
  label: string;
  fullName: string;
  /** One line telling the person what to try first. */
  hint: string;
  /** Messages offered as one-tap suggestions. */
  suggestions: string[];
  phone: string;
  office: DemoPlace;
}

export const MAX_TEXT_LENGTH = 4096;
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/** The demo's own labels (a developer tool, Indonesian like the bot's default language). */
export function demoIdentities(world: DemoWorld): DemoIdentity[] {
  const { participant, newcomer, coordinator, official } = world;
  return [
    {
      key: "peserta",
      telegramId: participant.telegramId,
      label: `Peserta — ${participant.fullName} (terdaftar)`,
      fullName: participant.fullName,
      hint: `Peserta yang sudah terdaftar dan ditempatkan di ${participant.office.name}. Coba /start, /help, atau presensi dengan lokasi.`,
      suggestions: ["/start", "/help", "/bahasa"],
      phone: participant.phone,
      office: participant.office,
    },
    {
      key: "baru",
      telegramId: newcomer.telegramId,
      label: newcomer.registered
        ? `Peserta baru — ${newcomer.fullName} (sudah mendaftar lewat undangan)`
        : "Peserta baru (lewat undangan)",
      fullName: newcomer.fullName,
      hint: `${newcomer.fullName} ada di daftar peserta tetapi belum terdaftar. Buka undangan dengan /start ${world.inviteCode}; NIP-nya ${newcomer.nip}.`,
      suggestions: [`/start ${world.inviteCode}`, "/help"],
      phone: newcomer.phone,
      office: newcomer.office,
    },
    {
      key: "koordinator",
      telegramId: coordinator.telegramId,
      label: `Koordinator — ${coordinator.fullName} (BPSDM Sumbar, juga admin)`,
      fullName: coordinator.fullName,
      hint: "Panitia program: lihat /help untuk perintah koordinator (pengumuman, rekap, penempatan…).",
      suggestions: ["/start", "/help"],
      phone: coordinator.phone,
      office: participant.office,
    },
    {
      key: "pejabat",
      telegramId: official.telegramId,
      label: `Pejabat — ${official.fullName} (Kepala BPSDM Sumbar)`,
      fullName: official.fullName,
      hint: "Pejabat: tanyakan keadaan program, misalnya siapa yang hadir hari ini (lihat /help).",
      suggestions: ["/start", "/help"],
      phone: official.phone,
      office: participant.office,
    },
  ];
}

export type DemoAction =
  | { type: "text"; text: string }
  | { type: "button"; messageId: number; data: string }
  | { type: "contact" }
  | { type: "location"; latitude: number; longitude: number }
  | { type: "document"; fileName: string; mimeType: string; content: Buffer };

export class DemoActionError extends Error {
  override name = "DemoActionError";
}

export class DemoChat {
  readonly identities: DemoIdentity[];
  readonly log: ChatLog;
  private readonly api: FakeBotApi;

  constructor(api: FakeBotApi, world: DemoWorld) {
    this.api = api;
    this.identities = demoIdentities(world);
    this.log = new ChatLog(
      api,
      this.identities.map((identity) => identity.telegramId),
    );
    // Profiles are set once: later look-ups reuse the same handle (and its message ids).
    for (const identity of this.identities) {
      const [firstName = identity.key, ...rest] = identity.fullName.split(" ");
      const user = api.user(identity.telegramId, {
        first_name: firstName,
        ...(rest.length ? { last_name: rest.join(" ") } : {}),
        language_code: "id",
      });
      api.registerChat(user.chat);
    }
  }

  /** The bytes of a file the bot sent, as the Bot API stored them. */
  fileContent(fileId: string): Buffer | undefined {
    return this.api.fileContent(fileId);
  }

  identity(keyOrId: string | number): DemoIdentity | undefined {
    return this.identities.find(
      (identity) => identity.key === keyOrId || String(identity.telegramId) === String(keyOrId),
    );
  }

  /** Acts as the identity; throws DemoActionError for anything a Telegram client would not send. */
  perform(identity: DemoIdentity, action: DemoAction): void {
    const user = this.userOf(identity);
    const chatId = identity.telegramId;
    switch (action.type) {
      case "text": {
        const text = action.text.trim();
        if (text === "") throw new DemoActionError("Pesan kosong.");
        if (text.length > MAX_TEXT_LENGTH) {
          throw new DemoActionError(
            `Pesan terlalu panjang (maksimal ${MAX_TEXT_LENGTH} karakter).`,
          );
        }
        if (/^\/[A-Za-z0-9_]{1,32}(@\w+)?(\s|$)/.test(text)) user.sendCommand(text);
        else user.sendText(text);
        this.log.userAnsweredKeyboard(chatId);
        break;
      }
      case "button": {
        const message = this.api.message(chatId, action.messageId);
        const offered = message?.reply_markup?.inline_keyboard
          ?.flat()
          .some((button) => button.callback_data === action.data);
        if (!offered) throw new DemoActionError("Tombol itu sudah tidak ada di pesan ini.");
        user.pressButton(action.messageId, action.data);
        return;
      }
      case "contact":
        user.sendContact({ phone_number: identity.phone });
        this.log.userAnsweredKeyboard(chatId);
        break;
      case "location": {
        const { latitude, longitude } = action;
        if (
          !Number.isFinite(latitude) ||
          !Number.isFinite(longitude) ||
          Math.abs(latitude) > 90 ||
          Math.abs(longitude) > 180
        ) {
          throw new DemoActionError("Koordinat tidak sah (lintang −90…90, bujur −180…180).");
        }
        user.sendLocation({ latitude, longitude, horizontal_accuracy: 12 });
        this.log.userAnsweredKeyboard(chatId);
        break;
      }
      case "document":
        if (action.content.length === 0) throw new DemoActionError("Berkas kosong.");
        if (action.content.length > MAX_DOCUMENT_BYTES) {
          throw new DemoActionError("Berkas terlalu besar (maksimal 20 MB).");
        }
        user.sendDocument({
          file_name: action.fileName.slice(0, 200) || "dokumen",
          mime_type: action.mimeType || "application/octet-stream",
          content: action.content,
        });
        break;
    }
    const sentId = user.lastMessageId;
    if (sentId !== undefined) this.log.addUserMessage(chatId, sentId);
  }

  private userOf(identity: DemoIdentity): UserHandle {
    return this.api.user(identity.telegramId);
  }
}
