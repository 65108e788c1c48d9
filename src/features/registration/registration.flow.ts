import type { BotContext } from "../../bot/context.ts";
import type { FlowDefinition, FlowState } from "../../bot/flows.ts";
import { parseNip } from "../../domain/nip.ts";
import { findProvince } from "../../domain/provinces.ts";
import { escapeHtml } from "../../shared/html.ts";
import {
  assessIdentity,
  checkAttemptLimit,
  type RefusalOutcome,
  recordIdentityRefusal,
} from "./identity.service.ts";
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
import { listHomeAgencyChoices } from "./registration.service.ts";
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

/**
 * Moves to whatever is still missing (or back to the summary after a change) and asks it.
 * Once the NIP and the own contact are both known, who the user is gets decided first.
 */
export async function advanceRegistration(ctx: BotContext, data: RegistrationData) {
  let current = data;
  if (current.phone && !current.phoneSource) {
    current = withoutIdentity({ ...current, editing: false });
    delete current.phone;
  }
  if (current.nip && current.phone && !current.identity) {
    const decided = await decideIdentity(ctx, current, current.nip, current.phone);
    if (!decided) return;
    current = decided;
  }
  const step = nextRegistrationStep(current);
  const next = step === "summary" ? { ...current, editing: false } : current;
  await askStep(ctx, step, next);
}

/**
 * Proof of identity: the own contact's phone matches the NIP's roster phone. Only then does the
 * roster row pre-fill the answers. Anything else (unknown NIP, NIP of another account, no or
 * another roster phone) gets one and the same answer, so nothing about the roster or other
 * accounts can be learnt: the registration goes on and ends as a request for approval.
 */
async function decideIdentity(
  ctx: BotContext,
  data: RegistrationData,
  nip: string,
  phone: string,
): Promise<RegistrationData | undefined> {
  const registrant = registrantOf(ctx);
  const assessment = await assessIdentity(ctx.deps.db, data, nip, phone, registrant);
  if (assessment.kind === "proven") {
    const next: RegistrationData = { ...data, identity: "proven" };
    const row = assessment.roster;
    if (row) {
      // The coordinators' roster is the reference: its answers replace what was typed.
      next.fullName = row.fullName;
      if (row.position) next.position = row.position;
      if (row.ownAgency) next.ownAgency = row.ownAgency;
      await ctx.reply(ctx.t("registration.identity.proven", { name: escapeHtml(row.fullName) }), {
        parse_mode: "HTML",
      });
    }
    return next;
  }
  const now = ctx.deps.clock.now();
  // Over the invite's limit no further request for approval is made through it (a matching
  // own contact above is never held back by what others did with the link).
  const limit = await checkAttemptLimit(ctx.deps.db, "invite", whoOf(ctx, data), now);
  if (!limit.ok) {
    await refuseOverLimit(ctx, data, limit.retryInMinutes, nip);
    return undefined;
  }
  await recordIdentityRefusal(
    ctx.deps.db,
    { registrant, data, outcome: assessment.reason, nip },
    now,
  );
  ctx.logger.info({ reason: assessment.reason }, "registration.identity_unproven");
  await ctx.reply(ctx.t("registration.identity.needs_approval"));
  return { ...data, identity: "pending" };
}

/** Too many refused attempts: audited, the flow ends, the user is told when to try again. */
async function refuseOverLimit(
  ctx: BotContext,
  data: RegistrationData,
  retryInMinutes: number,
  nip: string | undefined,
) {
  await recordIdentityRefusal(
    ctx.deps.db,
    { registrant: registrantOf(ctx), data, outcome: "attempts_limited", nip },
    ctx.deps.clock.now(),
  );
  ctx.logger.warn({ retryInMinutes }, "registration.attempts_limited");
  await ctx.flow.end();
  await ctx.reply(ctx.t("registration.identity.too_many_attempts", { minutes: retryInMinutes }), {
    reply_markup: { remove_keyboard: true },
  });
}

function whoOf(ctx: BotContext, data: RegistrationData) {
  return { telegramUserId: registrantOf(ctx).telegramUserId, inviteCode: data.inviteCode };
}

/** The answers without the identity decision, so it is made again (NIP or phone changed). */
export function withoutIdentity(data: RegistrationData): RegistrationData {
  const next = { ...data };
  delete next.identity;
  return next;
}

export async function askStep(ctx: BotContext, step: RegistrationStep, data: RegistrationData) {
  await ctx.flow.goto(step, data);
  switch (step) {
    case "agency": {
      // Buttons when there are agencies to offer; otherwise a question that asks to type it.
      const agencies = await listHomeAgencyChoices(ctx.deps.db, data);
      await ctx.reply(
        agencies.length > 0
          ? renderQuestion(ctx.t, "agency")
          : ctx.t("registration.ask_agency_typed"),
        {
          parse_mode: "HTML",
          ...(agencies.length > 0 ? { reply_markup: agencyKeyboard(agencies) } : {}),
        },
      );
      return;
    }
    case "phone":
      // With a roster the contact is the proof that the NIP is theirs; the question says so.
      await ctx.reply(
        data.usesRoster ? ctx.t("registration.ask_phone_proof") : renderQuestion(ctx.t, "phone"),
        {
          parse_mode: "HTML",
          reply_markup: contactKeyboard(ctx.t),
        },
      );
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
  // Refused attempts are counted per account: over the limit no further NIP is taken.
  const limit = await checkAttemptLimit(
    ctx.deps.db,
    "account",
    whoOf(ctx, data),
    ctx.deps.clock.now(),
  );
  if (!limit.ok) return refuseOverLimit(ctx, data, limit.retryInMinutes, parsed.nip);
  // The same answer whether the NIP is unknown, registered or on the roster: the next
  // question. Who it belongs to is decided once the own contact is known.
  if (parsed.kind === "PPPK") await ctx.reply(ctx.t("registration.nip.pppk_note"));
  let next: RegistrationData = withoutIdentity({ ...data, nip: parsed.nip, nipKind: parsed.kind });
  if (data.usesRoster && data.nip && data.nip !== parsed.nip) {
    // Answers pre-filled from the old NIP's roster row belong to that NIP: asked again.
    next = { ...next, editing: false };
    delete next.fullName;
    delete next.position;
    delete next.ownAgency;
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
  const own =
    contact.user_id !== undefined &&
    contact.user_id === ctx.from?.id &&
    ctx.msg?.forward_origin === undefined;
  if (!own) return refuseContact(ctx, data);
  await ctx.reply(ctx.t("registration.phone_saved"), { reply_markup: { remove_keyboard: true } });
  await advanceRegistration(
    ctx,
    withoutIdentity({
      ...data,
      phone: normalisePhone(contact.phone_number),
      phoneSource: "contact",
    }),
  );
}

/** Someone else's contact proves nothing: it counts as a refused attempt and is audited. */
async function refuseContact(ctx: BotContext, data: RegistrationData) {
  const now = ctx.deps.clock.now();
  const limit = await checkAttemptLimit(ctx.deps.db, "account", whoOf(ctx, data), now);
  if (!limit.ok) return refuseOverLimit(ctx, data, limit.retryInMinutes, data.nip);
  const outcome: RefusalOutcome = "contact_not_own";
  await recordIdentityRefusal(
    ctx.deps.db,
    { registrant: registrantOf(ctx), data, outcome, nip: data.nip },
    now,
  );
  ctx.logger.info({ reason: outcome }, "registration.identity_unproven");
  await ctx.reply(ctx.t("registration.contact_not_own"), {
    reply_markup: contactKeyboard(ctx.t),
  });
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
