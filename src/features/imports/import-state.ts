import { z } from "zod";
import {
  clearState,
  defineChatStateKind,
  readState,
  type StateStore,
  writeState,
} from "../../bot/chat-state.ts";
import { type ImportKind, importKinds } from "../../imports/import-kinds.ts";
import type { ImportRows } from "../../imports/validate-import.ts";

/** `/impor <kind>` was sent: the next document is that kind (program known or being chosen). */
export interface ImportWait {
  kind: ImportKind;
  programId?: string;
  document?: { fileId: string; fileName: string; fileSize: number | null };
}

/** A checked file waiting for "Konfirmasi"; in the database so a restart keeps it. */
export interface PendingImport {
  token: string;
  kind: ImportKind;
  programId: string;
  fileName: string;
  rows: ImportRows[ImportKind];
  /** Only the valid rows remain after the coordinator chose so. */
  validOnly: boolean;
  hadProblems: boolean;
}

export const importWaitKind = defineChatStateKind<ImportWait>({
  name: "import.wait",
  keyPrefix: "import-wait",
  schema: z.object({
    kind: z.enum(importKinds),
    programId: z.string().optional(),
    document: z
      .object({ fileId: z.string(), fileName: z.string(), fileSize: z.number().nullable() })
      .optional(),
  }),
  expiresAfterDays: 7,
});

export const pendingImportKind = defineChatStateKind<PendingImport>({
  name: "import.pending",
  keyPrefix: "import",
  schema: z.object({
    token: z.string(),
    kind: z.enum(importKinds),
    programId: z.string(),
    fileName: z.string(),
    // Up to the row cap of rows, each checked when the file was read: here only that it is a
    // list (walking 20,000 rows on every read and write would cost the event loop).
    rows: z.custom<ImportRows[ImportKind]>((rows) => Array.isArray(rows)),
    validOnly: z.boolean(),
    hadProblems: z.boolean(),
  }),
  expiresAfterDays: 7,
  asText: true,
});

export const readImportWait = (store: StateStore, user: bigint) =>
  readState(store, importWaitKind, user);
export const writeImportWait = (store: StateStore, user: bigint, wait: ImportWait) =>
  writeState(store, importWaitKind, user, wait);
export const clearImportWait = (store: StateStore, user: bigint) =>
  clearState(store, importWaitKind, user);

export const readPendingImport = (store: StateStore, user: bigint) =>
  readState(store, pendingImportKind, user);
export const writePendingImport = (store: StateStore, user: bigint, pending: PendingImport) =>
  writeState(store, pendingImportKind, user, pending);
export const clearPendingImport = (store: StateStore, user: bigint) =>
  clearState(store, pendingImportKind, user);
