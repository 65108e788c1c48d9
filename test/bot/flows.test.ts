import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFlowControl } from "../../src/bot/flows.ts";
import type { Database } from "../../src/db/client.ts";
import { deleteChatStates } from "../../src/db/repositories/chat-state.repository.ts";
import { createTestDatabase } from "../support/test-database.ts";

describe("flow control", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  const now = () => new Date("2026-11-24T00:15:00Z");
  const store = () => ({ db: database.prisma, now, logger: { warn: () => {} } });

  it("ends flows of concurrent updates together; each end resolves once its state is gone", async () => {
    const db = database.prisma;
    const users = Array.from({ length: 40 }, (_, index) => 5_000_000 + index);
    await Promise.all(
      users.map((id) => createFlowControl(store(), id).start("checkin", "location", {})),
    );
    expect(await db.chatState.count({ where: { key: { startsWith: "flow:50000" } } })).toBe(40);

    const ended: number[] = [];
    await Promise.all(
      users.map(async (id) => {
        await createFlowControl(store(), id).end();
        // Gone by the time this update's end() resolves, whichever batch it went in.
        expect(await db.chatState.findUnique({ where: { key: `flow:${id}` } })).toBeNull();
        ended.push(id);
      }),
    );
    expect(ended).toHaveLength(40);

    // Ended, then started again in the same update: the new state stays.
    const [first] = users;
    const flow = createFlowControl(store(), first);
    await flow.start("checkin", "location", {});
    await flow.end();
    await flow.start("checkin", "reason", { status: "IZIN" });
    const fresh = createFlowControl(store(), first);
    expect(await fresh.current()).toMatchObject({ flow: "checkin", step: "reason" });
  });

  it("deletes several states in one statement, keys with any characters", async () => {
    const db = database.prisma;
    const keys = ["import:wait:1", 'odd,"key"', "flow:7"];
    for (const key of keys) await db.chatState.create({ data: { key, value: {} } });
    await db.chatState.create({ data: { key: "flow:8", value: {} } });
    await deleteChatStates(db, keys);
    expect((await db.chatState.findMany()).map((row) => row.key)).toContain("flow:8");
    expect(await db.chatState.count({ where: { key: { in: keys } } })).toBe(0);
    await db.$transaction((tx) => deleteChatStates(tx, ["flow:8", "flow:9"]));
    expect(await db.chatState.count({ where: { key: "flow:8" } })).toBe(0);
  });
});
