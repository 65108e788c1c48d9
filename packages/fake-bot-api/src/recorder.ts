import type {
  CallbackAnswerRecord,
  ChatId,
  FakeBotApiStats,
  MessageMatcher,
  SentRecord,
  WaitOptions,
} from "./types.ts";

/** A ceiling for a wait that passes as soon as its event happens: generous for a busy machine. */
const DEFAULT_WAIT_MS = 30_000;

/** Methods whose success puts a new message in a chat; the ones rate limits and `sends` count. */
export const MESSAGE_CREATING_METHODS = new Set([
  "sendMessage",
  "sendPhoto",
  "sendDocument",
  "sendLocation",
  "sendVenue",
  "copyMessage",
]);

const TEXT_SHOWING_METHODS = new Set([...MESSAGE_CREATING_METHODS, "editMessageText"]);

interface RecordWaiter {
  predicate: (record: SentRecord) => boolean;
  resolve: (record: SentRecord) => void;
  reject: (error: unknown) => void;
}

interface ConditionWaiter {
  condition: () => boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Everything the bot did to chats, kept in arrays and per-chat indexes so that 10k sends stay
 * cheap. Waiting is driven by the events themselves: each new record or state change checks the
 * registered waiters once, nothing polls.
 */
export class Recorder {
  private records: SentRecord[] = [];
  private byChat = new Map<string, SentRecord[]>();
  private readonly recordWaiters = new Set<RecordWaiter>();
  private readonly conditionWaiters = new Set<ConditionWaiter>();
  private nextSeq = 0;
  readonly callbackAnswers: CallbackAnswerRecord[] = [];
  private requests = 0;
  private sends = 0;
  private violations = 0;
  private readonly byMethod = new Map<string, number>();

  add(entry: Omit<SentRecord, "seq" | "at">): SentRecord {
    const record: SentRecord = { seq: this.nextSeq++, at: Date.now(), ...entry };
    this.records.push(record);
    const key = String(record.chat_id);
    const chatRecords = this.byChat.get(key);
    if (chatRecords) chatRecords.push(record);
    else this.byChat.set(key, [record]);
    if (record.ok && MESSAGE_CREATING_METHODS.has(record.method)) this.sends++;
    for (const waiter of this.recordWaiters) {
      // A throwing predicate fails its own wait, never the API call being recorded.
      try {
        if (!waiter.predicate(record)) continue;
        this.recordWaiters.delete(waiter);
        waiter.resolve(record);
      } catch (error) {
        this.recordWaiters.delete(waiter);
        waiter.reject(error);
      }
    }
    return record;
  }

  countRequest(method: string): void {
    this.requests++;
    this.byMethod.set(method, (this.byMethod.get(method) ?? 0) + 1);
  }

  countViolation(): void {
    this.violations++;
  }

  stats(): FakeBotApiStats {
    return {
      requests: this.requests,
      sends: this.sends,
      violations: this.violations,
      byMethod: Object.fromEntries(this.byMethod),
    };
  }

  /** Every bot→chat call, failed ones included. */
  attempts(chatId?: ChatId | string): SentRecord[] {
    if (chatId === undefined) return [...this.records];
    return [...(this.byChat.get(String(chatId)) ?? [])];
  }

  /** Successful bot→chat calls. */
  sent(chatId?: ChatId | string): SentRecord[] {
    const source = chatId === undefined ? this.records : (this.byChat.get(String(chatId)) ?? []);
    return source.filter((record) => record.ok);
  }

  lastSent(chatId: ChatId | string): SentRecord | undefined {
    const source = this.byChat.get(String(chatId)) ?? [];
    for (let i = source.length - 1; i >= 0; i--) {
      const record = source[i] as SentRecord;
      if (record.ok && MESSAGE_CREATING_METHODS.has(record.method)) return record;
    }
    return undefined;
  }

  /** Visible text (or caption) of each message the bot created in the chat, in order. */
  textsTo(chatId: ChatId | string): string[] {
    const texts: string[] = [];
    for (const record of this.byChat.get(String(chatId)) ?? []) {
      if (record.ok && MESSAGE_CREATING_METHODS.has(record.method) && record.text !== undefined) {
        texts.push(record.text);
      }
    }
    return texts;
  }

  clear(): void {
    this.records = [];
    this.byChat = new Map();
    this.callbackAnswers.length = 0;
  }

  waitFor(
    predicate: (record: SentRecord) => boolean,
    options: WaitOptions = {},
  ): Promise<SentRecord> {
    if (!options.onlyNew) {
      const existing = this.records.find(predicate);
      if (existing) return Promise.resolve(existing);
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    return new Promise((resolve, reject) => {
      const waiter: RecordWaiter = {
        predicate,
        resolve: (record) => {
          clearTimeout(timer);
          resolve(record);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.recordWaiters.delete(waiter);
        reject(new Error(`waitFor timed out after ${timeoutMs} ms. ${this.describeRecent()}`));
      }, timeoutMs);
      this.recordWaiters.add(waiter);
    });
  }

  /** Waits for a successful send or text edit in the chat whose visible text matches. */
  waitForMessage(
    chatId: ChatId | string,
    matcher: MessageMatcher,
    options: WaitOptions = {},
  ): Promise<SentRecord> {
    const key = String(chatId);
    const matches = toPredicate(matcher);
    return this.waitFor(
      (record) =>
        record.ok &&
        String(record.chat_id) === key &&
        TEXT_SHOWING_METHODS.has(record.method) &&
        matches(record),
      options,
    ).catch((error: Error) => {
      throw new Error(
        `waitForMessage(${key}, ${String(matcher)}) failed: ${error.message.replace(/^waitFor /, "")}`,
      );
    });
  }

  /** Resolves once `condition()` holds; re-checked whenever the server's state changes. */
  waitUntil(condition: () => boolean, options: { timeoutMs?: number } = {}): Promise<void> {
    if (condition()) return Promise.resolve();
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    return new Promise((resolve, reject) => {
      const waiter: ConditionWaiter = {
        condition,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.conditionWaiters.delete(waiter);
        reject(new Error(`waitUntil timed out after ${timeoutMs} ms. ${this.describeRecent()}`));
      }, timeoutMs);
      this.conditionWaiters.add(waiter);
    });
  }

  /** Called by the server after anything observable happened. */
  notifyChange(): void {
    if (this.conditionWaiters.size === 0) return;
    for (const waiter of this.conditionWaiters) {
      try {
        if (!waiter.condition()) continue;
        this.conditionWaiters.delete(waiter);
        waiter.resolve();
      } catch (error) {
        this.conditionWaiters.delete(waiter);
        waiter.reject(error);
      }
    }
  }

  private describeRecent(): string {
    const recent = this.records.slice(-5).map((record) => {
      const outcome = record.ok ? "ok" : `${record.error?.error_code}`;
      const text = record.text === undefined ? "" : ` ${JSON.stringify(record.text.slice(0, 80))}`;
      return `${record.method}→${record.chat_id} ${outcome}${text}`;
    });
    return recent.length === 0 ? "Nothing was sent." : `Last calls: ${recent.join("; ")}`;
  }
}

function toPredicate(matcher: MessageMatcher): (record: SentRecord) => boolean {
  if (typeof matcher === "string") return (record) => record.text?.includes(matcher) ?? false;
  if (matcher instanceof RegExp) {
    return (record) => {
      matcher.lastIndex = 0;
      return record.text !== undefined && matcher.test(record.text);
    };
  }
  return matcher;
}
