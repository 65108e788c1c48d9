import { GrammyError, InlineKeyboard } from "grammy";
import type { Actor } from "../../bot/actor.ts";
import type { BotContext } from "../../bot/context.ts";
import type { Recipient } from "../../db/repositories/recipients.repository.ts";
import { formatNip } from "../../domain/nip.ts";
import type { RegistrationRequest } from "../../generated/prisma/client.ts";
import { isLocale, type Translate, translatorFor } from "../../i18n/i18n.ts";
import { escapeHtml } from "../../shared/html.ts";
import { isWholeProgram, resolveProgramScope } from "../access/scope.ts";
import { requestDecision } from "./registration.callbacks.ts";

/**
 * Who may decide a request: administrators and the coordinators of the request's program who
 * are not limited to one host unit. The actor is read from the database for every update, so
 * a revoked role no longer counts.
 */
export function mayDecideRequests(actor: Actor | undefined, programId: string): boolean {
  const scope = resolveProgramScope(actor, programId, "manage");
  return scope !== undefined && isWholeProgram(scope);
}

/** The name Telegram shows for the user, as the coordinators will see it. */
export function telegramNameOf(from: BotContext["from"]): string | null {
  if (!from) return null;
  const name = [from.first_name, from.last_name].filter(Boolean).join(" ");
  const handle = from.username ? `@${from.username}` : "";
  return [name, handle].filter(Boolean).join(" ") || null;
}

export function translatorOf(ctx: BotContext, locale: string | null): Translate {
  return translatorFor(ctx.deps.i18n, isLocale(locale) ? locale : ctx.deps.config.defaultLocale);
}

export function renderRequestForCoordinator(
  t: Translate,
  request: RegistrationRequest,
  programName: string,
): string {
  const answers = request.answers as { fullName?: string };
  return t("registration.request.to_coordinator", {
    program: escapeHtml(programName),
    telegramName: escapeHtml(request.telegramName ?? t("registration.request.no_telegram_name")),
    account: request.telegramUserId.toString(),
    phone: escapeHtml(request.phone ?? ""),
    nip: request.nip ? formatNip(request.nip) : request.nipMasked,
    name: escapeHtml(answers.fullName ?? ""),
    reason: t(`registration.request.reason.${request.reason}`),
  });
}

/**
 * Sends the request, with Approve/Reject, to each coordinator in their own language. One
 * unreachable coordinator does not keep the others from being asked; returns how many were.
 */
export async function askCoordinators(
  ctx: BotContext,
  request: RegistrationRequest,
  programName: string,
  coordinators: Recipient[],
): Promise<number> {
  let asked = 0;
  for (const coordinator of coordinators) {
    const t = translatorOf(ctx, coordinator.locale);
    const keyboard = new InlineKeyboard()
      .text(
        t("registration.request.approve_button"),
        requestDecision.build({ decision: "ok", requestId: request.id }),
      )
      .text(
        t("registration.request.reject_button"),
        requestDecision.build({ decision: "no", requestId: request.id }),
      );
    try {
      await ctx.api.sendMessage(
        Number(coordinator.chatId),
        renderRequestForCoordinator(t, request, programName),
        { parse_mode: "HTML", reply_markup: keyboard },
      );
      asked++;
    } catch (error) {
      // Only the reason: a send error may carry the request (phone, NIP) as its payload.
      ctx.logger.warn(
        { reason: reasonOf(error), coordinator: coordinator.personId },
        "registration.coordinator_unreachable",
      );
    }
  }
  return asked;
}

/** Tells the requester the outcome, in their language; an unreachable requester is logged. */
export async function tellRequester(
  ctx: BotContext,
  request: RegistrationRequest,
  locale: string | null,
  key: string,
  vars: Record<string, string> = {},
) {
  const t = translatorOf(ctx, locale);
  await ctx.api
    .sendMessage(Number(request.telegramUserId), t(key, vars), { parse_mode: "HTML" })
    .catch((error) =>
      ctx.logger.warn(
        { reason: reasonOf(error), requestId: request.id },
        "registration.requester_unreachable",
      ),
    );
}

function reasonOf(error: unknown): string {
  return error instanceof GrammyError ? error.description : "send failed";
}

/**
 * Who is asked to decide: the program's coordinators, or, when it has none with an account,
 * the administrators, so that no request waits for nobody.
 */
export function deciderChats(ctx: BotContext, coordinators: Recipient[]): Recipient[] {
  if (coordinators.length > 0) return coordinators;
  return ctx.deps.config.adminTelegramIds.map((chatId) => ({
    chatId,
    personId: "",
    fullName: "",
    locale: null,
  }));
}
