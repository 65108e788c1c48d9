import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/client.ts";
import { runHousekeeping } from "../../src/scheduler/retention.ts";
import { createTestDatabase } from "../support/test-database.ts";

const DAY = 24 * 60 * 60_000;
const logger = pino({ level: "silent" });
const start = new Date("2026-12-01T00:00:00Z");
const at = (days: number) => new Date(start.getTime() + days * DAY);

describe("housekeeping of the bot's own bookkeeping (issue 9, item 4)", () => {
  let db: Database;
  let dataDir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), "tandang-housekeeping-"));
  });
  afterAll(async () => {
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("reads its periods from the environment, 7/30/7 days by default, refusing nonsense", () => {
    const token = "123456789:AAExampleExampleExampleExample";
    expect(parseConfig({ BOT_TOKEN: token }).housekeeping).toEqual({
      inboxRetentionDays: 7,
      outboxRetentionDays: 30,
      chatStateIdleDays: 7,
    });
    expect(
      parseConfig({ BOT_TOKEN: token, INBOX_RETENTION_DAYS: "2", CHAT_STATE_IDLE_DAYS: "1" })
        .housekeeping,
    ).toMatchObject({ inboxRetentionDays: 2, chatStateIdleDays: 1 });
    expect(() => parseConfig({ BOT_TOKEN: token, OUTBOX_RETENTION_DAYS: "0" })).toThrow(
      /^OUTBOX_RETENTION_DAYS must be a whole number of days/,
    );
  });

  it("prunes handled raw updates, anonymises settled messages and expires idle conversations", async () => {
    const prisma = db.prisma;
    const payload = { update_id: 1, message: { text: "199001012020121001" } };
    await prisma.inboxUpdate.createMany({
      data: [
        { updateId: 1n, chatId: 5n, payload, receivedAt: start, handledAt: start },
        { updateId: 2n, chatId: 5n, payload, receivedAt: at(5), handledAt: at(5) },
        // Never handled (given up after failing): it holds what was typed, so it goes too.
        { updateId: 3n, chatId: 5n, payload, receivedAt: start, handledAt: null },
        { updateId: 4n, chatId: 5n, payload, receivedAt: at(7.5), handledAt: null },
      ],
    });
    const message = (key: string, status: "SENT" | "PENDING" | "FAILED", sentAt: Date | null) => ({
      dedupeKey: key,
      chatId: 5n,
      kind: "broadcast",
      method: "sendMessage",
      payload: { text: "Halo Bapak Budi Santoso" },
      status,
      createdAt: start,
      sentAt,
    });
    await prisma.outboxMessage.createMany({
      data: [
        message("old-sent", "SENT", start),
        message("old-failed", "FAILED", null),
        message("recent-sent", "SENT", at(20)),
        message("still-pending", "PENDING", null),
      ],
    });
    await prisma.chatState.createMany({
      data: [
        { key: "flow:5", value: { nip: "199001012020121001" } },
        { key: "import:6", value: { rows: [] } },
      ],
    });
    // ChatState.updatedAt is written by the database client; set the ages by hand.
    await prisma.$executeRaw`UPDATE "ChatState" SET "updatedAt" = ${start} WHERE "key" = 'flow:5'`;
    await prisma.$executeRaw`UPDATE "ChatState" SET "updatedAt" = ${at(31)} WHERE "key" = 'import:6'`;

    // Day 8: the first raw update is past 7 days; nothing else is due.
    let result = await runHousekeeping(prisma, at(8), logger, { dataDir });
    expect(result).toMatchObject({ inboxPruned: 2, outboxAnonymised: 0, chatStatesExpired: 1 });
    expect((await prisma.inboxUpdate.findMany()).map((row) => row.updateId)).toEqual([2n, 4n]);
    expect(await prisma.chatState.findUnique({ where: { key: "flow:5" } })).toBeNull();

    // Day 31: settled messages older than 30 days lose text and recipient; counts stay.
    result = await runHousekeeping(prisma, at(31), logger, { dataDir });
    expect(result).toMatchObject({ inboxPruned: 2, outboxAnonymised: 2 });
    const rows = await prisma.outboxMessage.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((row) => [row.status, row.chatId, JSON.stringify(row.payload)])).toEqual([
      ["SENT", 0n, "{}"],
      ["FAILED", 0n, "{}"],
      ["SENT", 5n, JSON.stringify({ text: "Halo Bapak Budi Santoso" })],
      ["PENDING", 5n, JSON.stringify({ text: "Halo Bapak Budi Santoso" })],
    ]);
    expect(await prisma.outboxMessage.count({ where: { status: "SENT" } })).toBe(2);
    // A second run changes nothing more.
    expect((await runHousekeeping(prisma, at(31), logger, { dataDir })).outboxAnonymised).toBe(0);

    // Shorter periods from the configuration are honoured.
    const custom = { inboxRetentionDays: 7, outboxRetentionDays: 30, chatStateIdleDays: 1 };
    await runHousekeeping(prisma, at(33), logger, { dataDir, housekeeping: custom });
    expect(await prisma.chatState.count()).toBe(0);
  });
});
