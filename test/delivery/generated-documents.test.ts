import { type FakeBotApi, startFakeBotApi } from "@tandang/fake-bot-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import type { DeliveryWorker } from "../../src/delivery/delivery-worker.ts";
import { enqueue } from "../../src/delivery/enqueue.ts";
import { systemClock } from "../../src/shared/clock.ts";
import { eventually } from "../support/eventually.ts";
import { createTestDatabase } from "../support/test-database.ts";
import { outboxCounts, registerUsers, startWorker } from "./delivery-support.ts";

describe("documents the outbox builds when it sends them", () => {
  let db: Database;
  let api: FakeBotApi;
  let worker: DeliveryWorker | undefined;
  const built: string[] = [];
  const marked: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startFakeBotApi();
    registerUsers(api, [4101, 4102, 4103]);
  });
  afterAll(async () => {
    await worker?.stop();
    await api.stop();
    await db.close();
  });

  it("builds the file at send time, uploads it, marks it sent, and fails a withdrawn one quietly", async () => {
    const document = (chatId: number, ref: string, generated = "sample") => ({
      dedupeKey: `doc:${ref}`,
      chatId: BigInt(chatId),
      kind: "sample",
      method: "sendDocument" as const,
      payload: { document: { generated, ref }, caption: `file ${ref}` },
      notBefore: systemClock.now(),
    });
    await enqueue(db.prisma, [
      document(4101, "present"),
      document(4102, "withdrawn"),
      document(4103, "x", "unknown-kind"),
    ]);
    worker = startWorker(db, api, {
      documents: {
        sample: {
          build: async (ref) => {
            built.push(ref);
            return ref === "withdrawn"
              ? undefined
              : { content: Buffer.from(`content of ${ref}`), fileName: `${ref}.txt` };
          },
          sent: async (ref) => {
            marked.push(ref);
          },
        },
      },
    });
    const counts = await eventually(async () => {
      const current = await outboxCounts(db);
      expect((current.PENDING ?? 0) + (current.SENDING ?? 0)).toBe(0);
      return current;
    });
    expect(counts).toEqual({ SENT: 1, FAILED: 2 });
    expect(built.sort()).toEqual(["present", "withdrawn"]);
    expect(marked).toEqual(["present"]);
    const [sent] = api.sent(4101);
    expect(sent?.message?.document?.file_name).toBe("present.txt");
    expect(api.fileContent(sent?.message?.document?.file_id ?? "")?.toString()).toBe(
      "content of present",
    );
    expect(api.sent(4102)).toEqual([]);
    const failed = await db.prisma.outboxMessage.findMany({ where: { status: "FAILED" } });
    expect(failed.map((row) => row.lastError).sort()).toEqual([
      "generated document no longer available",
      "no builder for generated document unknown-kind",
    ]);
  });
});
