import type { BotContext } from "../../bot/context.ts";
import type { FlowDefinition, FlowState } from "../../bot/flows.ts";
import { parseNip } from "../../domain/nip.ts";
import { findProvince } from "../../domain/provinces.ts";
import { escapeHtml } from "../../shared/html.ts";
import { explainNipProblem } from "./nip-explanation.ts";
import {
  agencyKeyboard,
  consentKeyboard,
  contactKeyboard,
  renderConsent,
  renderQuestion,
  renderSummary,
  summaryKeyboard,
} from "./registration.render.ts";
import { checkNipForRegistration, listSendingAgencies } from "./registration.service.ts";
import {
  normalisePhone,
  readTextAnswer,
  TEXT_LIMITS,
  type TextAnswer,
} from "./registration-input.ts";
import {
  nextRegistrationStep,
  REGISTRATION_FLOW,
  type RegistrationData,
  type RegistrationStep,
} from "./registration-state.ts";

/** NIPs arrive with spaces between digit groups; anything this long is not a NIP anyway. */
const NIP_INPUT_LIMIT = 64;

export function registrationDataOf(state: FlowState): RegistrationData {
  return state.data as unknown as RegistrationData;
}

/** The registration conversation: each step handles the message answering its question. */
export function createRegistrationFlow(): FlowDefinition {
  return {
    name: REGISTRATION_FLOW,
    steps: {
      name: (ctx, state) => onName(ctx, registrationDataOf(state)),
      nip: (ctx, state) => onNip(ctx, registrationDataOf(state)),
      position: (ctx, state) => onPosition(ctx, registrationDataOf(state)),
      agency: (ctx, state) => onAgency(ctx, registrationDataOf(state)),
      phone: (ctx, state) => onPhone(ctx, registrationDataOf(state)),
      // Buttons answer these two; a message gets the same question again.
      consent: (ctx, state) => askStep(ctx, "consent", registrationDataOf(state)),
      summary: (ctx, state) => askStep(ctx, "summary", registrationDataOf(state)),
    },
  };
}

/** Moves to whatever is still missing (or back to the summary after a change) and asks it. */
export async function advanceRegistration(ctx: BotContext, data: RegistrationData) {
  const step = nextRegistrationStep(data);
  const next = step === "summary" ? { ...data, editing: false } : data;
  await askStep(ctx, step, next);
}

export async function askStep(ctx: BotContext, step: RegistrationStep, data: RegistrationData) {
  await ctx.flow.goto(step, data);
  switch (step) {
    case "agency": {
      const agencies = await listSendingAgencies(ctx.deps.db, data.sendingProvinceCode);
      await ctx.reply(renderQuestion(ctx.t, "agency"), {
        parse_mode: "HTML",
        ...(agencies.length > 0 ? { reply_markup: agencyKeyboard(agencies) } : {}),
      });
      return;
    }
    case "phone":
      await ctx.reply(renderQuestion(ctx.t, "phone"), {
        parse_mode: "HTML",
        reply_markup: contactKeyboard(ctx.t),
      });
      return;
    case "consent": {
      const controller = findProvince(data.sendingProvinceCode)?.name ?? data.sendingProvinceCode;
      const sent = await ctx.reply(renderConsent(ctx.t, controller, ctx.deps.config.housekeeping), {
        parse_mode: "HTML",
        reply_markup: consentKeyboard(ctx.t),
      });
      await ctx.flow.goto(step, { consentMessageId: sent.message_id });
      return;
    }
    case "summary": {
      const sent = await ctx.reply(renderSummary(ctx.t, data), {
        parse_mode: "HTML",
        reply_markup: summaryKeyboard(ctx.t),
      });
      await ctx.flow.goto(step, { summaryMessageId: sent.message_id });
      return;
    }
    default:
      await ctx.reply(renderQuestion(ctx.t, step), { parse_mode: "HTML" });
  }
}

/** A refused answer changes nothing: the person is told why and asked the same again. */
async function refuse(
  ctx: BotContext,
  answer: Exclude<TextAnswer, { ok: true }>,
  step: RegistrationStep,
  data: RegistrationData,
) {
  if (answer.problem === "too_long") {
    await ctx.reply(ctx.t("registration.too_long", { max: answer.max, length: answer.length }));
    return;
  }
  await ctx.reply(
    ctx.t(answer.problem === "empty" ? "registration.empty_answer" : "registration.text_expected"),
  );
  await askStep(ctx, step, data);
}

