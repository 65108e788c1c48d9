import {
  certificateDeliveryMessages,
  issueEligibleIn,
} from "../../features/certificate/certificate.service.ts";
import type { JobBuilder } from "./job-context.ts";

/**
 * The working day after the program's end: the eligible participants who have no certificate
 * yet get one (the coordinator may have issued them already), then every valid certificate not
 * delivered goes to its holder as a PDF (built when sent).
 */
export const buildCertificateDeliveries: JobBuilder = async (ctx) => {
  await issueEligibleIn(ctx.db, {
    programId: ctx.program.id,
    hostUnitIds: null,
    actorId: null,
    now: ctx.now,
  });
  return certificateDeliveryMessages(ctx.db, ctx.program.id, ctx.now, ctx.language);
};
