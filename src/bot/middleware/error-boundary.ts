import type { Middleware } from "grammy";
import { translatorFor } from "../../i18n/i18n.ts";
import type { BotContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { createErrorReference, isDatabaseUnavailable, RetryLaterError } from "../errors.ts";

/**
 * Wraps everything after it: a failing handler gives the user a short apology with a reference
 * code and a log line with the same code; the bot keeps running. When the database is down the
 * error goes up instead, so the update stays in the inbox and is handled again later.
 */
export function errorBoundary(deps: AppDeps): Middleware<BotContext> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        throw new RetryLaterError("database unavailable", { cause: error });
      }
      const ref = createErrorReference();
      const logger = ctx.logger ?? deps.logger;
      logger.error({ err: error, ref, update_id: ctx.update.update_id }, "update.failed");
      const t = ctx.t ?? translatorFor(deps.i18n, deps.config.defaultLocale);
      await apologise(ctx, t("errors.generic", { ref }), logger);
    }
  };
}

async function apologise(ctx: BotContext, text: string, logger: BotContext["logger"]) {
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
    if (ctx.chat) await ctx.reply(text);
  } catch (error) {
    logger.warn({ err: error }, "update.apology_failed");
  }
}
