import type { z } from "zod";
import { normaliseAgencyName } from "../domain/agency-names.ts";
import { columnsOf, type ImportKind, normaliseHeader } from "./import-kinds.ts";
import type { ImportLimits } from "./import-limits.ts";
import { type ImportProblem, problem, sortProblems } from "./problems.ts";
import {
  readSheet,
  type Sheet,
  type SpreadsheetFormat,
  UnreadableSheetError,
} from "./read-sheet.ts";
import {
  type HostUnitRow,
  hostUnitRowSchema,
  type PlacementRow,
  placementRowSchema,
  type RosterRow,
  rosterRowSchema,
  type ScheduleRow,
  scheduleRowSchema,
} from "./row-schemas.ts";

export interface KnownAgency {
  id: string;
  name: string;
  shortName: string | null;
}

export interface ImportContext {
  /** "Now", for NIP plausibility (no appointment in the future). */
  today: Date;
  /** The program's host units, for placements and schedule rows that name one. */
  agencies: KnownAgency[];
  /**
   * NIPs a placement may name: the program's roster and its registered participants. A roster
   * NIP not registered yet keeps its placement until that person registers.
   */
  placeableNips?: ReadonlySet<string>;
  /**
   * The importer's scope when limited to some host units (resolveProgramScope); absent = the whole
   * program. Rows naming another unit, or none (a program-wide agenda item), are problems.
   */
  scopeUnitIds?: readonly string[];
  /** With scopeUnitIds: NIPs of participants placed in a unit outside that scope. */
  nipsPlacedOutsideScope?: ReadonlySet<string>;
}

export type Lined<T> = T & { line: number };

export interface ImportRows {
  roster: Lined<RosterRow>[];
  host_units: Lined<HostUnitRow>[];
  placements: Lined<PlacementRow & { hostUnitId: string }>[];
  schedule: Lined<ScheduleRow & { hostUnitId: string | null }>[];
}

export type ImportResult = {
  [K in ImportKind]: { kind: K; totalRows: number; rows: ImportRows[K]; problems: ImportProblem[] };
}[ImportKind];

/**
 * Reads and validates a whole file; bad content becomes problems, a file past a cap of
 * `limits` throws ImportLimitError (nothing of it is returned).
 */
export async function parseImportFile(
  kind: ImportKind,
  content: Buffer,
  format: SpreadsheetFormat,
  context: ImportContext,
  limits?: ImportLimits,
): Promise<ImportResult> {
  try {
    return validateSheet(kind, await readSheet(content, format, limits), context);
  } catch (error) {
    if (!(error instanceof UnreadableSheetError)) throw error;
    return {
      kind,
      totalRows: 0,
      rows: [],
      problems: [problem(1, "-", "imports.problem.unreadable", "")],
    } as ImportResult;
  }
}

export function validateSheet(
  kind: ImportKind,
  sheet: Sheet,
  context: ImportContext,
): ImportResult {
  const columns = mapColumns(kind, sheet.headers);
  if (columns.missing.length > 0) {
    return {
      kind,
      totalRows: sheet.rows.length,
      rows: [],
      problems: columns.missing.map((header) =>
        problem(1, header, "imports.problem.missing_column", ""),
      ),
    } as ImportResult;
  }
  if (sheet.rows.length === 0) {
    return {
      kind,
      totalRows: 0,
      rows: [],
      problems: [problem(2, "-", "imports.problem.empty_file", "")],
    } as ImportResult;
  }
  const validator = validatorOf(kind, context);
  const problems: ImportProblem[] = [];
  const rows: Lined<Record<string, unknown>>[] = [];
  const seenRows = new Map<string, number>();
  const seenKeys = new Map<string, number>();
  for (const row of sheet.rows) {
    const cells: Record<string, string> = {};
    for (const [field, index] of columns.indexOf) cells[field] = row.cells[index] ?? "";
    const rowKey = JSON.stringify(Object.values(cells).map((cell) => cell.toLowerCase()));
    const firstLine = seenRows.get(rowKey);
    if (firstLine !== undefined) {
      problems.push(problem(row.line, "-", "imports.problem.duplicate_row", "", { firstLine }));
      continue;
    }
    seenRows.set(rowKey, row.line);
    const rowProblems: ImportProblem[] = [];
    const parsed = validator.schema.safeParse(cells);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "-");
        rowProblems.push(
          problem(
            row.line,
            columns.headerOf.get(field) ?? field,
            issue.message,
            cells[field] ?? "",
          ),
        );
      }
    } else {
      const data = parsed.data as Record<string, unknown>;
      const extra = validator.check(data, row.line, cells, columns.headerOf, seenKeys, rowProblems);
      if (rowProblems.length === 0) rows.push({ ...data, ...extra, line: row.line });
    }
    problems.push(...dedupeByColumn(rowProblems));
  }
  return {
    kind,
    totalRows: sheet.rows.length,
    rows,
    problems: sortProblems(problems),
  } as ImportResult;
}

interface KindValidator {
  schema: z.ZodType;
  /** Checks across rows and against the program; returns fields to add to the row. */
  check(
    data: Record<string, unknown>,
    line: number,
    cells: Record<string, string>,
    headerOf: Map<string, string>,
    seenKeys: Map<string, number>,
    problems: ImportProblem[],
  ): Record<string, unknown>;
}

