import type { PartialUpdate, TgUpdate } from "./types.ts";

/**
 * Updates waiting for the bot, in update_id order. A Map keeps insertion (= id) order and
 * gives O(1) removal, which webhook deliveries completing out of order need.
 */
export class UpdateQueue {
  private readonly pending = new Map<number, TgUpdate>();
  private readonly listeners: Array<(update: TgUpdate) => void> = [];
  private nextId: number;
  private readonly delivered = new Set<number>();
  private readonly deliveredOrder: number[] = [];
  private highestConfirmedOffset = 0;

  constructor(firstUpdateId: number) {
    this.nextId = firstUpdateId;
  }

  onEnqueue(listener: (update: TgUpdate) => void): void {
    this.listeners.push(listener);
  }

  enqueue(partial: PartialUpdate): TgUpdate {
    const id = partial.update_id ?? this.nextId;
    if (!Number.isInteger(id) || id < this.nextId) {
      throw new Error(`update_id ${id} must be an integer ≥ ${this.nextId} (ids only increase)`);
    }
    this.nextId = id + 1;
    const update = { ...partial, update_id: id } as TgUpdate;
    this.pending.set(id, update);
    for (const listener of this.listeners) listener(update);
    return update;
  }

  get size(): number {
    return this.pending.size;
  }

  get confirmedOffset(): number {
    return this.highestConfirmedOffset;
  }

  /** Applies getUpdates' `offset`: drops every update below it; a negative one keeps the last -N. */
  confirm(offset: number): void {
    if (offset > 0) {
      this.highestConfirmedOffset = Math.max(this.highestConfirmedOffset, offset);
      for (const id of this.pending.keys()) {
        if (id >= offset) break;
        this.pending.delete(id);
      }
    } else if (offset < 0) {
      let toDrop = this.pending.size + offset;
      for (const id of this.pending.keys()) {
        if (toDrop-- <= 0) break;
        this.pending.delete(id);
      }
    }
  }

  /** The oldest `limit` pending updates, without removing them. */
  peek(limit: number): TgUpdate[] {
    const batch: TgUpdate[] = [];
    if (limit <= 0) return batch;
    for (const update of this.pending.values()) {
      batch.push(update);
      if (batch.length >= limit) break;
    }
    return batch;
  }

  get(id: number): TgUpdate | undefined {
    return this.pending.get(id);
  }

  has(id: number): boolean {
    return this.pending.has(id);
  }

  remove(id: number): void {
    this.pending.delete(id);
  }

  ids(): number[] {
    return [...this.pending.keys()];
  }

  clear(): void {
    this.pending.clear();
  }

  markDelivered(id: number): void {
    if (this.delivered.has(id)) return;
    this.delivered.add(id);
    this.deliveredOrder.push(id);
  }

  /** Ids handed to the bot at least once (polled, or webhook answered 2xx), first delivery order. */
  deliveredIds(): number[] {
    return [...this.deliveredOrder];
  }
}
