import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MediaView } from "./chat-log.ts";

/** Where the terminal demo keeps the files the bot sent: `<data dir>/diterima/<identity>/`. */
export function receivedFilesDir(dataDir: string, identityKey: string): string {
  return join(dataDir, "diterima", safeName(identityKey));
}

/**
 * Saves one file the bot sent (a recap workbook, a chart) so the terminal user can open it, and
 * returns its path. The message id prefixes the name, so two files called `rekap.xlsx` never
 * overwrite each other, and the name is reduced to safe characters: it cannot leave the folder.
 */
export function saveReceivedFile(
  dir: string,
  messageId: number,
  media: Pick<MediaView, "name">,
  content: Buffer,
): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${messageId}-${safeName(media.name)}`);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

function safeName(name: string): string {
  const cleaned = name
    .replace(/[^\w.\- ]+/g, "_")
    .replace(/^\.+/, "_")
    .slice(0, 120);
  return cleaned === "" ? "berkas" : cleaned;
}
