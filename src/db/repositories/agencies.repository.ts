import type { DbOrTx } from "../client.ts";

export function listAgenciesOfProvince(db: DbOrTx, provinceCode: string) {
  return db.agency.findMany({ where: { provinceCode }, orderBy: { name: "asc" } });
}
