import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { Database } from "../db/client.ts";
import { findProgramById } from "../db/repositories/programs.repository.ts";
import { findProvince } from "../domain/provinces.ts";
import { problemLine } from "../features/imports/import.render.ts";
import { applyImport, importContextFor } from "../features/imports/import.service.ts";
import { createProgram } from "../features/program-setup/program-setup.service.ts";
import type { Translate } from "../i18n/i18n.ts";
import { parseDateInput } from "../imports/cells.ts";
import { importKindWords } from "../imports/import-kinds.ts";
import { ImportLimitError } from "../imports/import-limits.ts";
import { spreadsheetFormatOf } from "../imports/read-sheet.ts";
import { parseImportFile } from "../imports/validate-import.ts";
import type { Clock } from "../shared/clock.ts";
import { backupCommand } from "./backup-commands.ts";
import { writeImportTemplates } from "./write-templates.ts";

export interface OpenDatabaseOptions {
  /** Apply pending migrations first (default true); backup and restore need the database as is. */
  migrate?: boolean;
  /** Another database than the configured one (move-to's target). */
  databaseUrl?: string;
}

export interface CliDeps {
  /** Opened lazily: `template` needs no database. */
  openDatabase: (options?: OpenDatabaseOptions) => Promise<Database>;
  /** The configured DATABASE_URL (empty: the embedded database); move-to refuses to copy onto it. */
  databaseUrl?: string | undefined;
  t: Translate;
  /** The help's language: the README's (English), with Indonesian examples. Default `t`. */
  helpT?: Translate;
  clock: Clock;
  print: (line: string) => void;
  printError: (line: string) => void;
}

/**
 * `template <dir>`, `import <kind> <file> --program <id> [--valid-only]`, `program create …`,
 * `backup <file>`, `restore <file>`, `move-to <postgres://…>`.
 */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "help" || command === "--help" || command === "-h") {
    printUsage(deps, deps.print);
    return 0;
  }
  if (command === "template") return template(rest, deps);
  if (command === "backup" || command === "restore" || command === "move-to")
    return backupCommand(command, rest, deps);
  if (command === "import") return importFile(rest, deps);
  if (command === "program" && rest[0] === "create")
    return createProgramCommand(rest.slice(1), deps);
  printUsage(deps, deps.printError);
  return 2;
}

function printUsage(deps: CliDeps, print: (line: string) => void): void {
  const t = deps.helpT ?? deps.t;
  print(t("cli.usage"));
  print(t("backup.usage"));
}

async function template(args: string[], deps: CliDeps): Promise<number> {
  const dir = args[0];
  if (!dir) {
    deps.printError((deps.helpT ?? deps.t)("cli.usage"));
    return 2;
  }
  for (const path of await writeImportTemplates(dir, deps.t))
    deps.print(deps.t("cli.template_written", { path }));
  return 0;
}

async function importFile(args: string[], deps: CliDeps): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { program: { type: "string" }, "valid-only": { type: "boolean", default: false } },
  });
  const kind = importKindWords[positionals[0]?.toLowerCase() ?? ""];
  const path = positionals[1];
  const format = spreadsheetFormatOf(path);
  if (!kind || !path || !values.program) {
    deps.printError((deps.helpT ?? deps.t)("cli.usage"));
    return 2;
  }
  if (!format) {
    deps.printError(deps.t("imports.not_spreadsheet"));
    return 1;
  }
  const database = await deps.openDatabase();
  const db = database.prisma;
  const program = await findProgramById(db, values.program);
  if (!program) {
    deps.printError(deps.t("roles.program_not_found"));
    return 1;
  }
  const now = deps.clock.now();
  const content = await readFile(path);
  let result: Awaited<ReturnType<typeof parseImportFile>>;
  try {
    result = await parseImportFile(
      kind,
      content,
      format,
      await importContextFor(db, program.id, now),
    );
  } catch (error) {
    if (!(error instanceof ImportLimitError)) throw error;
    deps.printError(deps.t(`imports.limit_${error.limit}`, { max: error.max }));
    return 1;
  }
  for (const item of result.problems) deps.printError(problemLine(deps.t, item));
  if (result.problems.length > 0 && !values["valid-only"]) {
    deps.printError(
      deps.t("cli.import_refused", {
        count: result.problems.length,
        valid: result.rows.length,
        total: result.totalRows,
      }),
    );
    return 1;
  }
  const done = await applyImport(db, {
    programId: program.id,
    actorId: null,
    kind,
    rows: result.rows,
    now,
  });
  deps.print(
    deps.t("imports.done", {
      kind: deps.t(`imports.kind.${kind}`),
      created: done.created,
      updated: done.updated,
      unchanged: done.unchanged,
    }),
  );
  return 0;
}

async function createProgramCommand(args: string[], deps: CliDeps): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: "string" },
      sending: { type: "string" },
      host: { type: "string" },
      start: { type: "string" },
      end: { type: "string" },
      pks: { type: "string" },
    },
  });
  const sending = findProvince(values.sending ?? "");
  const host = findProvince(values.host ?? "");
  const start = parseDateInput(values.start ?? "");
  const end = parseDateInput(values.end ?? "");
  const name = values.name?.trim();
  if (
    !name ||
    name.length > 150 ||
    !sending ||
    !host ||
    sending.code === host.code ||
    !start ||
    !end ||
    end < start
  ) {
    deps.printError(deps.t("cli.program_usage"));
    return 2;
  }
  const database = await deps.openDatabase();
  const program = await createProgram(
    database.prisma,
    {
      name,
      sendingProvinceCode: sending.code,
      hostProvinceCode: host.code,
      startDate: start,
      endDate: end,
      agreementRef: values.pks?.trim() || null,
    },
    { personId: null, now: deps.clock.now() },
  );
  deps.print(deps.t("cli.program_created", { name: program.name, id: program.id }));
  return 0;
}
