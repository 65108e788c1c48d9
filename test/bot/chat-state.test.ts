import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  defineChatStateKind,
  readState,
  type StateStore,
  takeState,
  writeState,
} from "../../src/bot/chat-state.ts";
import type { Database } from "../../src/db/client.ts";
import { createTestDatabase } from "../support/test-database.ts";

const kind = defineChatStateKind<{ step: string; count: number }>({
  name: "test.kind",
  keyPrefix: "test-kind",
  schema: z.object({ step: z.string(), count: z.number() }),
  expiresAfterDays: 2,
});

describe("typed per-user state", () => {
  let database: Database;
  let now = new Date("2026-11-24T08:00:00Z");
  const warnings: { fields: unknown; event: string }[] = [];
  let store: StateStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = {
      db: database.prisma,
      now: () => now,
      logger: {
        warn: ((fields: unknown, event: string) => {
          warnings.push({ fields, event });
        }) as StateStore["logger"]["warn"],
      },
    };
  });
  afterAll(() => database.close());

  it("reads back what was written, under <prefix>:<user>", async () => {
    await writeState(store, kind, 501n, { step: "nip", count: 2 });
    expect(await readState(store, kind, 501n)).toEqual({ step: "nip", count: 2 });
    const row = await database.prisma.chatState.findUniqueOrThrow({
      where: { key: "test-kind:501" },
    });
    expect(row.updatedAt).toEqual(now);
    expect(await readState(store, kind, 502n)).toBeUndefined();
  });

  it("a stored value of the wrong shape reads as none, logged by kind only", async () => {
    warnings.length = 0;
    await database.prisma.chatState.create({
      data: { key: "test-kind:503", value: { step: "nip", count: "198503122010011003" } },
    });
    expect(await readState(store, kind, 503n)).toBeUndefined();
    expect(warnings).toEqual([{ fields: { kind: "test.kind" }, event: "chat_state.invalid" }]);
  });

  it("a value older than the kind's expiry reads as none; younger ones are kept", async () => {
    warnings.length = 0;
    await writeState(store, kind, 504n, { step: "contact", count: 1 });
    now = new Date(now.getTime() + 47 * 60 * 60 * 1000);
    expect(await readState(store, kind, 504n)).toEqual({ step: "contact", count: 1 });
    now = new Date(now.getTime() + 2 * 60 * 60 * 1000);
    expect(await readState(store, kind, 504n)).toBeUndefined();
    expect(warnings).toEqual([{ fields: { kind: "test.kind" }, event: "chat_state.expired" }]);
  });

  it("refuses to write a value its own schema would not read, and take removes what it reads", async () => {
    await expect(
      writeState(store, kind, 505n, { step: "x" } as unknown as { step: string; count: number }),
    ).rejects.toThrow();
    expect(await database.prisma.chatState.count({ where: { key: "test-kind:505" } })).toBe(0);
    await writeState(store, kind, 506n, { step: "pick", count: 0 });
    expect(await takeState(store, kind, 506n)).toEqual({ step: "pick", count: 0 });
    expect(await readState(store, kind, 506n)).toBeUndefined();
  });
});
