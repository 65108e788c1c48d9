import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import type { FlowState } from "../../bot/flows.ts";
import { findHostUnitsOfProgram } from "../../db/repositories/broadcasts.repository.ts";
import { canManageProgram } from "../access/access.ts";
import { pickProgram, programPickPattern } from "../access/pick-program.ts";
import { denyAccess, requireProgramRole } from "../access/require-role.ts";
import {
  askContent,
  askScheduleTime,
  askUnit,
  broadcastFlowName,
  dataOf,
  showPreview,
} from "./broadcast.flow.ts";
import { queueAnnouncement } from "./broadcast.service.ts";
import type { BroadcastAudience } from "./broadcast-content.ts";

const programPrefix = "bc:prog";
const audienceCallback = /^bc:aud:(all|unit|absent|coordinators|officials)$/;
const unitCallback = /^bc:unit:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const decisionCallback = /^bc:(send|schedule|cancel)$/;

/**
 * The flow state behind a button, when the button belongs to the step the coordinator is at and
 * they still manage the program; otherwise the button is answered as stale or refused.
 */
async function currentStep(ctx: BotContext, steps: string[]): Promise<FlowState | undefined> {
  const state = await ctx.flow.current();
  if (state?.flow !== broadcastFlowName || !steps.includes(state.step)) {
    await ctx.answerCallbackQuery({ text: ctx.t("broadcast.stale") });
    return undefined;
  }
  if (!canManageProgram(ctx.actor, dataOf(state).programId)) {
    await ctx.flow.end();
    await denyAccess(ctx);
    return undefined;
  }
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  return state;
}

/** /umumkan: an announcement to a program's participants or staff, now or at a set time. */
export function createBroadcastComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("umumkan", async (ctx) => {
    if (ctx.chat.type !== "private") {
      await ctx.reply(ctx.t("broadcast.private_only"));
      return;
    }
    const programId = await pickProgram(ctx, {
      access: "manage",
      callbackPrefix: programPrefix,
      promptKey: "broadcast.pick_program",
    });
    if (programId) await askContent(ctx, programId);
  });

  composer.callbackQuery(programPickPattern(programPrefix), async (ctx) => {
    const programId = ctx.match[1] ?? "";
    if (!(await requireProgramRole(ctx, programId, "manage"))) return;
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await askContent(ctx, programId);
  });

  composer.callbackQuery(audienceCallback, async (ctx) => {
    const state = await currentStep(ctx, ["audience"]);
    if (!state) return;
    const kind = ctx.match[1] as Exclude<BroadcastAudience["kind"], "unit"> | "unit";
    if (kind === "unit") {
      if (await askUnit(ctx, dataOf(state).programId)) await ctx.flow.goto("unit");
      return;
    }
    await showPreview(ctx, dataOf(state), { kind });
  });

  composer.callbackQuery(unitCallback, async (ctx) => {
    const state = await currentStep(ctx, ["unit"]);
    if (!state) return;
    const data = dataOf(state);
    const unit = (await findHostUnitsOfProgram(ctx.deps.db, data.programId)).find(
      (candidate) => candidate.id === ctx.match[1],
    );
    if (!unit) {
      // A unit of another program (a forged button): ask again among this program's units.
      await askUnit(ctx, data.programId);
      return;
    }
    await showPreview(ctx, data, { kind: "unit", hostUnitId: unit.id }, unit.name);
  });

  composer.callbackQuery(decisionCallback, async (ctx) => {
    const decision = ctx.match[1];
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
    if (!data.content || !data.audience || !ctx.chat) return;
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
      },
      ctx.deps.clock.now(),
    );
    ctx.logger.info(
      { broadcast_id: queued.broadcastId, recipients: queued.recipients },
      "broadcast.queued",
    );
  });

  return composer;
}
