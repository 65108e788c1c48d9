import type { DbOrTx } from "../db/client.ts";
import { countQueuedOutbox } from "../db/repositories/outbox.repository.ts";
import type { Metrics } from "../shared/metrics.ts";

export const deliveryMetricHelp: Record<string, string> = {
  tandang_outbox_queue_depth: "Messages waiting or being sent",
  tandang_outbox_sent_total: "Messages Telegram accepted",
  tandang_outbox_failed_total: "Messages given up on, by reason",
  tandang_outbox_retried_total: "Messages put back for a later attempt, by reason",
  tandang_scheduler_tick_lag_seconds: "How late the last scheduler tick started",
  tandang_scheduler_batches_total: "Job batches created by the scheduler",
};

/** Queue depth is read from the database when /metrics is scraped, so every instance agrees. */
export function registerDeliveryMetrics(metrics: Metrics, db: DbOrTx): void {
  metrics.setGauge("tandang_outbox_queue_depth", 0);
  metrics.increment("tandang_outbox_sent_total", 0);
  metrics.increment("tandang_outbox_failed_total", 0);
  metrics.increment("tandang_outbox_retried_total", 0);
  metrics.registerCollector(async () => {
    metrics.setGauge("tandang_outbox_queue_depth", await countQueuedOutbox(db));
  });
}
