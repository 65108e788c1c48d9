import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { requirePlacement } from "../shared/participant-placement.ts";
import { loadPlacementView, sendPlacementMessage } from "./placement-notice.service.ts";

/** /penempatan: the placement message again, with the office's map pin. */
export function createPlacementInfoComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("penempatan", async (ctx) => {
    const placement = await requirePlacement(ctx);
    if (!placement || !ctx.chat) return;
    const loaded = await loadPlacementView(
      ctx.deps.db,
      placement.enrollment.id,
      ctx.deps.clock.now(),
    );
    if (!loaded) return;
    await sendPlacementMessage(ctx.api, ctx.chat.id, ctx.t, ctx.locale, loaded);
  });
  return composer;
}
