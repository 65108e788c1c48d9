import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { classifySendError } from "../../src/delivery/send-outcome.ts";
import { isGroupChat, SendPacer } from "../../src/delivery/send-pacer.ts";

describe("the send pacer", () => {
  it("spaces sends evenly under the overall rate, with no burst", () => {
    const pacer = new SendPacer({ ratePerSecond: 30 });
    const slots = [1n, 2n, 3n, 4n].map((chat) => pacer.reserve(chat, 0));
    const gaps = slots.slice(1).map((slot, index) => slot - (slots[index] ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1000 / 30);
  });

  it("keeps one chat to one message a second and a group to one every three seconds", () => {
    const pacer = new SendPacer({ ratePerSecond: 1000 });
    expect(pacer.reserve(7n, 0)).toBe(0);
    expect(pacer.reserve(7n, 0)).toBe(1000);
    expect(pacer.reserve(-100n, 0)).toBeLessThan(10);
    expect(pacer.reserve(-100n, 0)).toBeGreaterThanOrEqual(3000);
    expect(isGroupChat(-100n)).toBe(true);
    expect(isGroupChat(7n)).toBe(false);
  });

  it("never lets a trailing second hold more sends than the rate, even when timers fire late", () => {
    const pacer = new SendPacer({ ratePerSecond: 10, windowMarginMs: 5 });
    const tickets = [];
    for (let i = 0; i < 10; i++) {
      expect(pacer.windowWait(500)).toBe(0);
      tickets.push(pacer.recordSend(500));
    }
    // The 11th waits for the 1st: while its call is unanswered, it keeps asking again.
    expect(pacer.windowWait(500)).toBeGreaterThan(0);
    expect(pacer.windowWait(1600)).toBeGreaterThan(0);
    // Telegram counted the 1st at some moment up to its answer: a second after that answer.
    for (const ticket of tickets) pacer.answered(ticket, 520);
    expect(pacer.windowWait(600)).toBe(925);
    expect(pacer.windowWait(1524)).toBe(1);
    expect(pacer.windowWait(1525)).toBe(0);
  });

  it("holds everything during a global 429 pause, and one chat during its own", () => {
    const pacer = new SendPacer({ ratePerSecond: 30 });
    pacer.pauseAll(5000);
    expect(pacer.pausedFor(1000)).toBe(4000);
    expect(pacer.earliest(1n, 1000)).toBe(5000);
    pacer.pauseChat(-5n, 9000);
    expect(pacer.earliest(-5n, 1000)).toBe(9000);
    expect(pacer.earliest(2n, 6000)).toBeLessThan(9000);
  });
});

describe("what a send error means", () => {
  const apiError = (code: number, description: string, retryAfter?: number) =>
    new GrammyError(
      "Call to 'sendMessage' failed!",
      {
        ok: false,
        error_code: code,
        description,
        ...(retryAfter ? { parameters: { retry_after: retryAfter } } : {}),
      },
      "sendMessage",
      {},
    );

  it("tells waiting, retrying, unreachable and failing apart by error code", () => {
    expect(classifySendError(apiError(429, "Too Many Requests: retry after 7", 7))).toMatchObject({
      type: "rate-limited",
      retryAfterSeconds: 7,
    });
    expect(classifySendError(apiError(502, "Bad Gateway")).type).toBe("retry");
    expect(
      classifySendError(new HttpError("Network request failed", new Error("ECONNRESET"))).type,
    ).toBe("retry");
    expect(classifySendError(apiError(403, "Forbidden: bot was blocked by the user")).type).toBe(
      "unreachable",
    );
    expect(classifySendError(apiError(400, "Bad Request: chat not found")).type).toBe(
      "unreachable",
    );
    expect(classifySendError(apiError(400, "Bad Request: can't parse entities")).type).toBe(
      "failed",
    );
  });
});
