import type { JobKind } from "../../generated/prisma/enums.ts";
import { buildAssessmentReminders, buildAssessmentRequests } from "./assessment.job.ts";
import { buildCertificateDeliveries } from "./certificate-delivery.job.ts";
import { buildCheckInNudges } from "./checkin-nudge.job.ts";
import { buildDailyRecaps } from "./daily-recap.job.ts";
import { buildEveningReminders } from "./evening-reminder.job.ts";
import type { JobBuilder } from "./job-context.ts";
import { buildLastDayNotices } from "./last-day.job.ts";
import { buildMorningReminders } from "./morning-reminder.job.ts";
import { buildPreStartNotices } from "./pre-start.job.ts";

export const jobBuilders: Record<JobKind, JobBuilder> = {
  MORNING_REMINDER: buildMorningReminders,
  CHECKIN_NUDGE: buildCheckInNudges,
  EVENING_REMINDER: buildEveningReminders,
  DAILY_RECAP: buildDailyRecaps,
  PRE_START: buildPreStartNotices,
  LAST_DAY: buildLastDayNotices,
  ASSESSMENT_REQUEST: buildAssessmentRequests,
  ASSESSMENT_REMINDER: buildAssessmentReminders,
  CERTIFICATE_DELIVERY: buildCertificateDeliveries,
};
