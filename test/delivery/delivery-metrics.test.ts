import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import {
  deliveryMetricHelp,
  registerDeliveryMetrics,
} from "../../src/delivery/delivery-metrics.ts";
import { createMetrics } from "../../src/shared/metrics.ts";
import { createTestDatabase } from "../support/test-database.ts";
import { enqueueTexts } from "./delivery-support.ts";

describe("delivery metrics", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it("reports the queue depth from the database when scraped, next to the counters", async () => {
    const metrics = createMetrics(deliveryMetricHelp);
    registerDeliveryMetrics(metrics, db.prisma);
    await enqueueTexts(db, [1, 2, 3], { tag: "depth" });
    metrics.increment("tandang_outbox_sent_total");
    const text = await metrics.render();
    expect(text).toContain("# TYPE tandang_outbox_queue_depth gauge");
    expect(text).toContain("tandang_outbox_queue_depth 3");
    expect(text).toContain("tandang_outbox_sent_total 1");
    expect(text).toContain("# TYPE tandang_outbox_retried_total counter");
    expect(text).toContain("# HELP tandang_outbox_failed_total");
  });
});
