import { badRequest } from "./api-error.ts";
import type { MethodCall } from "./method-types.ts";
import { optionalObject, optionalString, type Params } from "./params.ts";
import type { ServerState } from "./state.ts";
import type { TgBotCommand, TgUser } from "./types.ts";

const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;

export function getMe(state: ServerState): TgUser {
  return state.botUser;
}

/** Commands are kept per scope and language, as setMyCommands documents. */
export function commandsKey(scope: unknown, languageCode: string | undefined): string {
  return `${JSON.stringify(scope ?? { type: "default" })}|${languageCode ?? ""}`;
}

function keyOf(params: Params): string {
  return commandsKey(optionalObject(params, "scope"), optionalString(params, "language_code"));
}

export function setMyCommands(state: ServerState, { params }: MethodCall): true {
  const commands = optionalObject<TgBotCommand[]>(params, "commands");
  if (!Array.isArray(commands)) throw badRequest("can't parse commands JSON object");
  if (commands.length > 100) throw badRequest("too many commands");
  for (const entry of commands) {
    if (!COMMAND_NAME.test(String(entry?.command))) throw badRequest("BOT_COMMAND_INVALID");
    const description = String(entry?.description ?? "");
    if (description.length < 1 || description.length > 256) {
      throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
    }
  }
  state.commands.set(
    keyOf(params),
    commands.map(({ command, description }) => ({ command, description })),
  );
  return true;
}

export function getMyCommands(state: ServerState, { params }: MethodCall): TgBotCommand[] {
  return state.commands.get(keyOf(params)) ?? [];
}

export function deleteMyCommands(state: ServerState, { params }: MethodCall): true {
  state.commands.delete(keyOf(params));
  return true;
}

export function setChatMenuButton(state: ServerState, { params }: MethodCall): true {
  const key = optionalString(params, "chat_id") ?? "default";
  state.menuButtons.set(key, optionalObject(params, "menu_button") ?? { type: "default" });
  return true;
}

export function getChatMenuButton(state: ServerState, { params }: MethodCall): unknown {
  const key = optionalString(params, "chat_id") ?? "default";
  return state.menuButtons.get(key) ?? state.menuButtons.get("default") ?? { type: "default" };
}
