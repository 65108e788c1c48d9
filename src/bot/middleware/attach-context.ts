import type { Middleware } from "grammy";
import { touchAccount } from "../../db/repositories/accounts.repository.ts";
import { loadUpdateContext } from "../../db/repositories/update-context.repository.ts";
import { isLocale, translatorFor } from "../../i18n/i18n.ts";
import type { Actor } from "../actor.ts";
import type { BotContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { createFlowControl, flowKey } from "../flows.ts";

/** First middleware: dependencies, a per-update logger, the actor, its language and flow state. */
export function attachContext(deps: AppDeps): Middleware<BotContext> {
  return async (ctx, next) => {
    ctx.deps = deps;
    ctx.logger = deps.logger.child({ update_id: ctx.update.update_id });
    const loaded = ctx.from && !ctx.from.is_bot ? await loadActor(deps, ctx.from) : undefined;
    ctx.actor = loaded?.actor;
    ctx.locale = isLocale(ctx.actor?.locale) ? ctx.actor.locale : deps.config.defaultLocale;
    ctx.t = translatorFor(deps.i18n, ctx.locale);
    const store = { db: deps.db, now: () => deps.clock.now(), logger: ctx.logger };
    ctx.flow = createFlowControl(store, ctx.from?.id, loaded?.flow);
    await next();
  };
}

/** The actor and, for a known account, its flow state: one query on the hot path. */
async function loadActor(
  deps: AppDeps,
  from: { id: number; first_name: string; username?: string },
): Promise<{
  actor: Actor;
  flow?: { stored: { value: unknown; updatedAt: Date | null } | undefined };
}> {
  const telegramUserId = BigInt(from.id);
  const isAdmin = deps.config.adminTelegramIds.includes(telegramUserId);
  const known = await loadUpdateContext(
    deps.db,
    telegramUserId,
    flowKey(from.id),
    deps.clock.now(),
  );
  if (known) {
    return {
      actor: {
        telegramUserId,
        personId: known.personId,
        locale: known.locale,
        isAdmin,
        grants: known.grants,
      },
      flow: {
        stored:
          known.state === null
            ? undefined
            : { value: known.state, updatedAt: known.stateUpdatedAt },
      },
    };
  }
  return { actor: await createActor(deps, telegramUserId, isAdmin, from) };
}

/** First contact: creates the account (a race with a parallel update is an upsert). */
async function createActor(
  deps: AppDeps,
  telegramUserId: bigint,
  isAdmin: boolean,
  from: { first_name: string; username?: string },
): Promise<Actor> {
  const account = await touchAccount(
    deps.db,
    { telegramUserId, firstName: from.first_name, username: from.username },
    deps.clock.now(),
  );
  return {
    telegramUserId,
    personId: account.personId,
    locale: account.locale,
    isAdmin,
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
