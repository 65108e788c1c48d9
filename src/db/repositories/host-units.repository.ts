import type { DbOrTx } from "../client.ts";

export interface HostUnitFields {
  name: string;
  shortName: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  geofenceRadiusM: number;
  capacity: number | null;
  mentorName: string | null;
  mentorPhone: string | null;
  counterparts: string[];
}

export function listHostUnits(db: DbOrTx, programId: string) {
  return db.hostUnit.findMany({ where: { programId }, orderBy: { name: "asc" } });
}

export function findHostUnitOfProgram(db: DbOrTx, programId: string, hostUnitId: string) {
  return db.hostUnit.findFirst({ where: { id: hostUnitId, programId } });
}

export function upsertHostUnit(db: DbOrTx, programId: string, fields: HostUnitFields) {
  return db.hostUnit.upsert({
    where: { programId_name: { programId, name: fields.name } },
    create: { programId, ...fields },
    update: fields,
  });
}

export function findHostUnitById(db: DbOrTx, hostUnitId: string) {
  return db.hostUnit.findUnique({ where: { id: hostUnitId } });
}
