import type { DbOrTx } from "../client.ts";

export function findRosterEntryByNip(db: DbOrTx, programId: string, nip: string) {
  return db.rosterEntry.findUnique({ where: { programId_nip: { programId, nip } } });
}

/** The distinct own agencies named on a program's roster, sorted. */
export async function listRosterAgencies(db: DbOrTx, programId: string): Promise<string[]> {
  const rows = await db.rosterEntry.findMany({
    where: { programId, ownAgency: { not: null } },
    select: { ownAgency: true },
    distinct: ["ownAgency"],
    orderBy: { ownAgency: "asc" },
  });
  return rows.map((row) => row.ownAgency?.trim() ?? "").filter((name) => name.length > 0);
}
