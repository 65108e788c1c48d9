import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { findProvince } from "../../domain/provinces.ts";
import { formatDateId } from "../../domain/time.ts";
import { escapeHtml } from "../../shared/html.ts";
import { pickProgram } from "../access/pick-program.ts";
import { requireProgramScope, requireRole } from "../access/require-role.ts";
import { telegramFullName } from "../roles/roles.composer.ts";
import { ensureStaffPerson } from "../roles/roles.service.ts";
import { askReturnStart, returnVisitFlow } from "./program-return.flow.ts";
import { newProgramDecision, programProvince, returnVisitPick } from "./program-setup.callbacks.ts";
import {
  acceptProvince,
  askStep,
  type NewProgramData,
  newProgramFlow,
} from "./program-setup.flow.ts";
import { createProgram, type ProgramDraft } from "./program-setup.service.ts";

/** /programbaru (a conversation that creates a program) and /programbalasan (a return visit). */
export function createProgramSetupComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("programbaru", async (ctx) => {
    if (!(await requireRole(ctx, ["admin", "coordinator"]))) return;
    await ctx.flow.start<NewProgramData>(newProgramFlow, "name", {});
    await ctx.reply(ctx.t("program.intro"));
    await askStep(ctx, "name", {});
  });

  composer.callbackQuery(programProvince.filter, async (ctx) => {
    const state = await ctx.flow.current();
    const { code } = programProvince.values(ctx.match);
    if (
      state?.flow !== newProgramFlow ||
      (state.step !== "sending" && state.step !== "host") ||
      !findProvince(code)
    ) {
      await ctx.answerCallbackQuery({ text: ctx.t("fallback.stale_button") });
      return;
    }
    await ctx.answerCallbackQuery();
    await acceptProvince(ctx, state, code);
  });

  composer.callbackQuery(newProgramDecision.filter, async (ctx) => {
    const state = await ctx.flow.current();
    const { action } = newProgramDecision.values(ctx.match);
    const expectedStep = action === "skip" ? "agreement" : "confirm";
    if (state?.flow !== newProgramFlow || state.step !== expectedStep) {
      await ctx.answerCallbackQuery({ text: ctx.t("fallback.stale_button") });
      return;
    }
    // The role is checked again: it may have been revoked while the conversation went on.
    if (!(await requireRole(ctx, ["admin", "coordinator"]))) return;
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    if (action === "skip") {
      await ctx.flow.goto("confirm", { agreementRef: null });
      await askStep(ctx, "confirm", { ...(state.data as NewProgramData), agreementRef: null });
      return;
    }
    await ctx.flow.end();
    if (action === "no") {
      await ctx.reply(ctx.t("flow.cancelled"));
      return;
    }
    const draft = state.data as unknown as ProgramDraft;
    const personId =
      ctx.actor?.personId ??
      (ctx.actor && ctx.from
        ? await ensureStaffPerson(ctx.deps.db, ctx.actor.telegramUserId, telegramFullName(ctx.from))
        : null);
    const program = await createProgram(
      ctx.deps.db,
      { ...draft, agreementRef: draft.agreementRef ?? null },
      { personId, now: ctx.deps.clock.now() },
    );
    ctx.logger.info({ programId: program.id }, "program.created");
    await ctx.reply(
      ctx.t("program.created", {
        name: escapeHtml(program.name),
        start: formatDateId(draft.startDate, ctx.locale),
        end: formatDateId(draft.endDate, ctx.locale),
        id: program.id,
      }),
      { parse_mode: "HTML" },
    );
  });

  composer.command("programbalasan", async (ctx) => {
    if (!(await requireRole(ctx, ["admin", "coordinator"]))) return;
    const programId = await pickProgram(ctx, {
      access: "manage",
      button: (programId) => returnVisitPick.build({ programId }),
    });
    if (!programId) return;
    if (!(await requireProgramScope(ctx, programId, "manage", { wholeProgram: true }))) return;
    await ctx.flow.start(returnVisitFlow, "start", { originalId: programId });
    await askReturnStart(ctx);
  });

  composer.callbackQuery(returnVisitPick.filter, async (ctx) => {
    const { programId } = returnVisitPick.values(ctx.match);
    if (!(await requireProgramScope(ctx, programId, "manage", { wholeProgram: true }))) return;
    await ctx.answerCallbackQuery();
    await ctx.flow.start(returnVisitFlow, "start", { originalId: programId });
    await askReturnStart(ctx);
  });

  return composer;
}
