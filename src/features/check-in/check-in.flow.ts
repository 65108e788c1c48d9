import type { BotContext } from "../../bot/context.ts";
import type { FlowDefinition, FlowState } from "../../bot/flows.ts";
import { formatDateId, formatTimeWithZone, isoDateOf, localDate } from "../../domain/time.ts";
import { escapeHtml } from "../../shared/html.ts";
import { type ParticipantPlacement, requirePlacement } from "../shared/participant-placement.ts";
import { locationKeyboard } from "./check-in.keyboards.ts";
import {
  type AbsenceStatus,
  type CheckInOutcome,
  type LocationCheckInInput,
  recordAbsenceCheckIn,
  recordLocationCheckIn,
} from "./check-in.service.ts";
import { checkLocationMessage, formatDistance } from "./check-in-day.ts";
import { renderClosedDay, renderExistingCheckIn, statusLabel } from "./check-in-render.ts";
import { askReviewers } from "./check-in-review.ts";

export const CHECKIN_FLOW = "checkin";
export const MAX_REASON_LENGTH = 500;

export interface CheckInFlowData {
  status?: AbsenceStatus;
  latitude?: number;
  longitude?: number;
  accuracyM?: number | null;
  locatedAt?: string;
  liveWarned?: boolean;
}

const removeKeyboard = { reply_markup: { remove_keyboard: true as const } };

/** Location (then a selfie when the program asks for one), or a reason for izin/sakit/DL. */
export function createCheckInFlow(): FlowDefinition {
  return {
    name: CHECKIN_FLOW,
    steps: { location: onLocation, selfie: onSelfie, reason: onReason },
  };
}

async function onLocation(ctx: BotContext, _state: FlowState): Promise<void> {
  const message = ctx.message;
  if (!message) return;
  const now = ctx.deps.clock.now();
  const check = checkLocationMessage(message, now);
  if (!check.ok) {
    const key = check.reason === "not_location" ? "location_expected" : `location_${check.reason}`;
    await ctx.reply(ctx.t(`check_in.${key}`), { reply_markup: locationKeyboard(ctx.t) });
    return;
  }
  const placement = await requirePlacement(ctx);
  if (!placement) {
    await ctx.flow.end();
    return;
  }
  const input: LocationCheckInInput = {
    latitude: check.latitude,
    longitude: check.longitude,
    accuracyM: check.accuracyM,
    locatedAt: now,
  };
  if (placement.program.requireSelfie) {
    await ctx.flow.goto<Partial<CheckInFlowData>>("selfie", {
      latitude: input.latitude,
      longitude: input.longitude,
      accuracyM: input.accuracyM,
      locatedAt: now.toISOString(),
    });
    await ctx.reply(ctx.t("check_in.selfie_prompt"), removeKeyboard);
    return;
  }
  await finishLocationCheckIn(ctx, placement, input);
}

/** How long after the location the selfie may follow. */
const selfieGraceMs = 10 * 60_000;

async function onSelfie(ctx: BotContext, state: FlowState): Promise<void> {
  const photo = ctx.message?.photo?.at(-1);
  const data = state.data as CheckInFlowData;
  if (!photo) {
    await ctx.reply(ctx.t("check_in.selfie_expected"));
    return;
  }
  const placement = await requirePlacement(ctx);
  if (!placement || data.latitude === undefined || data.longitude === undefined) {
    await ctx.flow.end();
    return;
  }
  const locatedAt = data.locatedAt ? new Date(data.locatedAt) : undefined;
  // A location from an earlier day (or long ago) cannot stand for today's attendance.
  if (
    !locatedAt ||
    ctx.deps.clock.now().getTime() - locatedAt.getTime() > selfieGraceMs ||
    localDate(locatedAt, placement.timeZone) !== placement.today
  ) {
    await ctx.flow.goto("location");
    await ctx.reply(ctx.t("check_in.selfie_location_expired"), {
      reply_markup: locationKeyboard(ctx.t),
    });
    return;
  }
  await finishLocationCheckIn(ctx, placement, {
    latitude: data.latitude,
    longitude: data.longitude,
    accuracyM: data.accuracyM ?? null,
    photoFileId: photo.file_id,
    locatedAt,
  });
}

