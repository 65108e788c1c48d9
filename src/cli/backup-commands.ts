import { parseArgs } from "node:util";
import { BackupError } from "../db/backup/backup.ts";
import { copyDatabase, restoreBackupFile, writeBackupFile } from "../db/backup/backup-file.ts";
import type { RestoreSummary } from "../db/backup/restore.ts";
import type { CliDeps } from "./run-cli.ts";

/** `backup <file> [--force]`, `restore <file> [--force]`, `move-to <postgres://…> [--force]`. */
export async function backupCommand(
  command: "backup" | "restore" | "move-to",
  args: string[],
  deps: CliDeps,
): Promise<number> {
  let parsed: { force: boolean; operand: string | undefined };
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { force: { type: "boolean", default: false } },
    });
    parsed = { force: values.force === true, operand: positionals[0] };
    if (positionals.length !== 1) throw new Error("one operand");
  } catch {
    deps.printError(deps.t("backup.usage"));
    return 2;
  }
  try {
    if (command === "backup") return await backup(parsed.operand as string, parsed.force, deps);
    if (command === "restore") return await restore(parsed.operand as string, parsed.force, deps);
    return await moveTo(parsed.operand as string, parsed.force, deps);
  } catch (error) {
    // A file system error (it names a path): the backup file's folder or permissions.
    const fileError = error as NodeJS.ErrnoException;
    if (fileError?.path && fileError.code) {
      deps.printError(
        deps.t("backup.error.file", { path: parsed.operand, reason: fileError.code }),
      );
      return 1;
    }
    if (!(error instanceof BackupError)) throw error;
    deps.printError(deps.t(`backup.error.${error.code}`, error.params));
    return 1;
  }
}

async function backup(path: string, force: boolean, deps: CliDeps): Promise<number> {
  // As it is: a backup records the migrations the database has, it does not apply new ones.
  const database = await deps.openDatabase({ migrate: false });
  const summary = await writeBackupFile(database, path, {
    now: deps.clock.now(),
    overwrite: force,
  });
  deps.print(
    deps.t("backup.written", {
      path,
      tables: summary.tables,
      rows: summary.rows,
      migration: summary.migrations.at(-1) ?? "",
    }),
  );
  deps.print(deps.t("backup.personal_data"));
  return 0;
}

async function restore(path: string, force: boolean, deps: CliDeps): Promise<number> {
  // Not migrated first: the restore brings the database to the backup's own migrations.
  const database = await deps.openDatabase({ migrate: false });
  const summary = await restoreBackupFile(database, path, { force });
  deps.print(deps.t("backup.restored", { path, ...restoredParams(summary) }));
  return 0;
}

async function moveTo(url: string, force: boolean, deps: CliDeps): Promise<number> {
  if (!/^postgres(ql)?:\/\/./.test(url)) {
    deps.printError(deps.t("backup.usage"));
    return 2;
  }
  if (deps.databaseUrl === url) throw new BackupError("same_database");
  const source = await deps.openDatabase({ migrate: false });
  const target = await deps.openDatabase({ migrate: false, databaseUrl: url });
  const summary = await copyDatabase(source, target, { force, now: deps.clock.now() });
  deps.print(deps.t("backup.moved", restoredParams(summary)));
  deps.print(deps.t("backup.set_database_url", { url: withoutPassword(url) }));
  return 0;
}

function restoredParams(summary: RestoreSummary) {
  return {
    tables: summary.tables,
    rows: summary.rows,
    createdAt: summary.header.createdAt,
    appVersion: summary.header.appVersion,
  };
}

/** The URL to set, with its password (if any) hidden: the terminal may be shared or recorded. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ":****@");
  }
}
