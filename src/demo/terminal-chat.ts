import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { createInterface, type Interface } from "node:readline";
import { printLine } from "../shared/terminal.ts";
import type { ChatEvent, MessageView, ReplyButtonView } from "./chat-log.ts";
import { type DemoAction, DemoActionError, type DemoChat, type DemoIdentity } from "./demo-chat.ts";
import { receivedFilesDir, saveReceivedFile } from "./received-files.ts";

/**
 * `npm run demo -- --terminal`: the same chat on the command line. Bot messages are printed
 * with their buttons numbered; `#n` presses one.
 */

const POLL_MS = 250;

type NumberedButton =
  | { kind: "inline"; text: string; messageId: number; data: string }
  | { kind: "reply"; button: ReplyButtonView };

const HELP = [
  "Perintah demo:",
  "  /as peserta | baru | koordinator | pejabat   ganti identitas",
  "  #n                                           tekan tombol nomor n",
  "  !lokasi [lintang,bujur]                      kirim lokasi (tanpa angka: di kantor)",
  "  !kontak                                      bagikan nomor telepon Anda",
  "  !dokumen <path>                              kirim berkas",
  "  !bantuan                                     tampilkan bantuan ini",
  "  !keluar (atau Ctrl+C)                        berhenti",
  "Selain itu, apa pun yang Anda ketik dikirim ke bot sebagai pesan.",
];

/**
 * The line the terminal prints for a file in a message. A file the bot sent is saved under the
 * demo's data directory (`diterima/<identity>/`) and its path printed, so it can be opened.
 */
export function mediaLine(
  chat: DemoChat,
  identity: DemoIdentity,
  message: MessageView,
  dataDir: string,
): string | undefined {
  const { media } = message;
  if (!media) return undefined;
  const label = `[${media.kind === "photo" ? "foto" : "dokumen"}] ${media.name}`;
  if (message.from !== "bot") return label;
  const content = chat.fileContent(media.fileId);
  if (!content) return `${label} (berkas tidak tersedia)`;
  try {
    const path = saveReceivedFile(
      receivedFilesDir(dataDir, identity.key),
      message.messageId,
      media,
      content,
    );
    return `${label} → disimpan di ${path}`;
  } catch (error) {
    return `${label} (tidak dapat disimpan: ${(error as NodeJS.ErrnoException).code ?? "error"})`;
  }
}

