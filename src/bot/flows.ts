import { z } from "zod";
import type { DbOrTx } from "../db/client.ts";
import { deleteChatStates } from "../db/repositories/chat-state.repository.ts";
import {
  decodeChatState,
  defineChatStateKind,
  readState,
  type StateStore,
  writeState,
} from "./chat-state.ts";
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

/** The conversation of a user, under `flow:<telegram user id>`. */
export const flowStateKind = defineChatStateKind<FlowState>({
  name: "flow",
  keyPrefix: "flow",
  schema: z.object({
    flow: z.string(),
    step: z.string(),
    data: z.record(z.string(), z.unknown()),
    startedAt: z.string(),
  }),
  // As long as the retention job's default (CHAT_STATE_IDLE_DAYS): a week's pause resumes.
  expiresAfterDays: 7,
});

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
  return flowStateKind.key(telegramUserId);
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

/** `known`: the stored row already read for this update (see loadUpdateContext), saving a query. */
export function createFlowControl(
  store: StateStore,
  telegramUserId: number | undefined,
  known?: { stored: { value: unknown; updatedAt: Date | null } | undefined },
): FlowControl {
  const user = telegramUserId;
  // null: not read yet; undefined: there is none (or it expired or no longer fits the schema).
  let cached: FlowState | undefined | null = known
    ? decodeChatState(flowStateKind, known.stored, store)
    : null;
  const current = async () => {
    if (user === undefined) return undefined;
    if (cached === null) cached = await readState(store, flowStateKind, user);
    return cached;
  };
  return {
    current,
    start: async (flow, step, data) => {
      if (user === undefined) return;
      cached = {
        flow,
        step,
        data: data as Record<string, unknown>,
        startedAt: store.now().toISOString(),
      };
      await writeState(store, flowStateKind, user, cached);
    },
    goto: async (step, data) => {
      const state = await current();
      if (user === undefined || !state) return;
      cached = { ...state, step, data: { ...state.data, ...(data ?? {}) } };
      await writeState(store, flowStateKind, user, cached);
    },
    end: async () => {
      if (user === undefined) return;
      cached = undefined;
      await flowEnder(store.db).submit(flowStateKind.key(user));
    },
  };
}
