import { GrammyError, HttpError } from "grammy";

/** What to do with a message after Telegram's answer. */
export type SendOutcome =
  | { type: "sent"; messageId: number | null }
  | { type: "rate-limited"; retryAfterSeconds: number; error: string }
  | { type: "retry"; error: string }
  | { type: "unreachable"; error: string }
  | { type: "failed"; error: string };

const unreachableDescriptions = [
  /chat not found/i,
  /user not found/i,
  /PEER_ID_INVALID/i,
  /bot was blocked/i,
  /user is deactivated/i,
  /bot was kicked/i,
  /bot is not a member/i,
];

/**
 * Branches on error_code first (as Telegram intends), the description only to tell a missing
 * chat from other 400s: 403 and "chat not found" mean nobody will ever read it, 5xx and network
 * failures may pass later, and any other 4xx is our own mistake that a retry would repeat.
 */
export function classifySendError(error: unknown): SendOutcome {
  if (error instanceof GrammyError) {
    const description = error.description;
    if (error.error_code === 429) {
      const retryAfter = error.parameters.retry_after ?? 1;
      return {
        type: "rate-limited",
        retryAfterSeconds: Math.max(1, retryAfter),
        error: description,
      };
    }
    if (error.error_code >= 500) return { type: "retry", error: description };
    if (error.error_code === 403) return { type: "unreachable", error: description };
    if (error.error_code === 400 && unreachableDescriptions.some((p) => p.test(description))) {
      return { type: "unreachable", error: description };
    }
    return { type: "failed", error: description };
  }
  if (error instanceof HttpError) return { type: "retry", error: error.message };
  return { type: "retry", error: error instanceof Error ? error.message : String(error) };
}