export function runTerminalChat(
  chat: DemoChat,
  dataDir: string,
  onExit: () => void,
): { close(): void } {
  let identity = chat.identity("peserta") as DemoIdentity;
  let last = 0;
  let buttons: NumberedButton[] = [];
  const rl: Interface = createInterface({ input: process.stdin, output: process.stdout });

  const printed = new Set<string>();
  const out = (text = "") => {
    // Clear the half-typed prompt line first, so bot messages do not run into it.
    if (process.stdout.isTTY) process.stdout.write("\r\u001b[K");
    printLine(text);
  };

  function introduce(): void {
    out();
    out(`== Anda sekarang: ${identity.label}`);
    out(`   ${identity.hint}`);
    rl.setPrompt(`${identity.key}> `);
    last = 0;
    buttons = [];
    printed.clear();
    flush();
  }

  function printEvent(event: ChatEvent): void {
    if (event.type === "toast") {
      out(`  ⓘ ${event.text}`);
      return;
    }
    if (event.type === "delete") return;
    const { message } = event;
    const key = `${identity.telegramId}:${message.messageId}`;
    const edited = printed.has(key);
    printed.add(key);
    const who = message.from === "bot" ? (edited ? "Bot (diubah)" : "Bot") : "Anda";
    const lines: string[] = [];
    // An edit (a new caption, buttons) does not save the same file again.
    const media = edited ? undefined : mediaLine(chat, identity, message, dataDir);
    if (media) lines.push(media);
    if (message.location) {
      lines.push(`[lokasi] ${message.location.latitude}, ${message.location.longitude}`);
    }
    if (message.plain) lines.push(...message.plain.split("\n"));
    out(`${who}: ${lines[0] ?? ""}`);
    for (const line of lines.slice(1)) out(`     ${line}`);
    if (message.from === "bot" && message.buttons.length > 0) {
      buttons = buttons.filter((button) => button.kind === "reply");
      const row: string[] = [];
      for (const button of message.buttons.flat()) {
        if (button.data === undefined) {
          row.push(`[${button.text} ↗ ${button.url ?? ""}]`);
          continue;
        }
        buttons.push({
          kind: "inline",
          text: button.text,
          messageId: message.messageId,
          data: button.data,
        });
        row.push(`[#${buttons.length} ${button.text}]`);
      }
      out(`     ${row.join(" ")}`);
    }
  }

  function flush(): void {
    const events = chat.log.eventsOf(identity.telegramId, last);
    if (events.length === 0) return;
    for (const event of events) {
      printEvent(event);
      last = Math.max(last, event.seq);
    }
    const keyboard = chat.log.keyboardOf(identity.telegramId);
    buttons = buttons.filter((button) => button.kind === "inline");
    if (keyboard) {
      const labels = keyboard.rows.flat().map((button) => {
        buttons.push({ kind: "reply", button });
        return `[#${buttons.length} ${button.text}]`;
      });
      out(`     keyboard: ${labels.join(" ")}`);
    }
    rl.prompt(true);
  }

  function perform(action: DemoAction): void {
    try {
      chat.perform(identity, action);
    } catch (error) {
      if (!(error instanceof DemoActionError)) throw error;
      out(`  ! ${error.message}`);
    }
  }

  function officeLocation(): DemoAction {
    return {
      type: "location",
      latitude: identity.office.latitude + 0.00012,
      longitude: identity.office.longitude - 0.00009,
    };
  }

  function handleLine(line: string): void {
    const input = line.trim();
    if (input === "") return;
    const as = /^\/as\s+(\S+)$/i.exec(input);
    if (as) {
      const next = chat.identity((as[1] ?? "").toLowerCase());
      if (next) {
        identity = next;
        introduce();
      } else out("  ! Pilih: peserta, baru, koordinator, atau pejabat.");
      return;
    }
    const press = /^#(\d+)$/.exec(input);
    if (press) {
      const button = buttons[Number(press[1]) - 1];
      if (!button) out("  ! Tidak ada tombol dengan nomor itu.");
      else if (button.kind === "inline") {
        perform({ type: "button", messageId: button.messageId, data: button.data });
      } else if (button.button.requestContact) perform({ type: "contact" });
      else if (button.button.requestLocation) perform(officeLocation());
      else perform({ type: "text", text: button.button.text });
      return;
    }
    const location = /^!lokasi(?:\s+(-?[\d.]+)\s*[,; ]\s*(-?[\d.]+))?$/i.exec(input);
    if (location) {
      perform(
        location[1] === undefined
          ? officeLocation()
          : { type: "location", latitude: Number(location[1]), longitude: Number(location[2]) },
      );
      return;
    }
    if (/^!kontak$/i.test(input)) {
      perform({ type: "contact" });
      return;
    }
    const document = /^!dokumen\s+(.+)$/i.exec(input);
    if (document) {
      const path = (document[1] ?? "").trim();
      try {
        const content = readFileSync(path);
        perform({ type: "document", fileName: basename(path), mimeType: "", content });
      } catch {
        out(`  ! Berkas ${path} tidak bisa dibaca.`);
      }
      return;
    }
    if (/^!bantuan$/i.test(input)) {
      for (const help of HELP) out(help);
      return;
    }
    if (/^!keluar$/i.test(input)) {
      rl.close();
      return;
    }
    perform({ type: "text", text: input });
  }

  for (const help of HELP) out(help);
  introduce();
  rl.prompt();
  const timer = setInterval(flush, POLL_MS);
  rl.on("line", (line) => {
    handleLine(line);
    rl.prompt();
  });
  // In a terminal readline takes Ctrl+C itself; it means "stop the demo" here too.
  rl.on("SIGINT", () => rl.close());
  rl.on("close", () => {
    clearInterval(timer);
    onExit();
  });
  return {
    close: () => {
      clearInterval(timer);
      rl.close();
    },
  };
}
