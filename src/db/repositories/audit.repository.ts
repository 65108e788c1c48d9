import type { Prisma } from "../../generated/prisma/client.ts";
import type { DbOrTx } from "../client.ts";

export interface NewAuditEntry {
  actorId: string | null;
  action: string;
  programId: string | null;
  details: Prisma.InputJsonValue;
  createdAt: Date;
}

export function insertAuditEntry(db: DbOrTx, entry: NewAuditEntry) {
  return db.auditEntry.create({ data: entry });
}

export function listLatestAuditEntries(db: DbOrTx, limit: number) {
  return db.auditEntry.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { program: { select: { name: true } } },
  });
}
