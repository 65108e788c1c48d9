import { type Bot, GrammyError, HttpError } from "grammy";
import { backoffDelay, sleep } from "../shared/sleep.ts";
import type { BotContext } from "./context.ts";
import { networkReason } from "./telegram-retry.ts";

/** Waits between start-up attempts: doubling from 2 s, never more than 60 s. */
export const connectBackoff = { firstDelaySeconds: 2, maxDelaySeconds: 60 } as const;

/** Telegram answered 401/404 to getMe: the token is wrong or revoked. Retrying cannot help. */
export class TelegramTokenRefusedError extends Error {
  override name = "TelegramTokenRefusedError";
  constructor(readonly errorCode: number) {
    super(
      `Tandang cannot start: Telegram refused the bot token (${errorCode}); check BOT_TOKEN, or get a new token from @BotFather (/mybots → API Token) / Telegram menolak token bot; periksa BOT_TOKEN atau minta token baru dari @BotFather`,
    );
  }
}

export function unreachableLine(apiRoot: string, reason: string, delaySeconds: number): string {
  return `Telegram tidak dapat dihubungi / cannot reach Telegram at ${apiRoot}: ${reason}; retrying in ${delaySeconds} s`;
}

/**
 * The first call to Telegram (getMe). Unreachable (network, 5xx, 429): one line per attempt and
 * another attempt after a capped backoff, until it answers or `signal` aborts. Token refused:
 * throws TelegramTokenRefusedError (one line, exit non-zero in main.ts). With botInfo known
 * (tests, benchmarks) there is nothing to check.
 */
export async function connectToTelegram(
  bot: Bot<BotContext>,
  options: {
    apiRoot: string;
    print: (line: string) => void;
    signal?: AbortSignal;
    backoff?: { firstDelaySeconds: number; maxDelaySeconds: number };
  },
): Promise<void> {
  const backoff = options.backoff ?? connectBackoff;
  for (let attempt = 0; ; attempt++) {
    try {
      if (bot.isInited()) return;
      // Not bot.init(): it retries network failures forever, silently.
      bot.botInfo = await bot.api.getMe(options.signal as Parameters<typeof bot.api.getMe>[0]);
      return;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
        throw new TelegramTokenRefusedError(error.error_code);
      }
      const unreachable =
        error instanceof HttpError ||
        (error instanceof GrammyError && (error.error_code >= 500 || error.error_code === 429));
      if (!unreachable) throw error;
      const delay =
        backoffDelay(attempt, backoff.firstDelaySeconds * 1000, backoff.maxDelaySeconds * 1000) /
        1000;
      const reason =
        error instanceof GrammyError
          ? `${error.error_code} ${error.description}`
          : networkReason(error);
      options.print(unreachableLine(options.apiRoot, reason, delay));
      await sleep(delay * 1000, options.signal);
    }
  }
}
