import { badRequest } from "./api-error.ts";
import type { MethodCall } from "./method-types.ts";
import { targetChat } from "./send-pipeline.ts";
import type { ServerState } from "./state.ts";

export function getChat(state: ServerState, { params }: MethodCall): Record<string, unknown> {
  const chat = targetChat(state, params);
  return { ...chat, accent_color_id: 0, max_reaction_count: 11 };
}

export function leaveChat(state: ServerState, { params }: MethodCall): true {
  const chat = targetChat(state, params);
  if (chat.type === "private") {
    throw badRequest("chat member status can't be changed in private chats");
  }
  state.chats.markLeft(chat.id);
  return true;
}
