import type { Composer } from "grammy";
import type { BotContext } from "../bot/context.ts";
import type { FlowDefinition } from "../bot/flows.ts";
import { createCoreComposer } from "./core/core.composer.ts";
import { createFallbackComposer } from "./core/fallback.composer.ts";
import { createOwnDataComposer } from "./own-data/own-data.composer.ts";
import { createRegistrationComposer } from "./registration/registration.composer.ts";
import { createRegistrationFlow } from "./registration/registration.flow.ts";
import { createStartComposer, createUnknownStartCodeComposer } from "./start/start.composer.ts";

/** The features in the order they see an update; the fallback is last. */
export function createFeatures(): Composer<BotContext>[] {
  return [
    createStartComposer(),
    createCoreComposer(),
    createRegistrationComposer(),
    createOwnDataComposer(),
    createUnknownStartCodeComposer(),
    createFallbackComposer(),
  ];
}

export function createFlows(): FlowDefinition[] {
  return [createRegistrationFlow()];
}
