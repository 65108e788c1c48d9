import { randomBytes } from "node:crypto";
import { Composer, GrammyError, InlineKeyboard, InputFile } from "grammy";
import type { Document } from "grammy/types";
import { stateStore } from "../../bot/chat-state.ts";
import type { BotContext } from "../../bot/context.ts";
import { type ImportKind, importKindWords } from "../../imports/import-kinds.ts";
import { ImportLimitError, megabytes } from "../../imports/import-limits.ts";
import { spreadsheetFormatOf } from "../../imports/read-sheet.ts";
import type { ImportResult } from "../../imports/validate-import.ts";
import { DownloadTooLargeError, downloadCapped } from "../../shared/capped-download.ts";
import { parseImportInWorker } from "../../workers/heavy-work.ts";
import { pickProgram } from "../access/pick-program.ts";
import {
  denyAccess,
  requireProgramRole,
  requireProgramScope,
  requireRole,
} from "../access/require-role.ts";
import { findProgram } from "../program-setup/program-setup.service.ts";
import { importDecision, importProgramPick } from "./import.callbacks.ts";
import { problemsCsv, renderPreview, renderProblems } from "./import.render.ts";
import {
  applyImport,
  importContextFor,
  kindWithinScope,
  previewImport,
  rowsWithinScope,
} from "./import.service.ts";
import {
  clearImportWait,
  clearPendingImport,
  type ImportWait,
  type PendingImport,
  readImportWait,
  readPendingImport,
  writeImportWait,
  writePendingImport,
} from "./import-state.ts";

const captionCommand = /^\/impor(?:@\w+)?\s+(\S+)/i;

/**
 * `/impor peserta|instansi|penempatan|jadwal` then a CSV/XLSX document (or the document with
 * that caption): checked row by row, previewed, and written only after "Konfirmasi".
 */
export function createImportComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("impor", async (ctx) => {
    if (!(await requireRole(ctx, ["admin", "coordinator"]))) return;
    const kind = importKindWords[ctx.match.trim().toLowerCase()];
    if (!kind) {
      await ctx.reply(ctx.t("imports.usage"));
      return;
    }
    await startWaiting(ctx, { kind });
  });

  composer.callbackQuery(importProgramPick.filter, async (ctx) => {
    const { programId } = importProgramPick.values(ctx.match);
    if (!(await requireProgramRole(ctx, programId, "manage")) || !ctx.actor) return;
    const wait = await readImportWait(stateStore(ctx), ctx.actor.telegramUserId);
    if (!wait) {
      await ctx.answerCallbackQuery({ text: ctx.t("fallback.stale_button") });
      return;
    }
    await ctx.answerCallbackQuery();
    const next = { ...wait, programId };
    if (next.document) {
      await clearImportWait(stateStore(ctx), ctx.actor.telegramUserId);
      await checkFile(ctx, next.kind, programId, next.document);
      return;
    }
    await writeImportWait(stateStore(ctx), ctx.actor.telegramUserId, next);
    await askForFile(ctx, next.kind, programId);
  });

  composer.on("message:document", async (ctx, next) => {
    if (!ctx.actor) return next();
    const captionKind = captionCommand.exec(ctx.message.caption ?? "")?.[1]?.toLowerCase();
    const waiting = await readImportWait(stateStore(ctx), ctx.actor.telegramUserId);
    if (captionKind === undefined && !waiting) return next();
    if (!(await requireRole(ctx, ["admin", "coordinator"]))) return;
    const document = describeDocument(ctx.message.document);
    if (!(await acceptableFile(ctx, document))) return;
    if (captionKind !== undefined) {
      const kind = importKindWords[captionKind];
      if (!kind) {
        await ctx.reply(ctx.t("imports.usage"));
        return;
      }
      await startWaiting(ctx, { kind, document });
      return;
    }
    if (!waiting?.programId) {
      await startWaiting(ctx, { kind: waiting?.kind ?? "roster", document });
      return;
    }
    await clearImportWait(stateStore(ctx), ctx.actor.telegramUserId);
    await checkFile(ctx, waiting.kind, waiting.programId, document);
  });

  composer.callbackQuery(importDecision.filter, async (ctx) => {
    const { action, token } = importDecision.values(ctx.match);
    const pending = ctx.actor
      ? await readPendingImport(stateStore(ctx), ctx.actor.telegramUserId)
      : undefined;
    if (!ctx.actor || !pending || pending.token !== token) {
      await ctx.answerCallbackQuery({ text: ctx.t("fallback.stale_button") });
      return;
    }
    // Re-checked at every step: the role or its scope may have changed since the file was checked.
    const scope = await requireProgramScope(ctx, pending.programId, "manage");
    if (!scope) return;
    if (
      action !== "no" &&
      !(await rowsWithinScope(ctx.deps.db, pending.programId, pending.kind, pending.rows, scope))
    ) {
      await clearPendingImport(stateStore(ctx), ctx.actor.telegramUserId);
      await denyAccess(ctx, "access.scope_denied");
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    if (action === "no") {
      await clearPendingImport(stateStore(ctx), ctx.actor.telegramUserId);
      await ctx.reply(ctx.t("imports.cancelled"));
      return;
    }
    if (action === "valid") {
      const narrowed = { ...pending, validOnly: true, token: newToken() };
      await writePendingImport(stateStore(ctx), ctx.actor.telegramUserId, narrowed);
      await showPreview(ctx, narrowed);
      return;
    }
    // "Konfirmasi" exists only after a clean check or the explicit "valid rows only" choice.
    if (pending.hadProblems && !pending.validOnly) {
      await ctx.reply(ctx.t("fallback.stale_button"));
      return;
    }
    const result = await applyImport(ctx.deps.db, {
      programId: pending.programId,
      actorId: ctx.actor.personId,
      kind: pending.kind,
      rows: pending.rows,
      now: ctx.deps.clock.now(),
    });
    await clearPendingImport(stateStore(ctx), ctx.actor.telegramUserId);
    ctx.logger.info(
      { programId: pending.programId, kind: pending.kind, ...result, examples: undefined },
      "import.applied",
    );
    await ctx.reply(
      ctx.t("imports.done", {
        kind: ctx.t(`imports.kind.${pending.kind}`),
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
      }),
    );
  });

  return composer;
}

