import type { Middleware } from "grammy";
import { isValidReportedLocation } from "../../domain/geo.ts";
import type { BotContext } from "../context.ts";

/**
 * Refuses malformed input before any handler: a location whose coordinates are not finite or
 * out of range (latitude 1e308, longitude 3e57), or whose accuracy is not a finite 0…1500 m,
 * gets a polite "lokasi tidak valid" in the user's language. An edited (live) location that is
 * malformed is dropped quietly (answering each edit would flood the chat), and so is one in a
 * group or channel, where the bot answers no locations anyway.
 */
export function inputSanity(): Middleware<BotContext> {
  return async (ctx, next) => {
    const message = ctx.message ?? ctx.channelPost;
    const location = message?.location ?? message?.venue?.location;
    if (location && !isValidReportedLocation(location)) {
      ctx.logger.info("input.location_invalid");
      if (ctx.chat?.type === "private") await ctx.reply(ctx.t("input.location_invalid"));
      return;
    }
    const edited = ctx.editedMessage?.location;
    if (edited && !isValidReportedLocation(edited)) {
      ctx.logger.info("input.edited_location_invalid");
      return;
    }
    await next();
  };
}
