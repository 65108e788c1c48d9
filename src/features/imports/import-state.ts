import type { DbOrTx } from "../../db/client.ts";
import {
  deleteChatState,
  readChatState,
  readChatStateText,
  writeChatState,
  writeChatStateText,
} from "../../db/repositories/chat-state.repository.ts";
import type { ImportKind } from "../../imports/import-kinds.ts";
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

const waitKey = (telegramUserId: bigint) => `import-wait:${telegramUserId}`;
const pendingKey = (telegramUserId: bigint) => `import:${telegramUserId}`;

export const readImportWait = (db: DbOrTx, user: bigint) =>
  readChatState<ImportWait>(db, waitKey(user));
export const writeImportWait = (db: DbOrTx, user: bigint, wait: ImportWait) =>
  writeChatState(db, waitKey(user), wait);
export const clearImportWait = (db: DbOrTx, user: bigint) => deleteChatState(db, waitKey(user));

// A pending import holds up to the row cap of rows: stored and read as JSON text.
export async function readPendingImport(
  db: DbOrTx,
  user: bigint,
): Promise<PendingImport | undefined> {
  const json = await readChatStateText(db, pendingKey(user));
  return json === undefined ? undefined : (JSON.parse(json) as PendingImport);
}
export const writePendingImport = (db: DbOrTx, user: bigint, pending: PendingImport) =>
  writeChatStateText(db, pendingKey(user), JSON.stringify(pending));
export const clearPendingImport = (db: DbOrTx, user: bigint) =>
  deleteChatState(db, pendingKey(user));
