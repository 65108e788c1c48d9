import type { TgFile } from "./types.ts";

export type FileKind = "photos" | "documents" | "stickers" | "voice" | "uploads";

export interface StoredFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  content: Buffer;
  file_name?: string;
  mime_type?: string;
  /** A size that differs from the content's (null: unknown); such a file is streamed. */
  declared_size?: number | null;
  /** Bytes written to downloads of a streamed file so far (to see a client abort early). */
  bytes_served?: number;
}

const DEFAULT_EXTENSION: Record<FileKind, string> = {
  photos: "jpg",
  documents: "dat",
  stickers: "webp",
  voice: "oga",
  uploads: "dat",
};

const MIME_BY_EXTENSION = new Map<string, string>(
  Object.entries({
    pdf: "application/pdf",
    csv: "text/csv",
    txt: "text/plain",
    json: "application/json",
    zip: "application/zip",
    xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    png: "image/png",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    webp: "image/webp",
    svg: "image/svg+xml",
    ogg: "audio/ogg",
    oga: "audio/ogg",
  }),
);

export function guessMimeType(fileName: string | undefined): string | undefined {
  const extension = fileName?.split(".").pop()?.toLowerCase();
  return extension === undefined ? undefined : MIME_BY_EXTENSION.get(extension);
}

/** Files known by file_id (for getFile and re-sending) and by path (for downloads). */
export class FileStore {
  private readonly byId = new Map<string, StoredFile>();
  private readonly byPath = new Map<string, StoredFile>();
  private counter = 0;

  add(kind: FileKind, content: Buffer, fileName?: string, mimeType?: string): StoredFile {
    const n = ++this.counter;
    const extension = fileName?.includes(".")
      ? (fileName.split(".").pop() as string)
      : DEFAULT_EXTENSION[kind];
    const file: StoredFile = {
      file_id: `fake-${kind}-${n}`,
      file_unique_id: `uniq${n}`,
      file_path: `${kind}/file_${n}.${extension}`,
      content,
    };
    if (fileName !== undefined) file.file_name = fileName;
    const mime = mimeType ?? guessMimeType(fileName);
    if (mime !== undefined) file.mime_type = mime;
    this.byId.set(file.file_id, file);
    this.byPath.set(file.file_path, file);
    return file;
  }

  get(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId);
  }

  atPath(path: string): StoredFile | undefined {
    return this.byPath.get(path);
  }

  describe(file: StoredFile): TgFile {
    const size = file.declared_size === undefined ? file.content.length : file.declared_size;
    return {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      ...(size === null ? {} : { file_size: size }),
      file_path: file.file_path,
    };
  }
}
