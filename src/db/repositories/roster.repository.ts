import type { DbOrTx } from "../client.ts";

export function findRosterEntryByNip(db: DbOrTx, programId: string, nip: string) {
  return db.rosterEntry.findUnique({ where: { programId_nip: { programId, nip } } });
}
