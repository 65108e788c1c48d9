import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import type { FlowState } from "../../bot/flows.ts";
import { formatDateId, formatTimeWithZone, localDate } from "../../domain/time.ts";
import { escapeHtml } from "../../shared/html.ts";
import { pickProgram } from "../access/pick-program.ts";
import { denyAccess, requireProgramRole } from "../access/require-role.ts";
import { isWholeProgram, type ProgramScope } from "../access/scope.ts";
import {
  broadcastAudience,
  broadcastCancelScheduled,
  broadcastDecision,
  broadcastListPick,
  broadcastProgramPick,
  broadcastUnit,
} from "./broadcast.callbacks.ts";
import {
  askContent,
  askScheduleTime,
  askUnit,
  broadcastFlowName,
  dataOf,
  senderScope,
  showPreview,
  unitsForSender,
} from "./broadcast.flow.ts";
import {
  audienceWithinScope,
  broadcastProgram,
  cancelScheduledAnnouncement,
  findAnnouncement,
  listScheduledAnnouncements,
  queueAnnouncement,
} from "./broadcast.service.ts";
import { type BroadcastAudience, broadcastAudienceSchema } from "./broadcast-content.ts";

const listWords = new Set(["daftar", "list"]);
const MAX_LISTED = 20;

/**
 * The flow state behind a button, when the button belongs to the step the coordinator is at and
 * they still manage the program, with the chosen audience within their scope; otherwise the
 * button is answered as stale or refused (a revoked role also ends the flow).
 */
async function currentStep(
  ctx: BotContext,
  steps: string[],
  audience?: BroadcastAudience,
): Promise<FlowState | undefined> {
  const state = await ctx.flow.current();
  if (state?.flow !== broadcastFlowName || !steps.includes(state.step)) {
    await ctx.answerCallbackQuery({ text: ctx.t("broadcast.stale") });
    return undefined;
  }
  const scope = senderScope(ctx, dataOf(state).programId);
  if (!scope) {
    await ctx.flow.end();
    await denyAccess(ctx);
    return undefined;
  }
  const chosen = audience ?? dataOf(state).audience;
  if (chosen && !audienceWithinScope(scope, chosen)) {
    await denyAccess(ctx, "access.scope_denied");
    return undefined;
  }
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  return state;
}

/** /umumkan: an announcement to a program's participants or staff, now or at a set time. */
export function createBroadcastComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("pengumuman", (ctx) => listCommand(ctx));

  composer.command("umumkan", async (ctx) => {
    if (ctx.chat.type !== "private") {
      await ctx.reply(ctx.t("broadcast.private_only"));
      return;
    }
    if (listWords.has(ctx.match.trim().toLowerCase())) return listCommand(ctx);
    const programId = await pickProgram(ctx, {
      access: "manage",
      button: (programId) => broadcastProgramPick.build({ programId }),
      promptKey: "broadcast.pick_program",
    });
    if (programId) await askContent(ctx, programId);
  });

  composer.callbackQuery(broadcastProgramPick.filter, async (ctx) => {
    const { programId } = broadcastProgramPick.values(ctx.match);
    if (!(await requireProgramRole(ctx, programId, "manage"))) return;
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await askContent(ctx, programId);
  });

  composer.callbackQuery(broadcastAudience.filter, async (ctx) => {
    const { kind } = broadcastAudience.values(ctx.match);
    const state = await currentStep(ctx, ["audience"], kind === "unit" ? undefined : { kind });
    if (!state) return;
    if (kind === "unit") {
      if (await askUnit(ctx, dataOf(state).programId)) await ctx.flow.goto("unit");
      return;
    }
    await showPreview(ctx, dataOf(state), { kind });
  });

  composer.callbackQuery(broadcastUnit.filter, async (ctx) => {
    const { hostUnitId } = broadcastUnit.values(ctx.match);
    const state = await currentStep(ctx, ["unit"]);
    if (!state) return;
    const data = dataOf(state);
    const unit = (await unitsForSender(ctx, data.programId)).find(
      (candidate) => candidate.id === hostUnitId,
    );
    if (!unit) {
      // A unit of another program, or outside the sender's scope (a forged button): ask again
      // among the units the sender may address.
      await askUnit(ctx, data.programId);
      return;
    }
    await showPreview(ctx, data, { kind: "unit", hostUnitId: unit.id }, unit.name);
  });

  composer.callbackQuery(broadcastDecision.filter, async (ctx) => {
    const { decision } = broadcastDecision.values(ctx.match);
    const state = await currentStep(
      ctx,
      decision === "cancel" ? ["audience", "unit", "confirm", "schedule"] : ["confirm"],
    );
    if (!state) return;
    const data = dataOf(state);
    if (decision === "cancel") {
      await ctx.flow.end();
      await ctx.reply(ctx.t("broadcast.cancelled"));
      return;
    }
    if (decision === "schedule") {
      await ctx.flow.goto("schedule");
      await askScheduleTime(ctx, data.programId);
      return;
    }
    const scope = senderScope(ctx, data.programId);
    if (!data.content || !data.audience || !ctx.chat || !scope) return;
    await ctx.flow.end();
    // Posted first so its id goes in with the queued broadcast; the worker's reporter edits it.
    const progress = await ctx.reply(ctx.t("broadcast.preparing"));
    const queued = await queueAnnouncement(
      ctx.deps.db,
      {
        programId: data.programId,
        createdById: ctx.actor?.personId ?? null,
        content: data.content,
        audience: data.audience,
        progressChatId: BigInt(ctx.chat.id),
        progressMessageId: progress.message_id,
        scope,
      },
      ctx.deps.clock.now(),
    );
    ctx.logger.info(
      { broadcast_id: queued.broadcastId, recipients: queued.recipients },
      "broadcast.queued",
    );
  });

  composer.callbackQuery(broadcastListPick.filter, async (ctx) => {
    const { programId } = broadcastListPick.values(ctx.match);
    if (!(await requireProgramRole(ctx, programId, "manage"))) return;
    await ctx.answerCallbackQuery();
    await listScheduled(ctx, programId);
  });

  composer.callbackQuery(broadcastCancelScheduled.filter, async (ctx) => {
    const { broadcastId } = broadcastCancelScheduled.values(ctx.match);
    const broadcast = await findAnnouncement(ctx.deps.db, broadcastId);
    if (!broadcast) {
      await ctx.answerCallbackQuery({ text: ctx.t("broadcast.stale") });
      return;
    }
    if (!(await requireProgramRole(ctx, broadcast.programId, "manage"))) return;
    if (!mayCancel(senderScope(ctx, broadcast.programId), broadcast.createdById, ctx)) {
      await denyAccess(ctx, "access.scope_denied");
      return;
    }
    const cancelled = await cancelScheduledAnnouncement(ctx.deps.db, {
      broadcastId: broadcast.id,
      programId: broadcast.programId,
      actorId: ctx.actor?.personId ?? null,
      now: ctx.deps.clock.now(),
    });
    if (!cancelled) {
      await ctx.answerCallbackQuery({ text: ctx.t("broadcast.scheduled_gone"), show_alert: true });
      return;
    }
    ctx.logger.info({ broadcast_id: broadcast.id }, "broadcast.cancelled_by_coordinator");
    await ctx.answerCallbackQuery({ text: ctx.t("broadcast.scheduled_cancelled") });
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t("broadcast.scheduled_cancelled"));
  });

  return composer;
}

