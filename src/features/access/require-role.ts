import type { RoleName } from "../../bot/actor.ts";
import { hasRole } from "../../bot/actor.ts";
import type { BotContext } from "../../bot/context.ts";
import { canManageProgram, canViewProgram } from "./access.ts";
import { isWholeProgram, type ProgramScope, resolveProgramScope, type ScopeNeed } from "./scope.ts";

/** "manage": administrators and the program's coordinators; "view": also officials and mentors. */
export type ProgramAccess = "manage" | "view";

/** The polite refusal, as an alert on a button or as a message; nothing else happens. */
export async function denyAccess(ctx: BotContext, key = "access.denied"): Promise<void> {
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text: ctx.t(key), show_alert: true });
    return;
  }
  await ctx.reply(ctx.t(key));
}

export function holdsAnyRole(ctx: BotContext, roles: RoleName[]): boolean {
  return roles.some((role) => hasRole(ctx.actor, role));
}

/** For commands not tied to one program yet (e.g. /programbaru): true, or refuses and false. */
export async function requireRole(ctx: BotContext, roles: RoleName[]): Promise<boolean> {
  if (holdsAnyRole(ctx, roles)) return true;
  await denyAccess(ctx);
  return false;
}

export function mayAccessProgram(
  ctx: BotContext,
  programId: string,
  access: ProgramAccess,
): boolean {
  return access === "manage"
    ? canManageProgram(ctx.actor, programId)
    : canViewProgram(ctx.actor, programId);
}

/**
 * Server-side check for every command and button that names a program (callback data can be
 * forged): true when allowed, otherwise the user gets the polite refusal and false.
 */
export async function requireProgramRole(
  ctx: BotContext,
  programId: string,
  access: ProgramAccess = "manage",
): Promise<boolean> {
  if (mayAccessProgram(ctx, programId, access)) return true;
  await denyAccess(ctx);
  return false;
}

/**
 * The actor's scope in the program, or a polite refusal and undefined. With `wholeProgram`, an
 * actor limited to some host units is refused too (the action concerns the whole program).
 */
export async function requireProgramScope(
  ctx: BotContext,
  programId: string,
  need: ScopeNeed,
  options: { wholeProgram?: boolean } = {},
): Promise<ProgramScope | undefined> {
  const scope = resolveProgramScope(ctx.actor, programId, need);
  if (!scope) {
    await denyAccess(ctx);
    return undefined;
  }
  if (options.wholeProgram && !isWholeProgram(scope)) {
    await denyAccess(ctx, "access.whole_program_only");
    return undefined;
  }
  return scope;
}
