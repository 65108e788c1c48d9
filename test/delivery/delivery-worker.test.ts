import { type FakeBotApi, startFakeBotApi } from "@tandang/fake-bot-api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import type { DeliveryWorker } from "../../src/delivery/delivery-worker.ts";
import { enqueue } from "../../src/delivery/enqueue.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { eventually } from "../support/eventually.ts";
import { createTestDatabase } from "../support/test-database.ts";
import {
  enqueueTexts,
  outboxCounts,
  range,
  registerUsers,
  sendsPerChat,
  startWorker,
} from "./delivery-support.ts";

const settled = { timeoutMs: 30_000, intervalMs: 50 };

describe("the delivery worker against the fake Bot API", () => {
  let db: Database;
  let api: FakeBotApi | undefined;
  const workers: DeliveryWorker[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.stop();
    await api?.stop();
    api = undefined;
    await db.prisma.outboxMessage.deleteMany();
    await db.prisma.telegramAccount.deleteMany();
  });
  afterAll(() => db.close());

  const fakeApi = async (options: Parameters<typeof startFakeBotApi>[0] = {}) => {
    api = await startFakeBotApi(options);
    return api;
  };
  const allSettled = () =>
    eventually(async () => {
      const counts = await outboxCounts(db);
      expect(counts.PENDING ?? 0).toBe(0);
      expect(counts.SENDING ?? 0).toBe(0);
      return counts;
    }, settled);

  it("sends every message once, records Telegram's message id, and never enqueues a key twice", async () => {
    const fake = await fakeApi({ enforceRateLimits: true });
    const chats = range(1000, 40);
    registerUsers(fake, chats);
    expect(await enqueueTexts(db, chats, { tag: "hello" })).toBe(40);
    // A job that runs again adds nothing: the dedupe key is unique.
    expect(await enqueueTexts(db, chats, { tag: "hello" })).toBe(0);
    workers.push(startWorker(db, fake));
    const counts = await allSettled();
    expect(counts).toEqual({ SENT: 40 });
    const perChat = sendsPerChat(fake);
    expect(chats.map((chat) => perChat.get(chat))).toEqual(chats.map(() => 1));
    const row = await db.prisma.outboxMessage.findFirstOrThrow({ where: { chatId: 1000n } });
    expect(row.telegramMessageId).toBe(fake.sent(1000)[0]?.message_id);
    expect(row.sentAt).toBeInstanceOf(Date);
    // Marks are written in batches as UTC: the time is now, not hours off.
    expect(Math.abs((row.sentAt?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it("sends messages that are due by a set time before those that are not", async () => {
    const fake = await fakeApi();
    registerUsers(fake, [1, 2, 3, 4]);
    const now = new Date();
    await enqueueTexts(db, [1, 2], { tag: "broadcast", now });
    await enqueueTexts(db, [3], { tag: "late", now, dueBy: new Date(now.getTime() + 600_000) });
    await enqueueTexts(db, [4], { tag: "soon", now, dueBy: new Date(now.getTime() + 60_000) });
    workers.push(startWorker(db, fake, { concurrency: 1 }));
    await allSettled();
    expect(fake.sent().map((record) => record.chat_id)).toEqual([4, 3, 1, 2]);
  });

  it("rides out a 429 storm: waits retry_after and still delivers each message exactly once", async () => {
    const fake = await fakeApi({ enforceRateLimits: true });
    const chats = range(2000, 30);
    registerUsers(fake, chats);
    const storm = fake.injectFault({ kind: "429", retryAfter: 1, times: 6 });
    await enqueueTexts(db, chats, { tag: "storm" });
    workers.push(startWorker(db, fake));
    const counts = await allSettled();
    expect(storm.hits).toBe(6);
    expect(counts).toEqual({ SENT: 30 });
    const perChat = sendsPerChat(fake);
    expect(chats.map((chat) => perChat.get(chat))).toEqual(chats.map(() => 1));
    const rateLimited = fake.attempts().filter((record) => record.error?.error_code === 429);
    expect(rateLimited.length).toBeGreaterThanOrEqual(6);
    // A 429 is Telegram asking for patience, not a failed attempt.
    const attempts = await db.prisma.outboxMessage.aggregate({ _max: { attempts: true } });
    expect(attempts._max.attempts).toBe(0);
  });

  it("retries 5xx and network errors with backoff, and gives up after the last attempt", async () => {
    const fake = await fakeApi();
    registerUsers(fake, [31, 32, 33]);
    fake.injectFault({ kind: "5xx", chatId: 31, times: 2 });
    fake.injectFault({ kind: "network", chatId: 32, times: 1 });
    fake.injectFault({ kind: "5xx", chatId: 33, times: Number.POSITIVE_INFINITY });
    await enqueueTexts(db, [31, 32, 33], { tag: "flaky" });
    workers.push(startWorker(db, fake, { maxAttempts: 3 }));
    await allSettled();
    const rows = await db.prisma.outboxMessage.findMany({ orderBy: { chatId: "asc" } });
    expect(rows.map((row) => [Number(row.chatId), row.status, row.attempts])).toEqual([
      [31, "SENT", 2],
      [32, "SENT", 1],
      [33, "FAILED", 3],
    ]);
    expect(rows[2]?.lastError).toMatch(/Internal Server Error/i);
    expect(fake.sent(31)).toHaveLength(1);
    expect(fake.sent(33)).toHaveLength(0);
  });

  it("marks blocked, deactivated and never-started chats UNREACHABLE and their accounts unreachable", async () => {
    const fake = await fakeApi();
    registerUsers(fake, [41, 42, 43]);
    for (const id of [41, 42, 43, 44]) {
      await db.prisma.telegramAccount.create({ data: { telegramUserId: BigInt(id) } });
    }
    fake.blockUser(42);
    fake.injectFault({ kind: "403-deactivated", chatId: 43, times: Number.POSITIVE_INFINITY });
    // 44 never wrote to the bot: Telegram answers "chat not found".
    await enqueueTexts(db, [41, 42, 43, 44], { tag: "reach" });
    workers.push(startWorker(db, fake));
    await allSettled();
    const rows = await db.prisma.outboxMessage.findMany({ orderBy: { chatId: "asc" } });
    expect(rows.map((row) => row.status)).toEqual([
      "SENT",
      "UNREACHABLE",
      "UNREACHABLE",
      "UNREACHABLE",
    ]);
    expect(fake.attempts(42)).toHaveLength(1);
    const accounts = await db.prisma.telegramAccount.findMany({
      orderBy: { telegramUserId: "asc" },
    });
    expect(accounts.map((account) => account.unreachableAt !== null)).toEqual([
      false,
      true,
      true,
      true,
    ]);
    expect(accounts[1]?.unreachableWhy).toMatch(/blocked/);
    expect(accounts[3]?.unreachableWhy).toMatch(/chat not found/);
  });

  it("after a crash, a new worker resends only what was in flight at the crash", async () => {
    const fake = await fakeApi();
    const chats = range(5000, 60);
    registerUsers(fake, chats);
    const clock = fixedClock(new Date("2026-11-24T00:30:00Z"));
    await enqueueTexts(db, chats, { tag: "crash", now: clock.now() });
    // Slow answers keep several calls in flight at any moment.
    const slow = fake.injectFault({ kind: "slow", delayMs: 150, times: Number.POSITIVE_INFINITY });
    const first = startWorker(db, fake, {
      clock,
      ratePerSecond: 50,
      concurrency: 6,
      leaseMs: 60_000,
    });
    await fake.waitUntil(() => fake.sent().length >= 20, { timeoutMs: 60_000 });
    const inFlight = first.abandon();
    expect(inFlight.length).toBeGreaterThan(0);
    expect(inFlight.length).toBeLessThanOrEqual(first.concurrency);
    slow.clear();
    const inFlightChats = (
      await db.prisma.outboxMessage.findMany({ where: { id: { in: inFlight } } })
    ).map((row) => Number(row.chatId));
    // The abandoned calls still reach Telegram; nothing records them as sent.
    await fake.waitUntil(() => inFlightChats.every((chat) => fake.sent(chat).length === 1));
    const beforeRestart = await outboxCounts(db);
    expect(beforeRestart.PENDING ?? 0).toBeGreaterThan(0);

    // The new process starts before the lease ran out: it leaves the crashed worker's rows alone…
    const second = startWorker(db, fake, { clock, ratePerSecond: 50, concurrency: 6 });
    workers.push(second);
    await eventually(async () => {
      const counts = await outboxCounts(db);
      expect(counts.PENDING ?? 0).toBe(0);
      expect(counts.SENDING ?? 0).toBeGreaterThan(0);
    }, settled);
    // …and takes them once the lease is over.
    clock.advance(61_000);
    expect(await allSettled()).toEqual({ SENT: 60 });

    const perChat = sendsPerChat(fake);
    for (const chat of chats) {
      expect([chat, perChat.get(chat)]).toEqual([chat, inFlightChats.includes(chat) ? 2 : 1]);
    }
    expect(fake.sent().length).toBe(60 + inFlightChats.length);
  });

  it("two workers on PostgreSQL share a 1,000-recipient broadcast: everyone gets exactly one copy", async () => {
    const fake = await fakeApi();
    const chats = range(100_000, 1000);
    registerUsers(fake, chats);
    await enqueue(
      db.prisma,
      chats.map((chatId) => ({
        dedupeKey: `broadcast:pg:${chatId}`,
        chatId: BigInt(chatId),
        kind: "broadcast",
        method: "sendMessage",
        payload: { text: "Pengumuman" },
        notBefore: new Date(),
      })),
    );
    const a = startWorker(db, fake, { ratePerSecond: 400, workerId: "instance-a" });
    const b = startWorker(db, fake, { ratePerSecond: 400, workerId: "instance-b" });
    workers.push(a, b);
    expect(await allSettled()).toEqual({ SENT: 1000 });
    const perChat = sendsPerChat(fake);
    expect(perChat.size).toBe(1000);
    expect([...perChat.values()].every((count) => count === 1)).toBe(true);
    const byWorker = await db.prisma.outboxMessage.groupBy({
      by: ["leasedBy"],
      _count: { _all: true },
    });
    expect(byWorker.map((group) => group.leasedBy).sort()).toEqual(["instance-a", "instance-b"]);
  });
});