type DocumentRef = NonNullable<ImportWait["document"]>;

function describeDocument(document: Document): DocumentRef {
  return {
    fileId: document.file_id,
    fileName: (document.file_name ?? "").slice(0, 120),
    fileSize: document.file_size ?? null,
  };
}

function newToken(): string {
  return randomBytes(6).toString("base64url");
}

/** Refuses what is not a CSV/XLSX or is too large, before anything is downloaded. */
async function acceptableFile(ctx: BotContext, document: DocumentRef): Promise<boolean> {
  if (!spreadsheetFormatOf(document.fileName)) {
    await ctx.reply(ctx.t("imports.not_spreadsheet"));
    return false;
  }
  const { maxFileBytes } = ctx.deps.config.importLimits;
  if (document.fileSize !== null && document.fileSize > maxFileBytes) {
    await ctx.reply(ctx.t("imports.too_large", { max: megabytes(maxFileBytes) }));
    return false;
  }
  return true;
}

async function startWaiting(ctx: BotContext, wait: ImportWait): Promise<void> {
  if (!ctx.actor) return;
  const programId = await pickProgram(ctx, {
    access: "manage",
    button: (programId) => importProgramPick.build({ programId }),
    promptKey: "imports.pick_program",
  });
  if (!programId) {
    // Buttons were offered (or there is no program): remember what is waiting for the choice.
    await writeImportWait(stateStore(ctx), ctx.actor.telegramUserId, wait);
    return;
  }
  if (wait.document) {
    await clearImportWait(stateStore(ctx), ctx.actor.telegramUserId);
    await checkFile(ctx, wait.kind, programId, wait.document);
    return;
  }
  await writeImportWait(stateStore(ctx), ctx.actor.telegramUserId, { ...wait, programId });
  await askForFile(ctx, wait.kind, programId);
}

async function askForFile(ctx: BotContext, kind: ImportKind, programId: string): Promise<void> {
  const scope = await requireProgramScope(ctx, programId, "manage");
  if (!scope || !ctx.actor) return;
  if (!kindWithinScope(kind, scope)) {
    // Told before the file is sent, not after.
    await clearImportWait(stateStore(ctx), ctx.actor.telegramUserId);
    await ctx.reply(ctx.t("imports.kind_whole_program", { kind: ctx.t(`imports.kind.${kind}`) }));
    return;
  }
  const program = await findProgram(ctx.deps.db, programId);
  await ctx.reply(
    ctx.t("imports.send_file", {
      kind: ctx.t(`imports.kind.${kind}`),
      program: program?.name ?? "",
    }),
  );
}

