import { once } from "node:events";
import { createReadStream, existsSync } from "node:fs";
import { chmod, open, rename, rm } from "node:fs/promises";
import { pipeline } from "node:stream";
import { pipeline as pipelineAsync } from "node:stream/promises";
import { StringDecoder } from "node:string_decoder";
import { createGunzip, createGzip } from "node:zlib";
import type { Database } from "../client.ts";
import { BackupError, type BackupSummary, writeBackup } from "./backup.ts";
import { type RestoreOptions, type RestoreSummary, restoreBackup } from "./restore.ts";

/** The file holds personal data: only its owner may read it. */
export const backupFileMode = 0o600;
/** No row is anywhere near this; a longer "line" means the file is not a backup. */
const maxLineLength = 64 * 1024 * 1024;

/**
 * Writes a gzip'd backup to `path` (mode 0600). The data goes to a `.partial` file first and is
 * renamed at the end, so a failed or interrupted backup never leaves a file that looks complete.
 */
export async function writeBackupFile(
  database: Database,
  path: string,
  options: { now: Date; overwrite?: boolean },
): Promise<BackupSummary> {
  if (!options.overwrite && existsSync(path)) throw new BackupError("exists", { path });
  const partial = `${path}.${process.pid}.partial`;
  // Opened before the database is read: a wrong folder or permission fails at once.
  const handle = await open(partial, "wx", backupFileMode);
  const gzip = createGzip();
  const written = pipelineAsync(gzip, handle.createWriteStream());
  // A write error (disk full) ends the backup instead of leaving it waiting for "drain".
  const failed = written.then(() => new Promise<never>(() => undefined));
  failed.catch(() => undefined);
  try {
    const summary = await writeBackup(
      database.prisma,
      async (lines) => {
        if (!gzip.write(`${lines.join("\n")}\n`)) await Promise.race([once(gzip, "drain"), failed]);
      },
      { createdAt: options.now, engine: database.kind },
    );
    gzip.end();
    await written;
    await chmod(partial, backupFileMode);
    await rename(partial, path);
    return summary;
  } catch (error) {
    gzip.destroy(error instanceof Error ? error : new Error(String(error)));
    await written.catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
}

/** The lines of a gzip'd backup file, read in chunks (memory stays bounded). */
export async function* readBackupLines(path: string): AsyncGenerator<string> {
  const stream = pipeline(createReadStream(path), createGunzip(), () => undefined);
  const decoder = new StringDecoder("utf8");
  let rest = "";
  try {
    for await (const chunk of stream) {
      const parts = (rest + decoder.write(chunk as Buffer)).split("\n");
      rest = parts.pop() ?? "";
      if (rest.length > maxLineLength) throw new BackupError("not_a_backup");
      yield* parts;
    }
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("Z_")) throw new BackupError("not_a_backup");
    throw error;
  }
  rest += decoder.end();
  if (rest) yield rest;
}

export function restoreBackupFile(
  target: Database,
  path: string,
  options: RestoreOptions = {},
): Promise<RestoreSummary> {
  return restoreBackup(target, readBackupLines(path), options);
}

/**
 * move-to: a backup of `source` streamed straight into a restore on `target`, with no file in
 * between. Both run at once; the backup waits while the restore is busy (bounded buffer).
 */
export async function copyDatabase(
  source: Database,
  target: Database,
  options: RestoreOptions & { now: Date },
): Promise<RestoreSummary> {
  const channel = new LineChannel(4);
  const producing = writeBackup(source.prisma, (lines) => channel.push(lines), {
    createdAt: options.now,
    engine: source.kind,
  }).then(
    (summary) => {
      channel.close();
      return summary;
    },
    (error: unknown) => {
      channel.fail(error);
      throw error;
    },
  );
  try {
    return await restoreBackup(target, channel, options);
  } finally {
    channel.abandon();
    await producing.catch(() => undefined);
  }
}

/** One writer, one reader, at most `capacity` batches in between. */
export class LineChannel implements AsyncIterable<string> {
  private readonly batches: string[][] = [];
  private closed = false;
  private failure: { error: unknown } | undefined;
  private abandoned = false;
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;

  constructor(private readonly capacity: number) {}

  async push(lines: string[]): Promise<void> {
    while (this.batches.length >= this.capacity && !this.abandoned) {
      await new Promise<void>((resolve) => {
        this.wakeWriter = resolve;
      });
    }
    if (this.abandoned) throw new Error("the restore stopped reading");
    this.batches.push(lines);
    this.wake("reader");
  }

  close(): void {
    this.closed = true;
    this.wake("reader");
  }

  fail(error: unknown): void {
    this.failure = { error };
    this.close();
  }

  abandon(): void {
    this.abandoned = true;
    this.wake("writer");
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    try {
      for (;;) {
        const batch = this.batches.shift();
        if (batch) {
          this.wake("writer");
          yield* batch;
          continue;
        }
        if (this.failure) throw this.failure.error;
        if (this.closed) return;
        await new Promise<void>((resolve) => {
          this.wakeReader = resolve;
        });
      }
    } finally {
      this.abandon();
    }
  }

  private wake(who: "reader" | "writer"): void {
    const wake = who === "reader" ? this.wakeReader : this.wakeWriter;
    if (who === "reader") this.wakeReader = undefined;
    else this.wakeWriter = undefined;
    wake?.();
  }
}
