import type { Middleware } from "grammy";
import { touchAccount } from "../../db/repositories/accounts.repository.ts";
import { isLocale, translatorFor } from "../../i18n/i18n.ts";
import type { Actor } from "../actor.ts";
import type { BotContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { createFlowControl } from "../flows.ts";

/** First middleware: dependencies, a per-update logger, the actor, its language and flow state. */
export function attachContext(deps: AppDeps): Middleware<BotContext> {
  return async (ctx, next) => {
    ctx.deps = deps;
    ctx.logger = deps.logger.child({ update_id: ctx.update.update_id });
    ctx.actor = ctx.from && !ctx.from.is_bot ? await loadActor(deps, ctx.from) : undefined;
    ctx.locale = isLocale(ctx.actor?.locale) ? ctx.actor.locale : deps.config.defaultLocale;
    ctx.t = translatorFor(deps.i18n, ctx.locale);
    ctx.flow = createFlowControl(deps.db, ctx.from?.id, () => deps.clock.now());
    await next();
  };
}

async function loadActor(
  deps: AppDeps,
  from: { id: number; first_name: string; username?: string },
): Promise<Actor> {
  const telegramUserId = BigInt(from.id);
  const account = await touchAccount(
    deps.db,
    { telegramUserId, firstName: from.first_name, username: from.username },
    deps.clock.now(),
  );
  return {
    telegramUserId,
    personId: account.personId,
    locale: account.locale,
    isAdmin: deps.config.adminTelegramIds.includes(telegramUserId),
    grants:
      account.person?.roles.map((grant) => ({
        role: grant.role,
        programId: grant.programId,
        hostUnitId: grant.hostUnitId,
        side: grant.side,
      })) ?? [],
  };
}

/** Switches the language for the rest of this update (after /bahasa). */
export function useLocale(ctx: BotContext, locale: "id" | "en"): void {
  ctx.locale = locale;
  ctx.t = translatorFor(ctx.deps.i18n, locale);
}
