import type { DbOrTx } from "../db/client.ts";
import {
  insertOutboxMessages,
  type NewOutboxMessage,
} from "../db/repositories/outbox.repository.ts";

export type { NewOutboxMessage, OutboxMethod } from "../db/repositories/outbox.repository.ts";

/**
 * Puts messages in the durable queue. Idempotent on dedupeKey: enqueuing the same job run or
 * broadcast again adds nothing, so a retried transaction or a re-run never doubles a message.
 * Pass the transaction client to make the messages part of the change that causes them.
 */
export function enqueue(db: DbOrTx, messages: NewOutboxMessage[]): Promise<number> {
  return insertOutboxMessages(db, messages);
}
