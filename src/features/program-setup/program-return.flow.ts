import type { BotContext } from "../../bot/context.ts";
import type { FlowDefinition } from "../../bot/flows.ts";
import { addDays, formatDateId } from "../../domain/time.ts";
import { parseDateInput } from "../../imports/cells.ts";
import { escapeHtml } from "../../shared/html.ts";
import { isWholeProgram, resolveProgramScope } from "../access/scope.ts";
import { telegramFullName } from "../roles/roles.composer.ts";
import { ensureStaffPerson } from "../roles/roles.service.ts";
import { createReturnVisit, findProgram } from "./program-setup.service.ts";

export const returnVisitFlow = "program-return";

interface ReturnData {
  originalId: string;
}

export async function askReturnStart(ctx: BotContext): Promise<void> {
  await ctx.reply(ctx.t("program.return_ask_start"));
}

export function createReturnVisitFlow(): FlowDefinition {
  return {
    name: returnVisitFlow,
    steps: {
      start: async (ctx, state) => {
        const { originalId } = state.data as unknown as ReturnData;
        const original = await findProgram(ctx.deps.db, originalId);
        // Access may have been revoked since the flow began: check again before writing.
        const scope = resolveProgramScope(ctx.actor, originalId, "manage");
        if (!original || !scope || !isWholeProgram(scope)) {
          await ctx.flow.end();
          await ctx.reply(ctx.t("access.denied"));
          return;
        }
        const text = ctx.message?.text?.trim().slice(0, 20) ?? "";
        const shift = /^\+(\d{1,4})$/.exec(text)?.[1];
        const startDate = shift
          ? addDays(original.startDate.toISOString().slice(0, 10), Number(shift))
          : parseDateInput(text);
        if (!startDate) {
          await ctx.reply(ctx.t("program.bad_date"));
          await askReturnStart(ctx);
          return;
        }
        const personId =
          ctx.actor?.personId ??
          (ctx.from && ctx.actor
            ? await ensureStaffPerson(
                ctx.deps.db,
                ctx.actor.telegramUserId,
                telegramFullName(ctx.from),
              )
            : null);
        const program = await createReturnVisit(ctx.deps.db, {
          originalId,
          name: ctx.t("program.return_name", { name: original.name }).slice(0, 200),
          startDate,
          personId,
          now: ctx.deps.clock.now(),
        });
        await ctx.flow.end();
        if (!program) return;
        ctx.logger.info({ programId: program.id, originalId }, "program.return_visit_created");
        await ctx.reply(
          ctx.t("program.return_created", {
            name: escapeHtml(program.name),
            start: formatDateId(program.startDate.toISOString().slice(0, 10), ctx.locale),
            end: formatDateId(program.endDate.toISOString().slice(0, 10), ctx.locale),
            id: program.id,
          }),
          { parse_mode: "HTML" },
        );
      },
    },
  };
}
