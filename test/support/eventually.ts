import { sleep } from "../../src/shared/sleep.ts";
/**
 * Polls an async check until it passes or the time is up (for state the bot writes after
 * replying). The default ceiling is generous: it only matters when the check never passes.
 */
export async function eventually<T>(
  check: () => Promise<T> | T,
  { timeoutMs = 30_000, intervalMs = 25 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(intervalMs);
    }
  }
}
