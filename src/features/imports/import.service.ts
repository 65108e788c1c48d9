import type { Db, DbOrTx } from "../../db/client.ts";
import { listHostUnits, upsertHostUnit } from "../../db/repositories/host-units.repository.ts";
import {
  listEnrollmentsWithNip,
  listRosterOfProgram,
  setEnrollmentHostUnit,
  setRosterPendingHostUnit,
  upsertRosterEntry,
} from "../../db/repositories/roster-import.repository.ts";
import {
  insertScheduleItem,
  listScheduleOfProgram,
  updateScheduleItem,
} from "../../db/repositories/schedule-writes.repository.ts";
import type { ImportKind } from "../../imports/import-kinds.ts";
import type { ImportContext, ImportRows } from "../../imports/validate-import.ts";
import { coversUnit, isWholeProgram, type ProgramScope } from "../access/scope.ts";
import { recordAudit } from "../audit/audit.service.ts";

export interface ImportPreview {
  created: number;
  updated: number;
  unchanged: number;
  /** A few rows that change, for the coordinator to recognise the file. */
  examples: { change: "created" | "updated"; label: string }[];
}

type Operation = {
  change: "created" | "updated";
  label: string;
  write: (db: DbOrTx) => Promise<unknown>;
};

/**
 * What the program already holds that a file is checked against (agencies, registered NIPs), and
 * the importer's scope when it is limited to some host units (rows outside it become problems).
 */
export async function importContextFor(
  db: DbOrTx,
  programId: string,
  now: Date,
  scope?: ProgramScope,
): Promise<ImportContext> {
  const [units, enrollments, roster] = await Promise.all([
    listHostUnits(db, programId),
    listEnrollmentsWithNip(db, programId),
    listRosterOfProgram(db, programId),
  ]);
  const context: ImportContext = {
    today: now,
    agencies: units.map((unit) => ({ id: unit.id, name: unit.name, shortName: unit.shortName })),
    placeableNips: new Set([
      ...enrollments.map((e) => e.person.nip ?? ""),
      ...roster.map((row) => row.nip),
    ]),
  };
  if (scope?.hostUnitIds) {
    context.scopeUnitIds = scope.hostUnitIds;
    context.nipsPlacedOutsideScope = new Set(
      [...placementByNip(enrollments, roster)]
        .filter(([, hostUnitId]) => hostUnitId !== null && !coversUnit(scope, hostUnitId))
        .map(([nip]) => nip),
    );
  }
  return context;
}

/**
 * Where each NIP is placed now: the enrollment's unit once registered, else the placement its
 * roster row keeps for registration (so a scoped importer cannot move either kind elsewhere).
 */
function placementByNip(
  enrollments: { hostUnitId: string | null; person: { nip: string | null } }[],
  roster: { nip: string; hostUnitId: string | null }[],
): Map<string, string | null> {
  const placed = new Map<string, string | null>(roster.map((row) => [row.nip, row.hostUnitId]));
  for (const enrollment of enrollments) {
    if (enrollment.person.nip) placed.set(enrollment.person.nip, enrollment.hostUnitId);
  }
  return placed;
}

/** Whether a kind can be imported by someone limited to some host units (roster: program-wide). */
export function kindWithinScope(kind: ImportKind, scope: ProgramScope): boolean {
  return kind !== "roster" || isWholeProgram(scope);
}

/**
 * Checked rows still within the importer's scope at confirmation (the role may have changed
 * since the file was checked): every unit named is covered, and placements move nobody placed
 * elsewhere.
 */
