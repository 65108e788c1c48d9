import { InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { listOpenPrograms } from "../../db/repositories/programs.repository.ts";
import { staffProgramIds } from "./access.ts";
import { denyAccess, mayAccessProgram, type ProgramAccess } from "./require-role.ts";

export interface PickProgramOptions {
  access: ProgramAccess;
  /**
   * The callback data of the button for a program, built with the feature's definition
   * (src/bot/callback-data.ts), e.g. `(programId) => daysOffPick.build({ programId })`. The
   * feature handles it with that definition's filter and must re-check access with
   * requireProgramRole.
   */
  button: (programId: string) => string;
  /** Locale key of the question above the buttons. */
  promptKey?: string;
}

/** The programs the user may reach with this access, newest first. */
export async function programsFor(ctx: BotContext, access: ProgramAccess) {
  const ids = staffProgramIds(ctx.actor);
  const programs = await listOpenPrograms(ctx.deps.db, ids);
  return programs.filter((program) => mayAccessProgram(ctx, program.id, access));
}

/**
 * "Their program" for a command: the only one when there is one; otherwise buttons to choose
 * (returns undefined, the feature continues in its callback handler); none: a polite answer.
 */
export async function pickProgram(
  ctx: BotContext,
  options: PickProgramOptions,
): Promise<string | undefined> {
  const programs = await programsFor(ctx, options.access);
  if (programs.length === 0) {
    await denyAccess(ctx, "access.no_program");
    return undefined;
  }
  const [only] = programs;
  if (programs.length === 1 && only) return only.id;
  const keyboard = new InlineKeyboard();
  for (const program of programs) {
    keyboard.text(truncate(program.name, 48), options.button(program.id)).row();
  }
  await ctx.reply(ctx.t(options.promptKey ?? "access.pick_program"), { reply_markup: keyboard });
  return undefined;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
