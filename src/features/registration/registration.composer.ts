import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { escapeHtml } from "../../shared/html.ts";
import { notifyPlacedParticipants } from "../placement/placement-notify.ts";
import { CONSENT_TEXT_VERSION } from "./consent.ts";
import {
  decideRegistrationRequest,
  findRequesterLocale,
  loadRegistrationRequest,
  recordApprovalRefused,
  recordDecisionDenied,
  submitRegistrationRequest,
} from "./identity.service.ts";
import {
  askCoordinators,
  deciderChats,
  mayDecideRequests,
  telegramNameOf,
  tellRequester,
} from "./identity-request.ts";
import { registrationCallbacks, requestDecision } from "./registration.callbacks.ts";
import {
  advanceRegistration,
  askStep,
  registrantOf,
  registrationDataOf,
  withoutIdentity,
} from "./registration.flow.ts";
import { editFieldKeyboard, renderIntro, summaryKeyboard } from "./registration.render.ts";
import {
  completeRegistration,
  type InviteProblem,
  listHomeAgencyChoices,
  prepareRegistration,
} from "./registration.service.ts";
import {
  type FieldStep,
  nextRegistrationStep,
  REGISTRATION_FLOW,
  type RegistrationData,
  type RegistrationStep,
} from "./registration-state.ts";

const inviteProblemKeys: Record<InviteProblem, string> = {
  unknown: "invite.invalid",
  expired: "invite.expired",
  used_up: "invite.used_up",
  revoked: "invite.revoked",
};

/**
 * `/start <code>` for participant invites, and the buttons of the registration flow.
 * Invites for other roles pass on to the features that handle them.
 */