export async function rowsWithinScope<K extends ImportKind>(
  db: DbOrTx,
  programId: string,
  kind: K,
  rows: ImportRows[K],
  scope: ProgramScope,
): Promise<boolean> {
  if (isWholeProgram(scope)) return true;
  if (!kindWithinScope(kind, scope)) return false;
  if (kind === "host_units") {
    const units = await listHostUnits(db, programId);
    const byName = new Map(units.map((unit) => [unit.name, unit.id]));
    return (rows as ImportRows["host_units"]).every((row) => {
      const id = byName.get(row.nama);
      return id !== undefined && coversUnit(scope, id);
    });
  }
  if (kind === "schedule") {
    return (rows as ImportRows["schedule"]).every((row) => coversUnit(scope, row.hostUnitId));
  }
  const [enrollments, roster] = await Promise.all([
    listEnrollmentsWithNip(db, programId),
    listRosterOfProgram(db, programId),
  ]);
  const placed = placementByNip(enrollments, roster);
  return (rows as ImportRows["placements"]).every((row) => {
    const current = placed.get(row.nip.nip) ?? null;
    return coversUnit(scope, row.hostUnitId) && (current === null || coversUnit(scope, current));
  });
}

export async function previewImport<K extends ImportKind>(
  db: DbOrTx,
  programId: string,
  kind: K,
  rows: ImportRows[K],
  now: Date,
): Promise<ImportPreview> {
  return summarise(await planImport(db, programId, kind, rows, now), rows.length);
}

/** Writes the rows in one transaction with its audit entry; all or nothing. */
export async function applyImport<K extends ImportKind>(
  db: Db,
  input: { programId: string; actorId: string | null; kind: K; rows: ImportRows[K]; now: Date },
): Promise<ImportPreview> {
  return db.$transaction(async (tx) => {
    const plan = await planImport(tx, input.programId, input.kind, input.rows, input.now);
    for (const operation of plan) await operation.write(tx);
    const preview = summarise(plan, input.rows.length);
    await recordAudit(tx, {
      actorId: input.actorId,
      action: `import.${input.kind}`,
      programId: input.programId,
      details: { created: preview.created, updated: preview.updated, unchanged: preview.unchanged },
      at: input.now,
    });
    return preview;
  });
}

function summarise(plan: Operation[], total: number): ImportPreview {
  const created = plan.filter((op) => op.change === "created").length;
  const updated = plan.length - created;
  return {
    created,
    updated,
    unchanged: total - plan.length,
    examples: plan.slice(0, 5).map(({ change, label }) => ({ change, label })),
  };
}

async function planImport<K extends ImportKind>(
  db: DbOrTx,
  programId: string,
  kind: K,
  rows: ImportRows[K],
  now: Date,
): Promise<Operation[]> {
  switch (kind) {
    case "roster":
      return planRoster(db, programId, rows as ImportRows["roster"], now);
    case "host_units":
      return planHostUnits(db, programId, rows as ImportRows["host_units"]);
    case "placements":
      return planPlacements(db, programId, rows as ImportRows["placements"], now);
    default:
      return planSchedule(db, programId, rows as ImportRows["schedule"]);
  }
}

async function planRoster(db: DbOrTx, programId: string, rows: ImportRows["roster"], now: Date) {
  const existing = new Map((await listRosterOfProgram(db, programId)).map((e) => [e.nip, e]));
  const plan: Operation[] = [];
  for (const row of rows) {
    const fields = {
      nip: row.nip.nip,
      fullName: row.nama,
      position: row.jabatan,
      ownAgency: row.unit_asal,
      phone: row.telepon,
    };
    const current = existing.get(fields.nip);
    const same =
      current &&
      current.fullName === fields.fullName &&
      current.position === fields.position &&
      current.ownAgency === fields.ownAgency &&
      current.phone === fields.phone;
    if (same) continue;
    plan.push({
      change: current ? "updated" : "created",
      label: fields.fullName,
      write: (tx) => upsertRosterEntry(tx, programId, fields, now),
    });
  }
  return plan;
}

