import type { DbOrTx } from "../db/client.ts";
import {
  deleteChatStates,
  readChatState,
  writeChatState,
} from "../db/repositories/chat-state.repository.ts";
import type { BotContext } from "./context.ts";
import { createWriteCoalescer, type WriteCoalescer } from "./write-coalescer.ts";

/**
 * A multi-step conversation kept in the database, so a restart resumes it at the same step.
 * Chosen over @grammyjs/conversations: no replay of the builder, nothing to hang on a failed call.
 */
export interface FlowState<D extends object = Record<string, unknown>> {
  flow: string;
  step: string;
  data: D;
  startedAt: string;
}

export type FlowStep = (ctx: BotContext, state: FlowState) => Promise<void>;

export interface FlowDefinition {
  name: string;
  /** Handles a message (not a command) sent while the flow is at this step. */
  steps: Record<string, FlowStep>;
}

export interface FlowControl {
  current(): Promise<FlowState | undefined>;
  start<D extends object>(flow: string, step: string, data: D): Promise<void>;
  goto<D extends object>(step: string, data?: D): Promise<void>;
  end(): Promise<void>;
}

export function flowKey(telegramUserId: number | bigint): string {
  return `flow:${telegramUserId}`;
}

const enders = new WeakMap<object, WriteCoalescer<string, void>>();

/**
 * Every check-in ends its flow: flows ending in concurrent updates share one DELETE (group
 * commit, see write-coalescer.ts); each `end()` still resolves only once its row is gone.
 */
function flowEnder(db: DbOrTx): WriteCoalescer<string, void> {
  let ender = enders.get(db);
  if (!ender) {
    ender = createWriteCoalescer<string, void>(
      async (keys) => {
        await deleteChatStates(db, keys);
        return keys.map(() => undefined);
      },
      { maxBatch: 500 },
    );
    enders.set(db, ender);
  }
  return ender;
}

/** `known`: the state already read for this update (see loadUpdateContext), saving a query. */
export function createFlowControl(
  db: DbOrTx,
  telegramUserId: number | undefined,
  now: () => Date,
  known?: { state: FlowState | undefined },
): FlowControl {
  const key = telegramUserId === undefined ? undefined : flowKey(telegramUserId);
  let cached: FlowState | undefined | null = known ? known.state : null;
  const current = async () => {
    if (!key) return undefined;
    if (cached === null) cached = await readChatState<FlowState>(db, key);
    return cached;
  };
  return {
    current,
    start: async (flow, step, data) => {
      if (!key) return;
      cached = {
        flow,
        step,
        data: data as Record<string, unknown>,
        startedAt: now().toISOString(),
      };
      await writeChatState(db, key, cached);
    },
    goto: async (step, data) => {
      const state = await current();
      if (!key || !state) return;
      cached = { ...state, step, data: { ...state.data, ...(data ?? {}) } };
      await writeChatState(db, key, cached);
    },
    end: async () => {
      if (!key) return;
      cached = undefined;
      await flowEnder(db).submit(key);
    },
  };
}
