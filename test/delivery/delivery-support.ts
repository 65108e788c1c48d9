import type { FakeBotApi } from "@tandang/fake-bot-api";
import { Api } from "grammy";
import { pino } from "pino";
import type { Database } from "../../src/db/client.ts";
import type { NewOutboxMessage } from "../../src/db/repositories/outbox.repository.ts";
import {
  createDeliveryWorker,
  type DeliveryWorker,
  type DeliveryWorkerOptions,
} from "../../src/delivery/delivery-worker.ts";
import { enqueue } from "../../src/delivery/enqueue.ts";
import { type Clock, systemClock } from "../../src/shared/clock.ts";
import { createMetrics } from "../../src/shared/metrics.ts";
import { testToken } from "../support/bot-harness.ts";

export const silentLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

/** Private chats the fake API knows (bots cannot start chats: a user must have written first). */
export function registerUsers(api: FakeBotApi, ids: number[]): void {
  for (const id of ids) api.registerChat({ id, type: "private", first_name: `User ${id}` });
}

export function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => from + index);
}

export async function enqueueTexts(
  db: Database,
  chatIds: number[],
  options: { tag: string; now?: Date; dueBy?: Date; broadcastId?: string } = { tag: "t" },
): Promise<number> {
  const now = options.now ?? systemClock.now();
  const messages: NewOutboxMessage[] = chatIds.map((chatId) => ({
    dedupeKey: `${options.tag}:${chatId}`,
    chatId: BigInt(chatId),
    kind: "test",
    method: "sendMessage",
    payload: { text: `${options.tag} for ${chatId}` },
    notBefore: now,
    dueBy: options.dueBy ?? null,
    broadcastId: options.broadcastId ?? null,
  }));
  return enqueue(db.prisma, messages);
}

export function startWorker(
  db: Database,
  api: FakeBotApi,
  overrides: Partial<DeliveryWorkerOptions> & { clock?: Clock } = {},
): DeliveryWorker {
  const worker = createDeliveryWorker({
    db: db.prisma,
    api: new Api(testToken, { apiRoot: api.apiRoot }),
    clock: systemClock,
    logger: silentLogger,
    metrics: createMetrics(),
    ratePerSecond: 30,
    idlePollMs: 20,
    backoffBaseMs: 50,
    backoffMaxMs: 200,
    ...overrides,
  });
  worker.start();
  return worker;
}

export async function outboxCounts(db: Database): Promise<Record<string, number>> {
  const groups = await db.prisma.outboxMessage.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(groups.map((group) => [group.status, group._count._all]));
}

/** Successful sends per chat id, as the fake Bot API recorded them. */
export function sendsPerChat(api: FakeBotApi): Map<number, number> {
  const counts = new Map<number, number>();
  for (const record of api.sent()) {
    if (record.method !== "sendMessage") continue;
    const chatId = Number(record.chat_id);
    counts.set(chatId, (counts.get(chatId) ?? 0) + 1);
  }
  return counts;
}
