import type { Composer } from "grammy";
import type { BotContext } from "../bot/context.ts";
import type { FlowDefinition } from "../bot/flows.ts";
import { createAuditComposer } from "./audit/audit.composer.ts";
import { createCoreComposer } from "./core/core.composer.ts";
import { createFallbackComposer } from "./core/fallback.composer.ts";
import { createDaysOffComposer } from "./days-off/days-off.composer.ts";
import { createImportComposer } from "./imports/import.composer.ts";
import { createOwnDataComposer } from "./own-data/own-data.composer.ts";
import { createReturnVisitFlow } from "./program-setup/program-return.flow.ts";
import { createProgramSetupComposer } from "./program-setup/program-setup.composer.ts";
import { createNewProgramFlow } from "./program-setup/program-setup.flow.ts";
import { createRegistrationComposer } from "./registration/registration.composer.ts";
import { createRegistrationFlow } from "./registration/registration.flow.ts";
import { createRolesComposer } from "./roles/roles.composer.ts";
import { createStaffInvitesComposer } from "./staff-invites/staff-invites.composer.ts";
import { createStartComposer, createUnknownStartCodeComposer } from "./start/start.composer.ts";

/** The features in the order they see an update; the fallback is last. */
export function createFeatures(): Composer<BotContext>[] {
  return [
    createStartComposer(),
    createCoreComposer(),
    createRegistrationComposer(),
    createRolesComposer(),
    createProgramSetupComposer(),
    createImportComposer(),
    createStaffInvitesComposer(),
    createDaysOffComposer(),
    createAuditComposer(),
    createOwnDataComposer(),
    createUnknownStartCodeComposer(),
    createFallbackComposer(),
  ];
}

export function createFlows(): FlowDefinition[] {
  return [createRegistrationFlow(), createNewProgramFlow(), createReturnVisitFlow()];
}