async function checkFile(
  ctx: BotContext,
  kind: ImportKind,
  programId: string,
  document: DocumentRef,
): Promise<void> {
  const scope = await requireProgramScope(ctx, programId, "manage");
  if (!ctx.actor || !scope) return;
  if (!kindWithinScope(kind, scope)) {
    await ctx.reply(ctx.t("imports.kind_whole_program", { kind: ctx.t(`imports.kind.${kind}`) }));
    return;
  }
  const format = spreadsheetFormatOf(document.fileName);
  if (!format || !(await acceptableFile(ctx, document))) return;
  const now = ctx.deps.clock.now();
  const result = await readImportFile(ctx, document.fileId, async (content) =>
    parseImportInWorker({
      kind,
      content,
      format,
      context: await importContextFor(ctx.deps.db, programId, now, scope),
      limits: ctx.deps.config.importLimits,
    }),
  );
  if (!result) return;
  const pending: PendingImport = {
    token: newToken(),
    kind,
    programId,
    fileName: document.fileName,
    rows: result.rows,
    validOnly: false,
    hadProblems: result.problems.length > 0,
  };
  ctx.logger.info(
    { programId, kind, rows: result.totalRows, problems: result.problems.length },
    "import.checked",
  );
  if (result.problems.length === 0) {
    await writePendingImport(stateStore(ctx), ctx.actor.telegramUserId, pending);
    await showPreview(ctx, pending);
    return;
  }
  const rendered = renderProblems(ctx.t, result.problems, result.rows.length, result.totalRows);
  const keyboard =
    result.rows.length > 0
      ? new InlineKeyboard()
          .text(
            ctx.t("imports.valid_only", { count: result.rows.length }),
            importDecision.build({ action: "valid", token: pending.token }),
          )
          .row()
          .text(
            ctx.t("imports.cancel"),
            importDecision.build({ action: "no", token: pending.token }),
          )
      : undefined;
  if (result.rows.length > 0) {
    await writePendingImport(stateStore(ctx), ctx.actor.telegramUserId, pending);
  }
  await ctx.reply(rendered.text, keyboard ? { reply_markup: keyboard } : {});
  if (rendered.truncated) {
    await ctx.replyWithDocument(
      new InputFile(problemsCsv(ctx.t, result.problems), "masalah-impor.csv"),
      {
        caption: ctx.t("imports.problems_file"),
      },
    );
  }
}

async function showPreview(ctx: BotContext, pending: PendingImport): Promise<void> {
  const program = await findProgram(ctx.deps.db, pending.programId);
  const preview = await previewImport(
    ctx.deps.db,
    pending.programId,
    pending.kind,
    pending.rows,
    ctx.deps.clock.now(),
  );
  const keyboard = new InlineKeyboard();
  if (preview.created + preview.updated > 0) {
    keyboard.text(
      ctx.t("imports.confirm"),
      importDecision.build({ action: "ok", token: pending.token }),
    );
  }
  keyboard.text(
    ctx.t("imports.cancel"),
    importDecision.build({ action: "no", token: pending.token }),
  );
  await ctx.reply(
    renderPreview(ctx.t, {
      kindLabel: ctx.t(`imports.kind.${pending.kind}`),
      programName: program?.name ?? "",
      fileName: pending.fileName,
      preview,
      rows: pending.rows.length,
    }),
    { reply_markup: keyboard },
  );
}

/**
 * Downloads the file (streamed, aborted past the byte cap) and has it read and checked in a
 * worker thread. A cap reached gets its polite answer, naming the cap; undefined then, and
 * nothing of the file is kept.
 */
async function readImportFile(
  ctx: BotContext,
  fileId: string,
  check: (content: Buffer) => Promise<ImportResult>,
): Promise<ImportResult | undefined> {
  const { maxFileBytes } = ctx.deps.config.importLimits;
  let content: Buffer;
  try {
    content = await downloadFile(ctx, fileId, maxFileBytes);
  } catch (error) {
    if (error instanceof DownloadTooLargeError) {
      return refuse(ctx, new ImportLimitError("bytes", megabytes(maxFileBytes)));
    }
    ctx.logger.warn({ err: error }, "import.download_failed");
    await ctx.reply(ctx.t("imports.download_failed"));
    return undefined;
  }
  try {
    return await check(content);
  } catch (error) {
    if (error instanceof ImportLimitError) return refuse(ctx, error);
    throw error;
  }
}

async function refuse(ctx: BotContext, error: ImportLimitError): Promise<undefined> {
  ctx.logger.info({ limit: error.limit, max: error.max }, "import.limit_reached");
  await ctx.reply(ctx.t(`imports.limit_${error.limit}`, { max: error.max }));
  return undefined;
}

/** getFile, then the file from `<api root>/file/bot<token>/<path>`, at most `maxBytes`. */
async function downloadFile(ctx: BotContext, fileId: string, maxBytes: number): Promise<Buffer> {
  const file = await ctx.api.getFile(fileId).catch((error: unknown) => {
    // Telegram lets bots download files up to 20 MB; a larger one is refused by getFile.
    if (error instanceof GrammyError && /file is too big/i.test(error.description)) {
      throw new DownloadTooLargeError(maxBytes);
    }
    throw error;
  });
  if (!file.file_path) throw new Error("getFile returned no file_path");
  if (file.file_size !== undefined && file.file_size > maxBytes) {
    throw new DownloadTooLargeError(maxBytes);
  }
  const { telegramApiRoot, botToken } = ctx.deps.config;
  return downloadCapped(`${telegramApiRoot}/file/bot${botToken}/${file.file_path}`, maxBytes);
}
