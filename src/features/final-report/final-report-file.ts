import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Api } from "grammy";
import type { Config } from "../../config.ts";
import { PRIVATE_DIRECTORY_MODE, PRIVATE_FILE_MODE } from "../../shared/private-files.ts";

/** Telegram lets bots download files up to 20 MB; the prompt states the same limit. */
export const MAX_FINAL_REPORT_BYTES = 20 * 1024 * 1024;
export const MAX_FINAL_REPORT_MB = 20;

const EXTENSION_BY_MIME: Readonly<Record<string, string>> = {
  "application/pdf": "pdf",
  "application/msword": "doc",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
};

export function isAcceptedReportType(mimeType: string | undefined): boolean {
  return mimeType !== undefined && mimeType in EXTENSION_BY_MIME;
}

/**
 * A file name safe to put on disk: no directories, only A-Z a-z 0-9 . _ -, at most 100
 * characters, ending in the extension that matches the type.
 */
export function safeFileName(fileName: string | undefined, mimeType: string): string {
  const extension = EXTENSION_BY_MIME[mimeType] ?? "bin";
  const base = basename((fileName ?? "").replace(/\\/g, "/"))
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^[._]+/, "");
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, "").slice(0, 90) || "laporan-akhir";
  return `${stem}.${extension}`;
}

export function finalReportDirectory(dataDir: string, enrollmentId: string): string {
  return join(dataDir, "files", "final-reports", enrollmentId);
}

/**
 * Downloads a file the participant sent (getFile, then the file URL) and writes it under the
 * enrollment's folder; written to a temporary name first so a half download never looks whole.
 */
export async function storeTelegramFile(
  api: Api,
  config: Pick<Config, "telegramApiRoot" | "botToken" | "dataDir">,
  fileId: string,
  enrollmentId: string,
  fileName: string,
): Promise<{ storedPath: string; size: number }> {
  const file = await api.getFile(fileId);
  if (!file.file_path) throw new Error("getFile returned no file_path");
  const response = await fetch(
    `${config.telegramApiRoot}/file/bot${config.botToken}/${file.file_path}`,
  );
  if (!response.ok) throw new Error(`file download failed with HTTP ${response.status}`);
  const content = Buffer.from(await response.arrayBuffer());
  const directory = finalReportDirectory(config.dataDir, enrollmentId);
  await mkdir(directory, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  const storedPath = join(directory, fileName);
  const temporary = `${storedPath}.${process.pid}.part`;
  await writeFile(temporary, content, { mode: PRIVATE_FILE_MODE });
  await rename(temporary, storedPath);
  return { storedPath, size: content.length };
}

/** Removes a file an earlier submission left, when the new one is stored elsewhere. */
export async function removeStoredFile(path: string | null, keep: string | null): Promise<void> {
  if (path && path !== keep) await rm(path, { force: true });
}
