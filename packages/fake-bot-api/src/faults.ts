import {
  type ApiError,
  blockedByUser,
  chatNotFound,
  internalError,
  tooManyRequests,
  userDeactivated,
} from "./api-error.ts";
import type { ChatId, FaultHandle, FaultSpec } from "./types.ts";

/** What an injected fault does to the call it hits. */
export type FaultEffect =
  | { type: "error"; error: ApiError }
  | { type: "delay"; ms: number }
  | { type: "drop-connection" };

interface ActiveFault {
  spec: FaultSpec;
  method: string | undefined;
  remaining: number;
  hits: number;
}

const DEFAULT_SLOW_MS = 2000;

/**
 * Faults a test arms ahead of calls. A fault without `method` skips getUpdates, so that arming
 * "the next send fails" does not break the bot's polling loop instead.
 */
export class FaultRegistry {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): FaultHandle {
    const fault: ActiveFault = {
      spec,
      method: spec.method?.toLowerCase(),
      remaining: spec.times ?? 1,
      hits: 0,
    };
    this.faults.push(fault);
    return {
      get remaining() {
        return fault.remaining;
      },
      get hits() {
        return fault.hits;
      },
      clear: () => {
        fault.remaining = 0;
        this.faults = this.faults.filter((candidate) => candidate !== fault);
      },
    };
  }

  clear(): void {
    for (const fault of this.faults) fault.remaining = 0;
    this.faults = [];
  }

  /** Consumes one use of the first fault matching the call and says what to do. */
  take(method: string, chatId: ChatId | string | undefined): FaultEffect | undefined {
    if (this.faults.length === 0) return undefined;
    const lowerMethod = method.toLowerCase();
    const fault = this.faults.find((candidate) => matches(candidate, lowerMethod, chatId));
    if (!fault) return undefined;
    fault.remaining--;
    fault.hits++;
    if (fault.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return effectOf(fault.spec);
  }
}

function matches(fault: ActiveFault, method: string, chatId: ChatId | string | undefined): boolean {
  if (fault.remaining <= 0) return false;
  if (fault.method !== undefined ? fault.method !== method : method === "getupdates") return false;
  if (fault.spec.chatId !== undefined && String(fault.spec.chatId) !== String(chatId)) return false;
  return true;
}

function effectOf(spec: FaultSpec): FaultEffect {
  switch (spec.kind) {
    case "429":
      return { type: "error", error: tooManyRequests(spec.retryAfter ?? 1) };
    case "5xx":
      return { type: "error", error: internalError() };
    case "403-blocked":
      return { type: "error", error: blockedByUser() };
    case "403-deactivated":
      return { type: "error", error: userDeactivated() };
    case "400-chat-not-found":
      return { type: "error", error: chatNotFound() };
    case "slow":
      return { type: "delay", ms: spec.delayMs ?? DEFAULT_SLOW_MS };
    case "network":
      return { type: "drop-connection" };
  }
}