function validatorOf(kind: ImportKind, context: ImportContext): KindValidator {
  const findAgency = agencyFinder(context.agencies);
  const scope = context.scopeUnitIds;
  const withinScope = (hostUnitId: string) => scope === undefined || scope.includes(hostUnitId);
  /** The host unit named in the row's "instansi" column, or a problem naming its cell. */
  const hostUnitOrProblem = (
    name: string,
    line: number,
    cells: Record<string, string>,
    headerOf: Map<string, string>,
    problems: ImportProblem[],
  ) => {
    const agency = findAgency(name);
    if (agency && !withinScope(agency.id)) {
      problems.push(
        problem(
          line,
          headerOf.get("instansi") ?? "instansi",
          "imports.problem.outside_scope",
          cells.instansi ?? "",
        ),
      );
      return {};
    }
    if (agency) return { hostUnitId: agency.id };
    problems.push(
      problem(
        line,
        headerOf.get("instansi") ?? "instansi",
        "imports.problem.unknown_agency",
        cells.instansi ?? "",
      ),
    );
    return {};
  };
  const uniqueOn =
    (field: string, keyOf: (data: Record<string, unknown>) => string, messageKey: string) =>
    (
      data: Record<string, unknown>,
      line: number,
      cells: Record<string, string>,
      headerOf: Map<string, string>,
      seenKeys: Map<string, number>,
      problems: ImportProblem[],
    ) => {
      const value = keyOf(data);
      const firstLine = seenKeys.get(value);
      if (firstLine !== undefined) {
        problems.push(
          problem(line, headerOf.get(field) ?? field, messageKey, cells[field] ?? "", {
            firstLine,
          }),
        );
      } else {
        seenKeys.set(value, line);
      }
    };
  const uniqueNip = () =>
    uniqueOn("nip", (data) => (data.nip as { nip: string }).nip, "imports.problem.duplicate_nip");
  switch (kind) {
    case "roster": {
      const unique = uniqueNip();
      return {
        schema: rosterRowSchema(context.today),
        check: (data, line, cells, headerOf, seenKeys, problems) => {
          unique(data, line, cells, headerOf, seenKeys, problems);
          return {};
        },
      };
    }
    case "host_units": {
      const unique = uniqueOn(
        "nama",
        (data) => normaliseAgencyName(String(data.nama)),
        "imports.problem.duplicate_agency",
      );
      return {
        schema: hostUnitRowSchema,
        check: (data, line, cells, headerOf, seenKeys, problems) => {
          unique(data, line, cells, headerOf, seenKeys, problems);
          // A unit-limited importer may update its own units only, never add another.
          const agency = scope === undefined ? undefined : findAgency(String(data.nama));
          if (scope !== undefined && !(agency && withinScope(agency.id))) {
            problems.push(
              problem(
                line,
                headerOf.get("nama") ?? "nama",
                "imports.problem.outside_scope",
                cells.nama ?? "",
              ),
            );
          }
          return {};
        },
      };
    }
    case "placements": {
      const unique = uniqueNip();
      return {
        schema: placementRowSchema(context.today),
        check: (data, line, cells, headerOf, seenKeys, problems) => {
          unique(data, line, cells, headerOf, seenKeys, problems);
          const nip = (data.nip as { nip: string }).nip;
          if (context.placeableNips && !context.placeableNips.has(nip)) {
            problems.push(
              problem(
                line,
                headerOf.get("nip") ?? "nip",
                "imports.problem.nip_not_on_roster",
                cells.nip ?? "",
              ),
            );
          }
          if (context.nipsPlacedOutsideScope?.has(nip)) {
            problems.push(
              problem(
                line,
                headerOf.get("nip") ?? "nip",
                "imports.problem.placed_outside_scope",
                cells.nip ?? "",
              ),
            );
          }
          return hostUnitOrProblem(String(data.instansi), line, cells, headerOf, problems);
        },
      };
    }
    case "schedule":
      return {
        schema: scheduleRowSchema,
        check: (data, line, cells, headerOf, _seenKeys, problems) => {
          if (data.instansi === null && scope !== undefined) {
            problems.push(
              problem(
                line,
                headerOf.get("instansi") ?? "instansi",
                "imports.problem.program_wide_outside_scope",
                "",
              ),
            );
            return {};
          }
          if (data.instansi === null) return { hostUnitId: null };
          return hostUnitOrProblem(String(data.instansi), line, cells, headerOf, problems);
        },
      };
  }
}

/** By full name or short name, ignoring case, spacing and "Provinsi …" style differences. */
function agencyFinder(agencies: KnownAgency[]) {
  const byKey = new Map<string, KnownAgency>();
  for (const agency of agencies) {
    byKey.set(agency.name.trim().toLowerCase(), agency);
    if (agency.shortName) byKey.set(agency.shortName.trim().toLowerCase(), agency);
    byKey.set(normaliseAgencyName(agency.name), agency);
  }
  return (value: string) =>
    byKey.get(value.trim().toLowerCase()) ?? byKey.get(normaliseAgencyName(value));
}

function mapColumns(kind: ImportKind, headers: string[]) {
  const normalised = headers.map(normaliseHeader);
  const indexOf = new Map<string, number>();
  const headerOf = new Map<string, string>();
  const missing: string[] = [];
  for (const spec of columnsOf[kind]) {
    const index = normalised.findIndex(
      (header) => header === spec.header || spec.aliases.includes(header),
    );
    if (index >= 0) {
      indexOf.set(spec.header, index);
      headerOf.set(spec.header, headers[index] ?? spec.header);
    } else if (spec.required) {
      missing.push(spec.header);
    } else {
      indexOf.set(spec.header, -1);
    }
  }
  return { indexOf, headerOf, missing };
}

/** zod may report twice on one cell (e.g. required and too short); one message per cell is enough. */
function dedupeByColumn(problems: ImportProblem[]): ImportProblem[] {
  const seen = new Set<string>();
  return problems.filter((item) => {
    const id = `${item.line}:${item.column}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
