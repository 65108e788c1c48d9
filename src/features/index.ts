import type { Composer } from "grammy";
import type { BotContext } from "../bot/context.ts";
import type { FlowDefinition } from "../bot/flows.ts";
import { createGroupGuardComposer } from "./access/group-guard.ts";
import { createAssessmentComposer } from "./assessment/assessment.composer.ts";
import { createAssessmentFlow } from "./assessment/assessment.flow.ts";
import { createAuditComposer } from "./audit/audit.composer.ts";
import { createBroadcastComposer } from "./broadcast/broadcast.composer.ts";
import { createBroadcastFlow } from "./broadcast/broadcast.flow.ts";
import { createCertificateComposer } from "./certificate/certificate.composer.ts";
import { createCheckInComposer } from "./check-in/check-in.composer.ts";
import { createCheckInFlow } from "./check-in/check-in.flow.ts";
import { createCheckInCorrectionComposer } from "./check-in/check-in-correction.composer.ts";
import { createCheckInCorrectionFlow } from "./check-in/check-in-correction.flow.ts";
import { createCoreComposer } from "./core/core.composer.ts";
import { createFallbackComposer } from "./core/fallback.composer.ts";
import { createDailyReportComposer } from "./daily-report/daily-report.composer.ts";
import { createDailyReportFlow } from "./daily-report/daily-report.flow.ts";
import { createDaysOffComposer } from "./days-off/days-off.composer.ts";
import { createDocumentsComposer } from "./documents/documents.composer.ts";
import { createFinalReportComposer } from "./final-report/final-report.composer.ts";
import { createFinalReportFlow } from "./final-report/final-report.flow.ts";
import { createHistoryComposer } from "./history/history.composer.ts";
import { createImportComposer } from "./imports/import.composer.ts";
import { createTemplateComposer } from "./imports/template.composer.ts";
import { createOwnDataComposer } from "./own-data/own-data.composer.ts";
import { createPlacementComposer } from "./placement/placement.composer.ts";
import { createPlacementInfoComposer } from "./placement-info/placement-info.composer.ts";
import { createProgramSettingsComposer } from "./program-settings/program-settings.composer.ts";
import { createReturnVisitFlow } from "./program-setup/program-return.flow.ts";
import { createProgramSetupComposer } from "./program-setup/program-setup.composer.ts";
import { createNewProgramFlow } from "./program-setup/program-setup.flow.ts";
import { createRecapComposer } from "./recap/recap.composer.ts";
import { createRegistrationComposer } from "./registration/registration.composer.ts";
import { createRegistrationFlow } from "./registration/registration.flow.ts";
import { createRolesComposer } from "./roles/roles.composer.ts";
import { createScheduleComposer } from "./schedule/schedule.composer.ts";
import { createStaffInvitesComposer } from "./staff-invites/staff-invites.composer.ts";
import { createStartComposer, createUnknownStartCodeComposer } from "./start/start.composer.ts";
import { createStatusComposer } from "./status/status.composer.ts";

/** The features in the order they see an update; the fallback is last. */
export function createFeatures(): Composer<BotContext>[] {
  return [
    createGroupGuardComposer(),
    createStartComposer(),
    createCoreComposer(),
    createRegistrationComposer(),
    createRolesComposer(),
    createProgramSetupComposer(),
    createImportComposer(),
    createTemplateComposer(),
    createStaffInvitesComposer(),
    createDaysOffComposer(),
    createAuditComposer(),
    createOwnDataComposer(),
    createPlacementInfoComposer(),
    createScheduleComposer(),
    createCheckInComposer(),
    createCheckInCorrectionComposer(),
    createDailyReportComposer(),
    createHistoryComposer(),
    createFinalReportComposer(),
    createBroadcastComposer(),
    createPlacementComposer(),
    createStatusComposer(),
    createRecapComposer(),
    createAssessmentComposer(),
    createDocumentsComposer(),
    createProgramSettingsComposer(),
    createCertificateComposer(),
    createUnknownStartCodeComposer(),
    createFallbackComposer(),
  ];
}

export function createFlows(): FlowDefinition[] {
  return [
    createRegistrationFlow(),
    createBroadcastFlow(),
    createNewProgramFlow(),
    createReturnVisitFlow(),
    createCheckInFlow(),
    createCheckInCorrectionFlow(),
    createDailyReportFlow(),
    createFinalReportFlow(),
    createAssessmentFlow(),
  ];
}