async function onReason(ctx: BotContext, state: FlowState): Promise<void> {
  const data = state.data as CheckInFlowData;
  const reason = ctx.message?.text?.trim();
  if (!reason || reason.length > MAX_REASON_LENGTH || !data.status) {
    await ctx.reply(ctx.t("check_in.reason_expected", { max: MAX_REASON_LENGTH }));
    return;
  }
  const placement = await requirePlacement(ctx);
  if (!placement) {
    await ctx.flow.end();
    return;
  }
  const outcome = await recordAbsenceCheckIn(
    ctx.deps.db,
    placement,
    data.status,
    reason,
    ctx.deps.clock.now(),
  );
  await ctx.flow.end();
  if (outcome.kind === "recorded") {
    ctx.logger.info({ checkIn: outcome.checkIn.id, status: data.status }, "checkin.recorded");
    await ctx.reply(
      ctx.t("check_in.recorded_absence", {
        status: statusLabel(ctx.t, outcome.checkIn.status),
        date: formatDateId(isoDateOf(outcome.checkIn.localDate), ctx.locale),
        reason: escapeHtml(reason),
      }),
      { parse_mode: "HTML", ...removeKeyboard },
    );
    return;
  }
  await replyNotRecorded(ctx, placement, outcome);
}

async function finishLocationCheckIn(
  ctx: BotContext,
  placement: ParticipantPlacement,
  input: LocationCheckInInput,
): Promise<void> {
  const outcome = await recordLocationCheckIn(ctx.deps.db, placement, input, ctx.deps.clock.now());
  await ctx.flow.end();
  if (outcome.kind !== "recorded") {
    await replyNotRecorded(ctx, placement, outcome);
    return;
  }
  const { checkIn } = outcome;
  ctx.logger.info(
    { checkIn: checkIn.id, status: checkIn.status, inside: checkIn.insideGeofence },
    "checkin.recorded",
  );
  const time = formatTimeWithZone(checkIn.recordedAt, placement.timeZone, placement.zone);
  const date = formatDateId(isoDateOf(checkIn.localDate), ctx.locale);
  const distance =
    checkIn.distanceM === null
      ? ctx.t("check_in.distance_unknown")
      : formatDistance(checkIn.distanceM, ctx.locale);
  if (checkIn.review === "PENDING") {
    await ctx.reply(
      ctx.t("check_in.recorded_outside", {
        time,
        date,
        distance,
        unit: escapeHtml(placement.hostUnit.shortName ?? placement.hostUnit.name),
        radius: placement.hostUnit.geofenceRadiusM,
      }),
      { parse_mode: "HTML", ...removeKeyboard },
    );
    await askReviewers(ctx.api, ctx.deps, ctx.logger, placement, checkIn);
    return;
  }
  await ctx.reply(
    ctx.t("check_in.recorded_inside", {
      status: statusLabel(ctx.t, checkIn.status),
      time,
      date,
      distance,
    }),
    { parse_mode: "HTML", ...removeKeyboard },
  );
}

export async function replyNotRecorded(
  ctx: BotContext,
  placement: ParticipantPlacement,
  outcome: Exclude<CheckInOutcome, { kind: "recorded" }>,
): Promise<void> {
  const text =
    outcome.kind === "already"
      ? renderExistingCheckIn(ctx.t, ctx.locale, outcome.checkIn, placement)
      : renderClosedDay(ctx.t, ctx.locale, outcome.day, {
          checkInOpensAt: placement.program.checkInOpensAt,
          checkInClosesAt: placement.program.checkInClosesAt,
          zone: placement.zone,
        });
  await ctx.reply(text, { parse_mode: "HTML", ...removeKeyboard });
}