async function planHostUnits(db: DbOrTx, programId: string, rows: ImportRows["host_units"]) {
  const existing = new Map((await listHostUnits(db, programId)).map((u) => [u.name, u]));
  const plan: Operation[] = [];
  for (const row of rows) {
    const current = existing.get(row.nama);
    const fields = {
      name: row.nama,
      shortName: row.singkatan,
      address: row.alamat,
      latitude: row.lat,
      longitude: row.lon,
      geofenceRadiusM: row.radius_m ?? current?.geofenceRadiusM ?? 200,
      capacity: row.kapasitas,
      mentorName: row.pembimbing,
      mentorPhone: row.telepon_pembimbing,
      counterparts: row.padanan,
    };
    const same =
      current &&
      (Object.keys(fields) as (keyof typeof fields)[]).every(
        (field) => JSON.stringify(current[field]) === JSON.stringify(fields[field]),
      );
    if (same) continue;
    plan.push({
      change: current ? "updated" : "created",
      label: fields.shortName ?? fields.name,
      write: (tx) => upsertHostUnit(tx, programId, fields),
    });
  }
  return plan;
}

async function planPlacements(
  db: DbOrTx,
  programId: string,
  rows: ImportRows["placements"],
  now: Date,
) {
  const [enrollments, units, roster] = await Promise.all([
    listEnrollmentsWithNip(db, programId),
    listHostUnits(db, programId),
    listRosterOfProgram(db, programId),
  ]);
  const byNip = new Map(enrollments.map((e) => [e.person.nip, e]));
  const rosterByNip = new Map(roster.map((row) => [row.nip, row]));
  const unitName = new Map(units.map((u) => [u.id, u.shortName ?? u.name]));
  const plan: Operation[] = [];
  for (const row of rows) {
    const enrollment = byNip.get(row.nip.nip);
    if (!enrollment) {
      // Not registered yet: the roster row keeps the placement until registration applies it.
      const pending = rosterByNip.get(row.nip.nip);
      if (!pending || pending.hostUnitId === row.hostUnitId) continue;
      plan.push({
        change: pending.hostUnitId ? "updated" : "created",
        label: `${pending.fullName} → ${unitName.get(row.hostUnitId) ?? ""}`,
        write: (tx) => setRosterPendingHostUnit(tx, pending.id, row.hostUnitId),
      });
      continue;
    }
    if (enrollment.hostUnitId === row.hostUnitId) continue;
    plan.push({
      change: enrollment.hostUnitId ? "updated" : "created",
      label: `${enrollment.person.fullName} → ${unitName.get(row.hostUnitId) ?? ""}`,
      write: (tx) => setEnrollmentHostUnit(tx, enrollment.id, row.hostUnitId, now),
    });
  }
  return plan;
}

async function planSchedule(db: DbOrTx, programId: string, rows: ImportRows["schedule"]) {
  const existing = await listScheduleOfProgram(db, programId);
  // An agenda item is the same slot when day, start and host unit match.
  const slotOf = (date: string, start: string, unit: string | null) =>
    `${date}|${start}|${unit ?? ""}`;
  const bySlot = new Map(
    existing.map((item) => [
      slotOf(item.date.toISOString().slice(0, 10), item.startTime, item.hostUnitId),
      item,
    ]),
  );
  const plan: Operation[] = [];
  for (const row of rows) {
    const fields = {
      hostUnitId: row.hostUnitId,
      date: new Date(`${row.tanggal}T00:00:00Z`),
      startTime: row.mulai ?? "",
      endTime: row.selesai,
      title: row.kegiatan,
      place: row.tempat,
    };
    const current = bySlot.get(slotOf(row.tanggal, fields.startTime, row.hostUnitId));
    if (
      current &&
      current.title === fields.title &&
      current.endTime === fields.endTime &&
      current.place === fields.place
    ) {
      continue;
    }
    plan.push({
      change: current ? "updated" : "created",
      label: `${row.tanggal} ${fields.startTime} ${fields.title}`,
      write: (tx) =>
        current
          ? updateScheduleItem(tx, current.id, fields)
          : insertScheduleItem(tx, programId, fields),
    });
  }
  return plan;
}
