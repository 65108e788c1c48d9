import type { Middleware } from "grammy";
import type { BotContext } from "../context.ts";
import type { FlowDefinition } from "../flows.ts";

/**
 * Hands a private message that is not a command to the step of the flow the user is in.
 * Commands pass by, so /batal, /bahasa and /help work in the middle of a flow.
 */
export function dispatchFlows(flows: FlowDefinition[]): Middleware<BotContext> {
  const byName = new Map(flows.map((flow) => [flow.name, flow]));
  return async (ctx, next) => {
    if (ctx.chat?.type !== "private" || !ctx.message || isCommand(ctx)) return next();
    const state = await ctx.flow.current();
    if (!state) return next();
    const step = byName.get(state.flow)?.steps[state.step];
    if (!step) {
      ctx.logger.warn({ flow: state.flow, step: state.step }, "flow.unknown_step");
      await ctx.flow.end();
      return next();
    }
    await step(ctx, state);
  };
}

function isCommand(ctx: BotContext): boolean {
  return ctx.message?.entities?.[0]?.type === "bot_command" && ctx.message.entities[0].offset === 0;
}
