import type { Composer } from "grammy";
import type { BotContext } from "../bot/context.ts";
import type { FlowDefinition } from "../bot/flows.ts";
import { createCoreComposer } from "./core/core.composer.ts";
import { createFallbackComposer } from "./core/fallback.composer.ts";
import { createStartComposer, createUnknownStartCodeComposer } from "./start/start.composer.ts";

/** The features in the order they see an update; the fallback is last. */
export function createFeatures(): Composer<BotContext>[] {
  return [
    createStartComposer(),
    createCoreComposer(),
    createUnknownStartCodeComposer(),
    createFallbackComposer(),
  ];
}

export function createFlows(): FlowDefinition[] {
  return [];
}