export function createRegistrationComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType("private");

  privateChat.command("start", async (ctx, next) => {
    const code = ctx.match.trim();
    if (!code || !ctx.actor) return next();
    const registrant = registrantOf(ctx);
    const start = await prepareRegistration(ctx.deps.db, code, registrant, ctx.deps.clock.now());
    switch (start.kind) {
      case "other_role":
        return next();
      case "invite_problem":
        // An unknown code may still be someone else's deep link; the last handler says so.
        if (start.reason === "unknown") return next();
        await ctx.reply(ctx.t(inviteProblemKeys[start.reason]));
        return;
      case "program_closed":
        await ctx.reply(ctx.t("registration.program_closed", { program: start.programName }));
        return;
      case "already_enrolled":
        await ctx.reply(ctx.t("registration.already_enrolled", { program: start.programName }));
        return;
      case "not_in_roster":
        await ctx.reply(ctx.t("registration.not_in_roster_existing"));
        return;
      case "request_pending":
        await ctx.reply(
          ctx.t("registration.request.still_waiting", { program: start.programName }),
        );
        return;
      case "start":
        await ctx.flow.start(REGISTRATION_FLOW, nextRegistrationStep(start.data), start.data);
        await ctx.reply(renderIntro(ctx.t, ctx.locale, start.program), {
          parse_mode: "HTML",
        });
        await advanceRegistration(ctx, start.data);
        return;
    }
  });

  composer.callbackQuery(registrationCallbacks.agency.filter, async (ctx) => {
    const data = await currentData(ctx, "agency");
    if (!data) return;
    const agencies = await listHomeAgencyChoices(ctx.deps.db, data);
    const agency = agencies.find(
      (candidate) => candidate.key === registrationCallbacks.agency.values(ctx.match).key,
    );
    if (!agency) return stale(ctx);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await advanceRegistration(ctx, { ...data, ownAgency: agency.name });
  });

  composer.callbackQuery(registrationCallbacks.consent.filter, async (ctx) => {
    const data = await currentData(ctx, "consent");
    if (!data) return;
    const messageId = ctx.callbackQuery.message?.message_id;
    if (messageId === undefined || messageId !== data.consentMessageId) return stale(ctx);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    if (registrationCallbacks.consent.values(ctx.match).answer === "no") {
      // Nothing was stored yet; ending the flow drops the answers kept for it.
      await ctx.flow.end();
      await ctx.reply(
        ctx.t("registration.consent.declined", {
          inboxDays: ctx.deps.config.housekeeping.inboxRetentionDays,
        }),
      );
      return;
    }
    await advanceRegistration(ctx, {
      ...data,
      consent: {
        acceptedAt: ctx.deps.clock.now().toISOString(),
        telegramMessageId: messageId,
        textVersion: CONSENT_TEXT_VERSION,
      },
    });
  });

  composer.callbackQuery(registrationCallbacks.confirm.filter, async (ctx) => {
    const data = await summaryData(ctx);
    if (!data) return;
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    if (data.identity === "pending") {
      await submitForApproval(ctx, data);
      return;
    }
    if (data.identity !== "proven") {
      // Not decided yet (a conversation begun before identity proof): decided first.
      await advanceRegistration(ctx, data);
      return;
    }
    const result = await completeRegistration(
      ctx.deps.db,
      data,
      registrantOf(ctx),
      ctx.deps.clock.now(),
    );
    switch (result.kind) {
      case "done":
        await ctx.flow.end();
        ctx.logger.info({ enrollmentId: result.enrollmentId }, "registration.completed");
        await ctx.reply(
          ctx.t(result.hostUnitId ? "registration.done_placed" : "registration.done_unplaced"),
        );
        // Placed before registering (imported by NIP): the placement notice follows.
        if (result.hostUnitId)
          await notifyPlacedParticipants(ctx.api, ctx.deps, [result.enrollmentId]);
        return;
      case "incomplete":
        // Cannot happen through the buttons; re-asking mends whatever the state lacks.
        await advanceRegistration(ctx, data);
        return;
      case "invite_problem":
        await ctx.flow.end();
        await ctx.reply(ctx.t(inviteProblemKeys[result.reason]));
        return;
      case "already_enrolled":
        await ctx.flow.end();
        await ctx.reply(ctx.t("registration.already_enrolled_short"));
        return;
      case "nip_taken":
        await ctx.flow.end();
        await ctx.reply(ctx.t("registration.nip_taken"));
        return;
      case "not_in_roster":
        await ctx.flow.end();
        await ctx.reply(ctx.t("registration.not_in_roster"));
        return;
      case "unproven":
        // The roster changed since the contact was checked: decided again from what it says now.
        await advanceRegistration(ctx, withoutIdentity(data));
        return;
    }
  });

  composer.callbackQuery(requestDecision.filter, async (ctx) => {
    const { decision: answer, requestId } = requestDecision.values(ctx.match);
    if (ctx.chat?.type !== "private") {
      // Requests carry a phone and a NIP: decided only where they were sent, in private.
      await ctx.answerCallbackQuery({
        text: ctx.t("registration.request.private_only"),
        show_alert: true,
      });
      return;
    }
    const now = ctx.deps.clock.now();
    const request = await loadRegistrationRequest(ctx.deps.db, requestId);
    if (!request) {
      await ctx.answerCallbackQuery({
        text: ctx.t("registration.request.not_found"),
        show_alert: true,
      });
      return;
    }
    if (!mayDecideRequests(ctx.actor, request.programId)) {
      // A forged or forwarded button: refused politely, audited, nothing changes.
      await recordDecisionDenied(
        ctx.deps.db,
        request,
        { personId: ctx.actor?.personId ?? null, telegramUserId: BigInt(ctx.from.id) },
        now,
      );
      ctx.logger.warn({ requestId }, "registration.request_decision_denied");
      await ctx.answerCallbackQuery({ text: ctx.t("access.denied"), show_alert: true });
      return;
    }
    const decidedById = ctx.actor?.personId ?? null;
    const outcome = await decideRegistrationRequest(
      ctx.deps.db,
      requestId,
      answer === "ok" ? "approve" : "reject",
      decidedById,
      now,
    );
    switch (outcome.kind) {
      case "not_found":
        await ctx.answerCallbackQuery({
          text: ctx.t("registration.request.not_found"),
          show_alert: true,
        });
        return;
      case "already_decided":
        await ctx.editMessageReplyMarkup().catch(() => undefined);
        await ctx.answerCallbackQuery({
          text: ctx.t("registration.request.already_decided"),
          show_alert: true,
        });
        return;
      case "approval_refused":
        await recordApprovalRefused(ctx.deps.db, request, outcome.why, decidedById, now);
        ctx.logger.info({ requestId, why: outcome.why }, "registration.request_approval_refused");
        await ctx.answerCallbackQuery({
          text: ctx.t(`registration.request.approval_refused.${outcome.why}`),
          show_alert: true,
        });
        return;
      case "approved":
      case "rejected": {
        ctx.logger.info({ requestId, decision: outcome.kind }, "registration.request_decided");
        await ctx.answerCallbackQuery({ text: ctx.t("registration.request.decision_saved") });
        await ctx.editMessageReplyMarkup().catch(() => undefined);
        const locale = await findRequesterLocale(ctx.deps.db, request.telegramUserId);
        if (outcome.kind === "approved") {
          const name = escapeHtml(outcome.registration.fullName);
          await ctx.reply(ctx.t("registration.request.approved_coordinator", { name }), {
            parse_mode: "HTML",
          });
          const placed = outcome.registration.hostUnitId !== null;
          await tellRequester(
            ctx,
            request,
            locale,
            placed ? "registration.request.approved_placed" : "registration.request.approved",
          );
          if (placed) {
            await notifyPlacedParticipants(ctx.api, ctx.deps, [outcome.registration.enrollmentId]);
          }
        } else {
          await ctx.reply(ctx.t("registration.request.rejected_coordinator"));
          await tellRequester(ctx, request, locale, "registration.request.rejected");
        }
        return;
      }
    }
  });

  composer.callbackQuery(registrationCallbacks.edit.filter, async (ctx) => {
    if (!(await summaryData(ctx))) return;
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: editFieldKeyboard(ctx.t) });
  });

  composer.callbackQuery(registrationCallbacks.back.filter, async (ctx) => {
    if (!(await summaryData(ctx))) return;
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: summaryKeyboard(ctx.t) });
  });

  composer.callbackQuery(registrationCallbacks.editField.filter, async (ctx) => {
    const data = await summaryData(ctx);
    if (!data) return;
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    const step: FieldStep = registrationCallbacks.editField.values(ctx.match).field;
    await askStep(ctx, step, { ...data, editing: true });
  });

  return composer;
}

