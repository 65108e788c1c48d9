import { setTimeout as delay } from "node:timers/promises";
import { ApiError, methodNotFound } from "./api-error.ts";
import type { MethodCall } from "./method-types.ts";
import { METHODS } from "./methods.ts";
import type { MultipartFile } from "./multipart.ts";
import type { ServerState } from "./state.ts";
import type { ChatId, SentRecord, TgMessage } from "./types.ts";

export type InvokeOutcome =
  | { type: "ok"; result: unknown }
  | { type: "error"; error: ApiError }
  | { type: "drop-connection" };

export interface InvokeRequest {
  method: string;
  params: Record<string, unknown>;
  files?: MultipartFile[];
  signal?: AbortSignal;
}

/**
 * Runs one Bot API call: counts it, applies an armed fault, dispatches to the handler and
 * records bot→chat calls with their outcome. Transport-free, so webhook replies reuse it.
 */
export async function invoke(state: ServerState, request: InvokeRequest): Promise<InvokeOutcome> {
  const definition = METHODS.get(request.method.toLowerCase());
  if (definition === undefined) return { type: "error", error: methodNotFound() };
  const call: MethodCall = {
    method: definition.name,
    params: request.params,
    files: request.files ?? [],
    signal: request.signal,
    uploads: [],
  };
  state.recorder.countRequest(definition.name);
  state.recorder.notifyChange();
  const chatId = recordedChatId(state, request.params.chat_id);
  const outcome = await run(state, call, definition.handler, chatId);
  if (definition.recorded) record(state, call, chatId, outcome);
  state.recorder.notifyChange();
  return outcome;
}

async function run(
  state: ServerState,
  call: MethodCall,
  handler: (state: ServerState, call: MethodCall) => unknown,
  chatId: ChatId | string | undefined,
): Promise<InvokeOutcome> {
  const fault = state.faults.take(call.method, chatId);
  if (fault?.type === "drop-connection") return fault;
  if (fault?.type === "error") return { type: "error", error: fault.error };
  if (fault?.type === "delay") await delay(fault.ms);
  try {
    return { type: "ok", result: await handler(state, call) };
  } catch (error) {
    if (error instanceof ApiError) return { type: "error", error };
    // A bug in the fake should be loud in the test that hit it, not a hang.
    const reason = error instanceof Error ? error.message : String(error);
    return { type: "error", error: new ApiError(500, `Internal Server Error: ${reason}`) };
  }
}

function recordedChatId(state: ServerState, raw: unknown): ChatId | string | undefined {
  try {
    return state.chats.parseChatId(raw);
  } catch {
    return typeof raw === "string" ? raw : undefined;
  }
}

function isMessage(value: unknown): value is TgMessage {
  return typeof value === "object" && value !== null && "message_id" in value && "chat" in value;
}

function record(
  state: ServerState,
  call: MethodCall,
  chatId: ChatId | string | undefined,
  outcome: InvokeOutcome,
): void {
  const entry: Omit<SentRecord, "seq" | "at"> = {
    method: call.method,
    chat_id: chatId ?? "",
    payload: call.params,
    ok: outcome.type === "ok",
  };
  if (outcome.type === "error") {
    entry.error = {
      error_code: outcome.error.errorCode,
      description: outcome.error.description,
    };
    if (outcome.error.retryAfter !== undefined) entry.error.retry_after = outcome.error.retryAfter;
  } else if (outcome.type === "drop-connection") {
    entry.error = { error_code: 0, description: "connection dropped by injected network fault" };
  }
  const message =
    call.createdMessage ??
    (outcome.type === "ok" && isMessage(outcome.result) ? outcome.result : undefined);
  if (message) {
    entry.message = message;
    entry.message_id = message.message_id;
    const text = message.text ?? message.caption;
    if (text !== undefined) entry.text = text;
  } else {
    const messageId = Number(call.params.message_id);
    if (Number.isInteger(messageId)) entry.message_id = messageId;
  }
  if (call.uploads.length > 0) entry.uploads = call.uploads;
  state.recorder.add(entry);
}
