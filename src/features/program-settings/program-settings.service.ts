import type { Db } from "../../db/client.ts";
import {
  findProgramSettings,
  type ProgramSettingsChange,
  type ProgramSettingsRow,
  updateProgramSettings,
} from "../../db/repositories/program-settings.repository.ts";
import { type KNOWN_CRITERIA, MAX_CRITERIA } from "../../domain/assessment.ts";
import { type NipProblem, normaliseNipInput, parseNip } from "../../domain/nip.ts";
import { addDays, dateColumn, isoDateOf } from "../../domain/time.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { parseDateInput } from "../../imports/cells.ts";
import { recordAudit } from "../audit/audit.service.ts";

/** Who signs the certificates: up to two, each with name, position and (optional) NIP. */
export interface Signatory {
  name: string;
  position: string;
  nip?: string;
}

export const MAX_SIGNATORIES = 2;

/** The stored JSON as signatories; anything malformed is left out rather than printed. */
export function readSignatories(json: unknown): Signatory[] {
  if (!Array.isArray(json)) return [];
  const signatories: Signatory[] = [];
  for (const item of json.slice(0, MAX_SIGNATORIES)) {
    if (typeof item !== "object" || item === null) continue;
    const { name, position, nip } = item as Record<string, unknown>;
    if (typeof name !== "string" || typeof position !== "string" || !name || !position) continue;
    signatories.push({ name, position, ...(typeof nip === "string" && nip ? { nip } : {}) });
  }
  return signatories;
}

export interface ProgramSettingsView {
  programId: string;
  programName: string;
  hours: number | null;
  minAttendance: number;
  needsFinalReport: boolean;
  signatories: Signatory[];
  criteria: string[];
  /** The date set, or null (then seven days after the end). */
  closesOn: string | null;
  defaultClosesOn: string;
}

function viewOf(row: ProgramSettingsRow): ProgramSettingsView {
  return {
    programId: row.id,
    programName: row.name,
    hours: row.certificateHours,
    minAttendance: row.certificateMinAttendance,
    needsFinalReport: row.certificateNeedsFinalReport,
    signatories: readSignatories(row.certificateSignatories),
    criteria: row.assessmentCriteria,
    closesOn: row.assessmentClosesOn ? isoDateOf(row.assessmentClosesOn) : null,
    defaultClosesOn: addDays(isoDateOf(row.endDate), 7),
  };
}

export async function loadProgramSettings(
  db: Db,
  programId: string,
): Promise<ProgramSettingsView | undefined> {
  const row = await findProgramSettings(db, programId);
  return row ? viewOf(row) : undefined;
}

export type SettingChange =
  | { setting: "jp"; hours: number | null }
  | { setting: "kehadiran"; percent: number }
  | { setting: "laporanakhir"; required: boolean }
  | { setting: "penandatangan"; slot: 1 | 2; signatory: Signatory | null }
  | { setting: "kriteria"; criteria: string[] }
  | { setting: "batasnilai"; date: string | null };

/** Why a value was refused: a locale key (settings.error.*) and its values. */
export interface SettingProblem {
  key: string;
  vars?: Record<string, string | number>;
  nipProblem?: NipProblem;
}

export type ParsedSetting =
  | { ok: true; change: SettingChange }
  | { ok: false; problem: SettingProblem };

const yesWords = new Set(["ya", "yes", "y", "wajib", "perlu", "on"]);
const noWords = new Set(["tidak", "no", "n", "tak", "off"]);
const clearWords = new Set(["hapus", "kosong", "-", "none", "clear"]);
const defaultWords = new Set(["otomatis", "default", "bawaan", "auto"]);

/** Words people may type for the known criteria (both languages), to the stored key. */
const criterionWords: Record<string, (typeof KNOWN_CRITERIA)[number]> = {
  discipline: "discipline",
  disiplin: "discipline",
  kedisiplinan: "discipline",
  initiative: "initiative",
  inisiatif: "initiative",
  cooperation: "cooperation",
  "kerja sama": "cooperation",
  kerjasama: "cooperation",
  work_quality: "work_quality",
  "work quality": "work_quality",
  "quality of work": "work_quality",
  "kualitas kerja": "work_quality",
  "kualitas hasil kerja": "work_quality",
};

/** `/pengaturan <kunci> <nilai>`: the key and the rest, checked; `now` decides NIP plausibility. */
export function parseSettingChange(key: string, value: string, now: Date): ParsedSetting {
  const text = value.trim();
  const lower = text.toLowerCase();
  switch (key.toLowerCase()) {
    case "jp": {
      if (clearWords.has(lower)) return { ok: true, change: { setting: "jp", hours: null } };
      if (!/^\d{1,4}$/.test(text) || Number(text) < 1 || Number(text) > 1000) {
        return fail("settings.error.jp");
      }
      return { ok: true, change: { setting: "jp", hours: Number(text) } };
    }
    case "kehadiran": {
      const digits = text.replace(/%$/, "").trim();
      if (!/^\d{1,3}$/.test(digits) || Number(digits) > 100)
        return fail("settings.error.kehadiran");
      return { ok: true, change: { setting: "kehadiran", percent: Number(digits) } };
    }
    case "laporanakhir": {
      if (yesWords.has(lower))
        return { ok: true, change: { setting: "laporanakhir", required: true } };
      if (noWords.has(lower))
        return { ok: true, change: { setting: "laporanakhir", required: false } };
      return fail("settings.error.laporanakhir");
    }
    case "penandatangan":
      return parseSignatory(text, now);
    case "kriteria":
      return parseCriteria(text);
    case "batasnilai": {
      if (defaultWords.has(lower) || clearWords.has(lower)) {
        return { ok: true, change: { setting: "batasnilai", date: null } };
      }
      const date = parseDateInput(text);
      if (!date) return fail("settings.error.batasnilai");
      return { ok: true, change: { setting: "batasnilai", date } };
    }
    default:
      return fail("settings.error.unknown_key", { key: key.slice(0, 30) });
  }
}

