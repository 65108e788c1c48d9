import type { FakeBotApi, SentRecord } from "@tandang/fake-bot-api";

export const benchToken = "123456789:BENCH-token_for-the-fake-api";

/** Environment for the bot process, talking to this fake API. */
export function botEnv(
  api: FakeBotApi,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    BOT_TOKEN: benchToken,
    TELEGRAM_API_ROOT: api.apiRoot,
    DEFAULT_LOCALE: "id",
    ...extra,
  };
}

/**
 * Calls `listener` for every call the bot makes from now on. The recorder has no subscription
 * API, so this parks one waiter whose predicate never matches and only observes.
 */
export function onRecord(api: FakeBotApi, listener: (record: SentRecord) => void): void {
  api
    .waitFor(
      (record) => {
        listener(record);
        return false;
      },
      { onlyNew: true, timeoutMs: 6 * 60 * 60_000 },
    )
    .catch(() => undefined);
}

/** Waits for a message in the chat that carries a button with this callback data. */
export function waitForButton(
  api: FakeBotApi,
  chatId: number,
  callbackData: string,
  timeoutMs = 30_000,
): Promise<SentRecord> {
  return api.waitFor(
    (record) =>
      record.ok &&
      record.chat_id === chatId &&
      JSON.stringify(record.message?.reply_markup ?? {}).includes(`"${callbackData}"`),
    { timeoutMs, onlyNew: true },
  );
}
