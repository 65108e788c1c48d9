import { WorkerLimitError } from "../workers/worker-pool.ts";
import type { BotContext } from "./context.ts";

/**
 * Runs a handler's worker-thread jobs; a job stopped by the time, memory or queue cap gets a
 * polite answer (`<feature>.limit_<time|memory|busy>` in locales) instead of an error.
 */
export async function withinWorkerLimits<T>(
  ctx: BotContext,
  feature: "recap" | "documents",
  work: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof WorkerLimitError)) throw error;
    ctx.logger.warn({ limit: error.limit, max: error.max }, `${feature}.limit_reached`);
    await ctx.reply(ctx.t(`${feature}.limit_${error.limit}`, { max: error.max }));
    return undefined;
  }
}