/** Coordinators of the whole program manage every scheduled announcement; others their own. */
function mayCancel(
  scope: ProgramScope | undefined,
  createdById: string | null,
  ctx: BotContext,
): boolean {
  if (!scope) return false;
  return isWholeProgram(scope) || (createdById !== null && createdById === ctx.actor?.personId);
}

/** /pengumuman (or /umumkan daftar): the program's scheduled announcements, each cancellable. */
async function listCommand(ctx: BotContext): Promise<void> {
  const programId = await pickProgram(ctx, {
    access: "manage",
    button: (programId) => broadcastListPick.build({ programId }),
    promptKey: "broadcast.pick_program",
  });
  if (programId) await listScheduled(ctx, programId);
}

async function listScheduled(ctx: BotContext, programId: string): Promise<void> {
  const scope = senderScope(ctx, programId);
  const program = await broadcastProgram(ctx.deps.db, programId);
  if (!scope || !program) return;
  const rows = (await listScheduledAnnouncements(ctx.deps.db, programId, MAX_LISTED)).filter(
    (row) => mayCancel(scope, row.createdById, ctx),
  );
  if (rows.length === 0) {
    await ctx.reply(ctx.t("broadcast.scheduled_none", { program: escapeHtml(program.name) }), {
      parse_mode: "HTML",
    });
    return;
  }
  const { timeZone, zone } = program.hostProvince;
  const keyboard = new InlineKeyboard();
  const lines = rows.map((row, index) => {
    keyboard.text(
      ctx.t("broadcast.scheduled_cancel_button", { n: index + 1 }),
      broadcastCancelScheduled.build({ broadcastId: row.id }),
    );
    if (index % 3 === 2) keyboard.row();
    const at = row.scheduledFor ?? new Date(0);
    const audience = broadcastAudienceSchema.safeParse(row.audience);
    const summary = row.text ? row.text.replace(/\s+/g, " ").slice(0, 60) : `[${row.contentKind}]`;
    return ctx.t("broadcast.scheduled_line", {
      n: index + 1,
      date: formatDateId(localDate(at, timeZone), ctx.locale),
      time: formatTimeWithZone(at, timeZone, zone),
      audience: audience.success ? ctx.t(`broadcast.audience_${audience.data.kind}`) : "-",
      summary: escapeHtml(summary),
    });
  });
  await ctx.reply(
    [ctx.t("broadcast.scheduled_title", { program: escapeHtml(program.name) }), "", ...lines].join(
      "\n",
    ),
    { parse_mode: "HTML", reply_markup: keyboard },
  );
}