async function onName(ctx: BotContext, data: RegistrationData) {
  const answer = readTextAnswer(ctx.msg ?? {}, TEXT_LIMITS.fullName);
  if (!answer.ok) return refuse(ctx, answer, "name", data);
  if (!/\p{L}/u.test(answer.value)) {
    await ctx.reply(ctx.t("registration.name_needs_letters"));
    return;
  }
  await advanceRegistration(ctx, { ...data, fullName: answer.value });
}

async function onNip(ctx: BotContext, data: RegistrationData) {
  const answer = readTextAnswer(ctx.msg ?? {}, NIP_INPUT_LIMIT);
  if (!answer.ok) {
    if (answer.problem !== "too_long") return refuse(ctx, answer, "nip", data);
    await ctx.reply(
      [
        ctx.t("registration.nip.wrong_length", { length: answer.length }),
        ctx.t("registration.nip.retry"),
      ].join("\n\n"),
    );
    return;
  }
  const parsed = parseNip(answer.value, ctx.deps.clock.now(), { timeZone: data.timeZone });
  if (!parsed.ok) {
    const explanation = explainNipProblem(parsed.reason);
    await ctx.reply(
      [ctx.t(explanation.key, escapeVars(explanation.vars)), ctx.t("registration.nip.retry")].join(
        "\n\n",
      ),
      { parse_mode: "HTML" },
    );
    return;
  }
  const registrant = registrantOf(ctx);
  const check = await checkNipForRegistration(ctx.deps.db, data, parsed.nip, registrant);
  if (check.kind === "taken") {
    await ctx.reply(ctx.t("registration.nip_taken"));
    return;
  }
  if (check.kind === "not_in_roster") {
    await ctx.reply(ctx.t("registration.not_in_roster"));
    return;
  }
  if (parsed.kind === "PPPK") await ctx.reply(ctx.t("registration.nip.pppk_note"));
  const next: RegistrationData = { ...data, nip: parsed.nip, nipKind: parsed.kind };
  if (check.roster) {
    // The coordinators' roster is the reference: its answers replace what was typed.
    const row = check.roster;
    next.fullName = row.fullName;
    if (row.position) next.position = row.position;
    if (row.ownAgency) next.ownAgency = row.ownAgency;
    if (row.phone) next.phone = row.phone;
    await ctx.reply(ctx.t("registration.roster_found", { name: escapeHtml(row.fullName) }), {
      parse_mode: "HTML",
    });
  }
  await advanceRegistration(ctx, next);
}

async function onPosition(ctx: BotContext, data: RegistrationData) {
  const answer = readTextAnswer(ctx.msg ?? {}, TEXT_LIMITS.position);
  if (!answer.ok) return refuse(ctx, answer, "position", data);
  await advanceRegistration(ctx, { ...data, position: answer.value });
}

async function onAgency(ctx: BotContext, data: RegistrationData) {
  const answer = readTextAnswer(ctx.msg ?? {}, TEXT_LIMITS.ownAgency);
  if (!answer.ok) return refuse(ctx, answer, "agency", data);
  await advanceRegistration(ctx, { ...data, ownAgency: answer.value });
}

async function onPhone(ctx: BotContext, data: RegistrationData) {
  const contact = ctx.msg?.contact;
  if (!contact) {
    await ctx.reply(ctx.t("registration.phone_use_button"), {
      reply_markup: contactKeyboard(ctx.t),
    });
    return;
  }
  // Only the sender's own number: a forwarded or picked contact is someone else's data.
  if (contact.user_id === undefined || contact.user_id !== ctx.from?.id) {
    await ctx.reply(ctx.t("registration.contact_not_own"), {
      reply_markup: contactKeyboard(ctx.t),
    });
    return;
  }
  await ctx.reply(ctx.t("registration.phone_saved"), { reply_markup: { remove_keyboard: true } });
  await advanceRegistration(ctx, { ...data, phone: normalisePhone(contact.phone_number) });
}

export function registrantOf(ctx: BotContext) {
  return {
    telegramUserId: BigInt(ctx.from?.id ?? 0),
    personId: ctx.actor?.personId ?? null,
  };
}

function escapeVars(vars: Record<string, string | number>): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(vars).map(([key, value]) => [
      key,
      typeof value === "string" ? escapeHtml(value) : value,
    ]),
  );
}