function fail(key: string, vars?: Record<string, string | number>): ParsedSetting {
  return { ok: false, problem: { key, ...(vars ? { vars } : {}) } };
}

/** "1 Nama; Jabatan; NIP" (NIP optional) or "2 hapus". */
function parseSignatory(text: string, now: Date): ParsedSetting {
  const match = /^([12])\s+(.+)$/s.exec(text);
  if (!match?.[1] || !match[2]) return fail("settings.error.penandatangan");
  const slot = Number(match[1]) as 1 | 2;
  const rest = match[2].trim();
  if (clearWords.has(rest.toLowerCase())) {
    return { ok: true, change: { setting: "penandatangan", slot, signatory: null } };
  }
  const parts = rest.split(";").map((part) => part.trim());
  const [name = "", position = "", nipText = "", ...extra] = parts;
  if (extra.length > 0 || !name || !position) return fail("settings.error.penandatangan");
  if (name.length > 120 || position.length > 160) return fail("settings.error.too_long");
  let nip: string | undefined;
  if (nipText) {
    const parsed = parseNip(normaliseNipInput(nipText), now);
    if (!parsed.ok)
      return { ok: false, problem: { key: "settings.error.nip", nipProblem: parsed.reason } };
    nip = parsed.nip;
  }
  return {
    ok: true,
    change: {
      setting: "penandatangan",
      slot,
      signatory: { name, position, ...(nip ? { nip } : {}) },
    },
  };
}

function parseCriteria(text: string): ParsedSetting {
  const items = text
    .split(",")
    .map((item) => item.trim().replace(/\s+/g, " "))
    .filter(Boolean);
  if (items.length === 0 || items.length > MAX_CRITERIA) {
    return fail("settings.error.kriteria", { max: MAX_CRITERIA });
  }
  const criteria: string[] = [];
  for (const item of items) {
    if (item.length < 2 || item.length > 40)
      return fail("settings.error.kriteria", { max: MAX_CRITERIA });
    const known = criterionWords[item.toLowerCase()];
    const value = known ?? item;
    if (criteria.some((existing) => existing.toLowerCase() === value.toLowerCase())) {
      return fail("settings.error.kriteria_duplicate", { item });
    }
    criteria.push(value);
  }
  return { ok: true, change: { setting: "kriteria", criteria } };
}

/** Applies one change, audited (the setting's name, never the values: they may name people). */
export async function applySettingChange(
  db: Db,
  input: { programId: string; change: SettingChange; actorId: string | null; now: Date },
): Promise<ProgramSettingsView | undefined> {
  return db.$transaction(async (tx) => {
    const current = await findProgramSettings(tx, input.programId);
    if (!current) return undefined;
    const change = toColumns(input.change, readSignatories(current.certificateSignatories));
    const updated = await updateProgramSettings(tx, input.programId, change);
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "program.settings_changed",
      programId: input.programId,
      details: { setting: input.change.setting, ...auditValue(input.change) },
      at: input.now,
    });
    return viewOf(updated);
  });
}

function toColumns(change: SettingChange, signatories: Signatory[]): ProgramSettingsChange {
  switch (change.setting) {
    case "jp":
      return { certificateHours: change.hours };
    case "kehadiran":
      return { certificateMinAttendance: change.percent };
    case "laporanakhir":
      return { certificateNeedsFinalReport: change.required };
    case "kriteria":
      return { assessmentCriteria: change.criteria };
    case "batasnilai":
      return { assessmentClosesOn: change.date ? dateColumn(change.date) : null };
    case "penandatangan": {
      const next: (Signatory | undefined)[] = [signatories[0], signatories[1]];
      next[change.slot - 1] = change.signatory ?? undefined;
      const list = next.filter((signatory): signatory is Signatory => signatory !== undefined);
      return { certificateSignatories: list as unknown as Prisma.InputJsonValue };
    }
  }
}

/** Values that name nobody may go in the audit entry. */
function auditValue(change: SettingChange): Record<string, string | number | boolean | null> {
  switch (change.setting) {
    case "jp":
      return { value: change.hours };
    case "kehadiran":
      return { value: change.percent };
    case "laporanakhir":
      return { value: change.required };
    case "batasnilai":
      return { value: change.date };
    case "kriteria":
      return { count: change.criteria.length };
    case "penandatangan":
      return { slot: change.slot, cleared: change.signatory === null };
  }
}
