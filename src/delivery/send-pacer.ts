/**
 * Plans when each message may leave, within Telegram's limits: an overall rate (messages are
 * spaced 1/rate apart, no bursts), one message a second per chat, one every three seconds per
 * group (20 a minute), and pauses that a 429 imposes on one chat or on everything.
 *
 * The overall limit is "at most `rate` sends in any second", counted where Telegram receives
 * them. We cannot see that moment, only that it lies between the start of our call and its
 * answer. So a send may start only once the answer to the send `rate` places before it came
 * more than a second (plus `windowMarginMs`) ago: then no second on Telegram's side can hold
 * more than `rate` of our sends, whatever the network's jitter, and the pace stays within a
 * round trip of the limit (a 3 ms round trip: 30 sends per 1.008 s, 0.99 of the limit).
 *
 * Times are monotonic milliseconds (performance.now()), not the injected clock: pacing is about
 * real elapsed time on the wire, while the clock decides what is due.
 */
export interface SendPacerOptions {
  ratePerSecond: number;
  perChatIntervalMs?: number;
  perGroupIntervalMs?: number;
  /** Added to the one-second window for clock granularity (the API counts whole ms). */
  windowMarginMs?: number;
}

/** One send as the trailing-window guard sees it. */
export interface SendTicket {
  startedAt: number;
  /** When its answer (or error) came; undefined while the call is under way. */
  answeredAt: number | undefined;
}

/** How often a send re-checks while the call that holds its window is still unanswered. */
const UNANSWERED_RECHECK_MS = 10;

export class SendPacer {
  private readonly globalIntervalMs: number;
  private readonly perChatIntervalMs: number;
  private readonly perGroupIntervalMs: number;
  /** Send times handed out and not yet past, in order. */
  private readonly reservedSlots: number[] = [];
  private pausedUntil = 0;
  private readonly nextChatAt = new Map<string, number>();
  /** The last `perSecondCap` sends that left, as a ring: send n sits at n % perSecondCap. */
  private readonly recentSends: SendTicket[] = [];
  private sendCount = 0;
  private readonly perSecondCap: number;
  private readonly windowMs: number;

  constructor(options: SendPacerOptions) {
    this.perSecondCap = Math.max(1, Math.floor(options.ratePerSecond));
    // Rounded up to the microsecond, so float sums of slots never come out a hair too close.
    this.globalIntervalMs = Math.ceil(1_000_000 / this.perSecondCap) / 1000;
    this.windowMs = 1000 + (options.windowMarginMs ?? 5);
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
   * How long to wait before a send may actually leave so that no second on Telegram's side
   * holds more than the rate. The planned slots alone are not enough: timers fire late when the
   * event loop is busy (an embedded database query), and late sends bunch up.
   */
  windowWait(now: number): number {
    if (this.sendCount < this.perSecondCap) return 0;
    // The send `perSecondCap` places before the next one: its slot in the ring.
    const blocking = this.recentSends[this.sendCount % this.perSecondCap];
    if (blocking === undefined) return 0;
    if (blocking.answeredAt === undefined) return UNANSWERED_RECHECK_MS;
    return Math.max(0, blocking.answeredAt + this.windowMs - now);
  }

  /**
   * Notes that a send leaves now (call right before the HTTP request, after windowWait said 0)
   * and returns its ticket for `answered`.
   */
  recordSend(now: number): SendTicket {
    const ticket: SendTicket = { startedAt: now, answeredAt: undefined };
    this.recentSends[this.sendCount % this.perSecondCap] = ticket;
    this.sendCount++;
    return ticket;
  }

  /** Notes that the call of `ticket` got its answer (or failed) now. */
  answered(ticket: SendTicket, now: number): void {
    ticket.answeredAt = now;
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
 * The rate the scheduler plans batches with: 5% under the configured one (30 → 28). The worker
 * itself keeps within a round trip of the configured rate (see SendPacer); the margin covers a
 * slow network, retries and 429 pauses, so a reminder batch still ends before its set time.
 */
export function effectiveSendRate(ratePerSecond: number): number {
  return Math.max(1, Math.floor(ratePerSecond * 0.95));
}

/** Group and supergroup chat ids are negative; private chats (users) are positive. */
export function isGroupChat(chatId: bigint): boolean {
  return chatId < 0n;
}
