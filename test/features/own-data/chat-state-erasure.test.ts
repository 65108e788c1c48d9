import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { definedChatStateKinds } from "../../../src/bot/chat-state.ts";
import type { Database } from "../../../src/db/client.ts";
import { chatStateKinds } from "../../../src/features/chat-state-kinds.ts";
// Every feature module loads, so every kind the bot can write is defined.
import "../../../src/features/index.ts";
import {
  type DataSubject,
  personalDataStores,
} from "../../../src/features/own-data/personal-data-registry.ts";
import { createTestDatabase } from "../../support/test-database.ts";

const subject: DataSubject = {
  personId: "11111111-1111-4111-8111-111111111111",
  telegramUserIds: [4711n, 4712n],
  nips: ["198503122010011003"],
  phones: ["+6281234567890"],
  names: ["Ani"],
  enrollmentIds: [],
};

describe("per-user state and erasure", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it("every kind of state the bot defines is in the registry, each under its own key scheme", () => {
    expect(definedChatStateKinds.length).toBeGreaterThanOrEqual(5);
    expect(new Set(chatStateKinds)).toEqual(new Set(definedChatStateKinds));
    const prefixes = chatStateKinds.map((kind) => kind.keyPrefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it("erasure clears every kind of the person's state on each of their accounts, and no one else's", async () => {
    const db = database.prisma;
    const rows = chatStateKinds.flatMap((kind) =>
      [4711n, 4712n, 94711n].map((id) => ({ key: kind.key(id), value: { step: "any" } })),
    );
    await db.chatState.createMany({ data: rows });
    const store = personalDataStores.find((entry) => entry.name === "chatState");
    if (!store) throw new Error("the chat-state store is registered");

    const erased = await store.erase(db, subject, { files: [], counts: {} });

    expect(erased).toBe(chatStateKinds.length * 2);
    const left = (await db.chatState.findMany()).map((row) => row.key).sort();
    expect(left).toEqual(chatStateKinds.map((kind) => kind.key(94711n)).sort());
  });
});
