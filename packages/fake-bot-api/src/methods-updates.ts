import { badRequest, conflict } from "./api-error.ts";
import type { MethodCall } from "./method-types.ts";
import { optionalBoolean, optionalNumber, optionalObject, optionalString } from "./params.ts";
import type { ServerState } from "./state.ts";
import type { TgUpdate, TgWebhookInfo } from "./types.ts";

const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
const WEBHOOK_ACTIVE =
  "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";

export function getUpdates(state: ServerState, call: MethodCall): Promise<TgUpdate[]> | TgUpdate[] {
  if (state.webhook.active) throw conflict(WEBHOOK_ACTIVE);
  const { params } = call;
  const limit = Math.min(100, Math.max(1, Math.trunc(optionalNumber(params, "limit") ?? 100)));
  const timeoutSeconds = Math.max(0, optionalNumber(params, "timeout") ?? 0);
  return state.poll.getUpdates(
    { offset: optionalNumber(params, "offset"), limit, timeoutSeconds },
    call.signal,
  );
}

export function setWebhook(state: ServerState, { params }: MethodCall): true {
  const url = optionalString(params, "url") ?? "";
  if (optionalBoolean(params, "drop_pending_updates")) state.queue.clear();
  if (url === "") {
    state.webhook.unset();
    return true;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest("bad webhook: invalid URL");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw badRequest("bad webhook: unsupported URL protocol");
  }
  const secretToken = optionalString(params, "secret_token");
  if (secretToken !== undefined && !SECRET_TOKEN.test(secretToken)) {
    throw badRequest("bad webhook: secret token contains unallowed characters");
  }
  const maxConnections = Math.min(
    100,
    Math.max(1, optionalNumber(params, "max_connections") ?? 40),
  );
  state.poll.terminateWaiting(conflict(WEBHOOK_ACTIVE));
  state.webhook.set({
    url,
    secretToken,
    maxConnections,
    allowedUpdates: optionalObject<string[]>(params, "allowed_updates"),
  });
  return true;
}

export function deleteWebhook(state: ServerState, { params }: MethodCall): true {
  if (optionalBoolean(params, "drop_pending_updates")) state.queue.clear();
  state.webhook.unset();
  return true;
}

export function getWebhookInfo(state: ServerState): TgWebhookInfo {
  return state.webhook.info();
}
