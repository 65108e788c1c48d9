/**
 * Plans when each message may leave, within Telegram's limits: an overall rate (messages are
 * spaced 1/rate apart, no bursts, so no trailing second ever holds more than `rate`), one
 * message a second per chat, one every three seconds per group (20 a minute), and pauses that
 * a 429 imposes on one chat or on everything.
 *
 * Times are monotonic milliseconds (performance.now()), not the injected clock: pacing is about
 * real elapsed time on the wire, while the clock decides what is due.
 */
export interface SendPacerOptions {
  ratePerSecond: number;
  perChatIntervalMs?: number;
  perGroupIntervalMs?: number;
}

export class SendPacer {
  private readonly globalIntervalMs: number;
  private readonly perChatIntervalMs: number;
  private readonly perGroupIntervalMs: number;
  /** Send times handed out and not yet past, in order. */
  private readonly reservedSlots: number[] = [];
  private pausedUntil = 0;
  private readonly nextChatAt = new Map<string, number>();
  /** When the last sends actually left, oldest first (at most `perSecondCap`). */
  private readonly recentSends: number[] = [];
  private readonly perSecondCap: number;

  constructor(options: SendPacerOptions) {
    this.perSecondCap = effectiveSendRate(options.ratePerSecond);
    this.globalIntervalMs = 1000 / this.perSecondCap;
    this.perChatIntervalMs = options.perChatIntervalMs ?? 1000;
    this.perGroupIntervalMs = options.perGroupIntervalMs ?? 3000;
  }

  /** The earliest moment a message to `chatId` may leave, without reserving it. */
  earliest(chatId: bigint, now: number): number {
    this.forgetPastSlots(now);
    let at = Math.max(now, this.pausedUntil, this.nextChatAt.get(chatId.toString()) ?? 0);
    // The first gap between reserved slots wide enough for this one: a chat that must wait
    // (its 1/s) does not hold back the other chats' slots before it.
    for (const slot of this.reservedSlots) {
      if (slot + this.globalIntervalMs <= at) continue;
      if (slot - this.globalIntervalMs >= at) break;
      at = slot + this.globalIntervalMs;
    }
    return at;
  }

  /** Reserves the earliest slot for `chatId` and returns it. */
  reserve(chatId: bigint, now: number): number {
    const at = this.earliest(chatId, now);
    const index = this.reservedSlots.findIndex((slot) => slot > at);
    this.reservedSlots.splice(index === -1 ? this.reservedSlots.length : index, 0, at);
    this.nextChatAt.set(
      chatId.toString(),
      at + (isGroupChat(chatId) ? this.perGroupIntervalMs : this.perChatIntervalMs),
    );
    this.forgetOldChats(now);
    return at;
  }

  /**
   * How long to wait before a send may actually leave so that no trailing second holds more
   * than the rate. The planned slots alone are not enough: timers fire late when the event loop
   * is busy (an embedded database query), and late sends bunch up.
   */
  windowWait(now: number): number {
    if (this.recentSends.length < this.perSecondCap) return 0;
    const oldest = this.recentSends[this.recentSends.length - this.perSecondCap] ?? 0;
    return Math.max(0, oldest + 1000 - now);
  }

  /** Notes that a send leaves now (call right before the HTTP request). */
  recordSend(now: number): void {
    this.recentSends.push(now);
    if (this.recentSends.length > this.perSecondCap) this.recentSends.shift();
  }

  /** A 429 that concerns everything (the overall limit): nothing leaves before it is over. */
  pauseAll(untilMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
  }

  /** A 429 that concerns one chat (a group's 20-a-minute, say). */
  pauseChat(chatId: bigint, untilMs: number): void {
    const key = chatId.toString();
    this.nextChatAt.set(key, Math.max(this.nextChatAt.get(key) ?? 0, untilMs));
  }

  /** How long everything still waits because of a 429 (0 when not paused). */
  pausedFor(now: number): number {
    return Math.max(0, this.pausedUntil - now);
  }

  private forgetPastSlots(now: number): void {
    let past = 0;
    while (
      past < this.reservedSlots.length &&
      (this.reservedSlots[past] ?? 0) + this.globalIntervalMs < now
    ) {
      past++;
    }
    if (past > 0) this.reservedSlots.splice(0, past);
  }

  private forgetOldChats(now: number): void {
    if (this.nextChatAt.size < 10_000) return;
    for (const [key, at] of this.nextChatAt) if (at < now) this.nextChatAt.delete(key);
  }
}

/**
 * Messages a second actually sent for a configured rate: 5% under it (30 → 28), because calls
 * leave evenly spaced but arrive with network jitter, and a trailing second that catches one call
 * too many costs a 429 pause for everything. The scheduler plans batches with the same figure.
 */
export function effectiveSendRate(ratePerSecond: number): number {
  return Math.max(1, Math.floor(ratePerSecond * 0.95));
}

/** Group and supergroup chat ids are negative; private chats (users) are positive. */
export function isGroupChat(chatId: bigint): boolean {
  return chatId < 0n;
}