/**
 * The summary of an unproven registration was confirmed: it becomes a request for approval,
 * the coordinators are asked, and the user is told that it waits for them.
 */
async function submitForApproval(ctx: BotContext, data: RegistrationData) {
  const result = await submitRegistrationRequest(
    ctx.deps.db,
    data,
    registrantOf(ctx),
    telegramNameOf(ctx.from),
    ctx.deps.clock.now(),
  );
  switch (result.kind) {
    case "proven_now":
      await advanceRegistration(ctx, withoutIdentity(data));
      return;
    case "already_pending":
      await ctx.flow.end();
      await ctx.reply(ctx.t("registration.request.still_waiting_short"));
      return;
    case "submitted": {
      await ctx.flow.end();
      await ctx.reply(ctx.t("registration.request.waiting"), { parse_mode: "HTML" });
      const asked = await askCoordinators(
        ctx,
        result.request,
        result.programName,
        deciderChats(ctx, result.coordinators),
      );
      ctx.logger.info(
        { requestId: result.request.id, coordinatorsAsked: asked },
        "registration.request_created",
      );
      return;
    }
  }
}

/** The flow's data when the user is at this registration step, else a stale answer. */
async function currentData(
  ctx: BotContext,
  step: RegistrationStep,
): Promise<RegistrationData | undefined> {
  const state = await ctx.flow.current();
  if (state?.flow !== REGISTRATION_FLOW || state.step !== step) {
    await stale(ctx);
    return undefined;
  }
  return registrationDataOf(state);
}

/** Summary buttons count only on the latest summary message. */
async function summaryData(ctx: BotContext): Promise<RegistrationData | undefined> {
  const data = await currentData(ctx, "summary");
  if (!data) return undefined;
  if (ctx.callbackQuery?.message?.message_id !== data.summaryMessageId) {
    await stale(ctx);
    return undefined;
  }
  return data;
}

async function stale(ctx: BotContext) {
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text: ctx.t("registration.stale_button") }).catch(() => {
      // Answering twice (after an earlier answer) is harmless to skip.
    });
  }
  await ctx.reply(ctx.t("registration.stale_button"));
}
