import type { UserHandle } from "@tandang/fake-bot-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { createLogger } from "../../src/logger.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { eventually } from "../support/eventually.ts";

/**
 * Input that once stalled or broke the bot, through the fake Bot API and the real bot (PGlite,
 * or PostgreSQL with TEST_DATABASE_URL): a lone surrogate, an update the database cannot store
 * at all, and locations with impossible values.
 */

// Tuesday 24 November 2026, 07:30 WIB: a working day of the seeded program, check-in open.
const now = new Date("2026-11-24T00:30:00Z");
const apology = /Maaf, terjadi kesalahan|Sorry, something went wrong/;
const invalidId = /lokasi tidak valid/;
const invalidEn = /location is not valid/;

describe("input sanity at the edge", () => {
  let bot: TestBot;
  const lines: string[] = [];
  let checker: UserHandle;
  let englishChecker: UserHandle;

  async function handledRow(updateId: number) {
    return eventually(
      async () => {
        const row = await bot.db.prisma.inboxUpdate.findUnique({
          where: { updateId: BigInt(updateId) },
        });
        if (!row?.handledAt) throw new Error(`update ${updateId} not handled yet`);
        return row;
      },
      { timeoutMs: 15_000, intervalMs: 20 },
    );
  }

  beforeAll(async () => {
    const logger = createLogger("info", { write: (line: string) => void lines.push(line) });
    bot = await startTestBot({ clock: fixedClock(now), logger });
    const placed = await seedCohort(bot.db.prisma, {
      startDate: "2026-11-23",
      telegramIdBase: 7400,
      placed: true,
    });
    const [first, second] = placed.participants;
    checker = bot.api.user(Number(first?.telegramUserId), { first_name: "Peserta" });
    englishChecker = bot.api.user(Number(second?.telegramUserId), {
      first_name: "Visitor",
      language_code: "en",
    });
    await bot.db.prisma.telegramAccount.update({
      where: { telegramUserId: BigInt(englishChecker.id) },
      data: { locale: "en" },
    });
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
  });

  it("stores a lone surrogate cleaned, answers it, and still answers another user's /help in the same batch", async () => {
    const sender = bot.api.user(6501, { first_name: "Surrogate" });
    const other = bot.api.user(6502, { first_name: "Lain" });
    const help = other.waitForMessage(/./, { onlyNew: true, timeoutMs: 10_000 });
    const answer = sender.waitForMessage(/./, { onlyNew: true, timeoutMs: 10_000 });
    // Enqueued together: one getUpdates batch carries both.
    const bad = sender.sendText("halo \ud800 dunia \udc00");
    const good = other.sendCommand("/help");
    expect((await help).text).toMatch(/\/start|\/bahasa/);
    expect((await answer).text).not.toMatch(apology);
    const row = await handledRow(bad);
    expect((row.payload as { message: { text: string } }).message.text).toBe(
      "halo \uFFFD dunia \uFFFD",
    );
    await handledRow(good);
  });

  it("skips an update the database refuses even alone, logs its id only, and keeps answering", async () => {
    const other = bot.api.user(6503, { first_name: "Berikut" });
    const help = other.waitForMessage(/./, { onlyNew: true, timeoutMs: 10_000 });
    // A chat id no bigint holds: the row cannot be stored (SQLSTATE 22003), whatever we clean.
    const unstorable = bot.api.enqueueUpdate({
      message: {
        message_id: 1,
        date: Math.floor(now.getTime() / 1000),
        chat: { id: 1e30, type: "private", first_name: "Rusak" },
        from: { id: 6504, is_bot: false, first_name: "Rusak" },
        text: "rahasia yang tak tersimpan",
      },
    } as never);
    const good = other.sendCommand("/help");
    await help;
    await handledRow(good);
    expect(
      await bot.db.prisma.inboxUpdate.findUnique({ where: { updateId: BigInt(unstorable) } }),
    ).toBeNull();
    const logged = lines
      .map((line) => JSON.parse(line) as { msg?: string; update_id?: number; code?: string })
      .filter((record) => record.msg === "inbox.update_unstorable");
    expect(logged).toEqual([expect.objectContaining({ update_id: unstorable, code: "22003" })]);
    expect(lines.join("")).not.toContain("rahasia yang tak tersimpan");
  });

  const impossible = [
    { latitude: 1e308, longitude: 3e57 },
    { latitude: -6.2, longitude: 3e57 },
    { latitude: 91, longitude: 106.8 },
    { latitude: -6.2, longitude: -180.5 },
    { latitude: -6.2, longitude: 106.8, horizontal_accuracy: 1e9 },
    { latitude: -6.2, longitude: 106.8, horizontal_accuracy: -1 },
    // NaN and Infinity travel as JSON null.
    { latitude: Number.NaN, longitude: 106.8 },
    { latitude: -6.2, longitude: Number.POSITIVE_INFINITY },
  ];

  /** The texts the bot sent the user while handling the update `act` enqueues. */
  async function answersTo(user: UserHandle, act: () => number): Promise<string[]> {
    const before = user.texts().length;
    await handledRow(act());
    return user.texts().slice(before);
  }

  for (const location of impossible) {
    it(`answers ${JSON.stringify(location)} politely at the check-in step, in the user's language`, async () => {
      for (const [user, expected] of [
        [checker, invalidId],
        [englishChecker, invalidEn],
      ] as const) {
        await answersTo(user, () => user.sendCommand("/hadir"));
        const before = await bot.db.prisma.checkIn.count();
        const texts = await answersTo(user, () => user.sendLocation(location));
        expect(texts).toEqual([expect.stringMatching(expected)]);
        for (const text of texts) expect(text).not.toMatch(apology);
        expect(await bot.db.prisma.checkIn.count()).toBe(before);
        await answersTo(user, () => user.sendCommand("/batal"));
      }
    });
  }

  it("still checks in with a valid location after all that", async () => {
    await answersTo(checker, () => checker.sendCommand("/hadir"));
    const before = await bot.db.prisma.checkIn.count();
    const texts = await answersTo(checker, () =>
      checker.sendLocation({ latitude: -0.9471, longitude: 100.4172, horizontal_accuracy: 1500 }),
    );
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text).not.toMatch(/lokasi tidak valid|Maaf, terjadi/);
    expect(await bot.db.prisma.checkIn.count()).toBe(before + 1);
  });
});
