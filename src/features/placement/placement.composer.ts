import { randomBytes } from "node:crypto";
import { Composer, InlineKeyboard } from "grammy";
import { stateStore } from "../../bot/chat-state.ts";
import type { BotContext } from "../../bot/context.ts";
import { matchHostUnit } from "../../domain/host-unit-match.ts";
import { normaliseNipInput } from "../../domain/nip.ts";
import { compactId, expandId } from "../../shared/compact-id.ts";
import { escapeHtml } from "../../shared/html.ts";
import { coversUnit, isWholeProgram, resolveProgramScope } from "../access/scope.ts";
import { resolveStaffProgram, type StaffProgram } from "../shared/staff-program.service.ts";
import {
  anyPlacementCallback,
  manualPlacement,
  proposalAction,
  proposalPage,
  proposalTo,
  proposalWho,
} from "./placement.callbacks.ts";
import {
  PARTICIPANTS_PER_PAGE,
  participantPageKeyboard,
  proposalKeyboard,
  renderProposal,
  unitChoiceKeyboard,
} from "./placement.render.ts";
import {
  confirmProposal,
  findManualMove,
  findManualTarget,
  hostUnitsWithin,
  type ManualTarget,
  nameOfProgram,
  placeBeforeRegistration,
  placeManually,
  proposePlacement,
} from "./placement.service.ts";
import { notifyPlacedParticipants } from "./placement-notify.ts";
import {
  dropProposal,
  type PlacementProposal,
  readProposal,
  saveProposal,
} from "./placement-proposal.ts";

const MAX_ARGUMENT = 300;
const manualArguments = /^([0-9][0-9 .\-\u2010-\u2015]*[0-9])\s+(.+)$/s;

/** /tempatkan (one participant) and /tempatkanotomatis (propose, adjust, confirm, notify). */
export function createPlacementComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("tempatkan", async (ctx) => {
    // One participant at a time: a unit-limited coordinator may place within its own units.
    const program = await managedProgram(ctx, { limitedToo: true });
    if (!program) return;
    const argument = ctx.match.trim();
    if (argument.length > MAX_ARGUMENT) {
      await ctx.reply(ctx.t("placement.argument_too_long"));
      return;
    }
    const parsed = manualArguments.exec(argument);
    const nip = parsed ? normaliseNipInput(parsed[1] ?? "") : "";
    if (!parsed || !/^\d{18}$/.test(nip)) {
      await ctx.reply(ctx.t("placement.manual_usage"), { parse_mode: "HTML" });
      return;
    }
    const target = await findManualTarget(ctx.deps.db, program.id, nip);
    if (target.kind === "unknown") {
      await ctx.reply(ctx.t("placement.manual_unknown_nip", { nip }));
      return;
    }
    const scope = program.scopeUnitIds;
    const units = await hostUnitsWithin(ctx.deps.db, program.id, scope);
    const query = (parsed[2] ?? "").trim();
    const match = matchHostUnit(query, units);
    if (match.kind === "none") {
      const names = units.map((unit) => escapeHtml(unit.shortName ?? unit.name)).join(", ");
      await ctx.reply(
        ctx.t("placement.unit_not_found", { query: escapeHtml(query), units: names }),
        {
          parse_mode: "HTML",
        },
      );
      return;
    }
    if (target.kind === "roster_only") {
      await placeRosterOnly(ctx, program, target, match);
      return;
    }
    if (match.kind === "many") {
      const keyboard = new InlineKeyboard();
      for (const unit of match.units) {
        keyboard
          .text(
            unit.shortName ?? unit.name,
            manualPlacement.build({
              enrollmentId: compactId(target.enrollment.id),
              unitId: compactId(unit.id),
            }),
          )
          .row();
      }
      await ctx.reply(
        ctx.t("placement.choose_unit", { name: escapeHtml(target.enrollment.person.fullName) }),
        { parse_mode: "HTML", reply_markup: keyboard },
      );
      return;
    }
    await applyManual(ctx, program.id, target.enrollment.id, match.unit.id);
  });

  composer.callbackQuery(manualPlacement.filter, async (ctx) => {
    const values = manualPlacement.values(ctx.match);
    const enrollmentId = expandId(values.enrollmentId);
    const unitId = expandId(values.unitId);
    const program = await resolveStaffProgram(
      ctx.deps.db,
      ctx.actor,
      "manage",
      ctx.deps.clock.now(),
    );
    if (!program || !enrollmentId || !unitId) {
      await refuseButton(ctx);
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await applyManual(ctx, program.id, enrollmentId, unitId);
  });

  composer.command("tempatkanotomatis", async (ctx) => {
    const program = await managedProgram(ctx);
    if (!program || !ctx.actor) return;
    const proposal = await proposePlacement(
      ctx.deps.db,
      program.id,
      randomBytes(6).toString("hex").slice(0, 6),
      ctx.deps.clock.now(),
    );
    if (proposal.participants.length === 0) {
      const lines = [ctx.t("placement.nothing_to_place")];
      if (proposal.notRegistered > 0) {
        lines.push(ctx.t("placement.not_registered", { count: proposal.notRegistered }));
      }
      await ctx.reply(lines.join("\n"), { parse_mode: "HTML" });
      return;
    }
    await saveProposal(stateStore(ctx), ctx.actor.telegramUserId, proposal);
    await ctx.reply(renderProposal(ctx.t, program.name, proposal), {
      parse_mode: "HTML",
      reply_markup: proposalKeyboard(ctx.t, proposal),
    });
    ctx.logger.info(
      { programId: program.id, participants: proposal.participants.length },
      "placement.proposed",
    );
  });

  composer.callbackQuery(proposalAction.filter, async (ctx) => {
    const { action, nonce } = proposalAction.values(ctx.match);
    const proposal = await proposalFor(ctx, nonce);
    if (!proposal || !ctx.actor) return;
    if (action === "cancel") {
      await dropProposal(stateStore(ctx), ctx.actor.telegramUserId);
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(ctx.t("placement.cancelled")).catch(() => undefined);
      return;
    }
    if (action === "back") {
      await ctx.answerCallbackQuery();
      await showProposal(ctx, proposal);
      return;
    }
    await ctx.answerCallbackQuery({ text: ctx.t("placement.saving") });
    const now = ctx.deps.clock.now();
    const placedIds = await confirmProposal(ctx.deps.db, proposal, ctx.actor.personId, now);
    await dropProposal(stateStore(ctx), ctx.actor.telegramUserId);
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t("placement.confirmed", { count: placedIds.length }));
    ctx.logger.info(
      { programId: proposal.programId, placed: placedIds.length },
      "placement.confirmed",
    );
    startNotifying(ctx, placedIds);
  });

  composer.callbackQuery(proposalPage.filter, async (ctx) => {
    const values = proposalPage.values(ctx.match);
    const proposal = await proposalFor(ctx, values.nonce);
    if (!proposal) return;
    const page = Number(values.page);
    if (page * PARTICIPANTS_PER_PAGE >= proposal.participants.length) {
      await refuseButton(ctx);
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx
      .editMessageText(ctx.t("placement.choose_participant"), {
        reply_markup: participantPageKeyboard(ctx.t, proposal, page),
      })
      .catch(() => undefined);
  });

  composer.callbackQuery(proposalWho.filter, async (ctx) => {
    const values = proposalWho.values(ctx.match);
    const proposal = await proposalFor(ctx, values.nonce);
    if (!proposal) return;
    const index = Number(values.participant);
    const participant = proposal.participants[index];
    if (!participant) {
      await refuseButton(ctx);
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx
      .editMessageText(
        ctx.t("placement.choose_new_unit", { name: escapeHtml(participant.fullName) }),
        {
          parse_mode: "HTML",
          reply_markup: unitChoiceKeyboard(ctx.t, proposal, index),
        },
      )
      .catch(() => undefined);
  });

  composer.callbackQuery(proposalTo.filter, async (ctx) => {
    const values = proposalTo.values(ctx.match);
    const proposal = await proposalFor(ctx, values.nonce);
    if (!proposal || !ctx.actor) return;
    const participantIndex = Number(values.participant);
    const unitIndex = Number(values.unit);
    if (!proposal.participants[participantIndex] || !proposal.units[unitIndex]) {
      await refuseButton(ctx);
      return;
    }
    if (proposal.assignment[participantIndex] !== unitIndex) {
      proposal.assignment[participantIndex] = unitIndex;
      proposal.changed++;
      await saveProposal(stateStore(ctx), ctx.actor.telegramUserId, proposal);
    }
    await ctx.answerCallbackQuery({ text: ctx.t("placement.moved") });
    await showProposal(ctx, proposal);
  });

  composer.callbackQuery(anyPlacementCallback, refuseButton);

  return composer;
}

async function managedProgram(
  ctx: BotContext,
  options: { limitedToo?: boolean } = {},
): Promise<StaffProgram | undefined> {
  const program = await resolveStaffProgram(ctx.deps.db, ctx.actor, "manage", ctx.deps.clock.now());
  if (!program) {
    await ctx.reply(ctx.t("placement.not_allowed"));
    return undefined;
  }
  if (program.scopeUnitIds && !options.limitedToo) {
    // Automatic placement balances every unit of the program.
    await ctx.reply(ctx.t("access.whole_program_only"));
    return undefined;
  }
  return program;
}

/** The stored proposal a button refers to, after checking the nonce and the user's role. */
async function proposalFor(
  ctx: BotContext,
  buttonNonce: string,
): Promise<PlacementProposal | undefined> {
  const proposal = ctx.actor
    ? await readProposal(stateStore(ctx), ctx.actor.telegramUserId)
    : undefined;
  if (
    !proposal ||
    proposal.nonce !== buttonNonce ||
    !wholeProgramManager(ctx, proposal.programId)
  ) {
    await refuseButton(ctx);
    return undefined;
  }
  return proposal;
}

/** Placement balances every unit of a program: only coordinators of the whole program place. */
function wholeProgramManager(ctx: BotContext, programId: string): boolean {
  const scope = resolveProgramScope(ctx.actor, programId, "manage");
  return scope !== undefined && isWholeProgram(scope);
}

async function refuseButton(ctx: BotContext): Promise<void> {
  await ctx.answerCallbackQuery({ text: ctx.t("placement.stale_button"), show_alert: true });
}

async function showProposal(ctx: BotContext, proposal: PlacementProposal): Promise<void> {
  const programName = await nameOfProgram(ctx.deps.db, proposal.programId);
  await ctx
    .editMessageText(renderProposal(ctx.t, programName ?? "", proposal), {
      parse_mode: "HTML",
      reply_markup: proposalKeyboard(ctx.t, proposal),
    })
    .catch(() => undefined);
}

async function applyManual(
  ctx: BotContext,
  programId: string,
  enrollmentId: string,
  unitId: string,
): Promise<void> {
  const { enrollment, unit } = await findManualMove(ctx.deps.db, programId, enrollmentId, unitId);
  if (!enrollment || !unit) {
    await ctx.reply(ctx.t("placement.stale_button"));
    return;
  }
  // Re-checked here for command and button alike: both the new unit and the one the participant
  // is leaving must be within the coordinator's scope (unplaced participants are anyone's).
  const scope = resolveProgramScope(ctx.actor, programId, "manage");
  if (
    !scope ||
    !coversUnit(scope, unit.id) ||
    (enrollment.hostUnitId !== null && !coversUnit(scope, enrollment.hostUnitId))
  ) {
    await ctx.reply(ctx.t("access.scope_denied"));
    return;
  }
  const label = escapeHtml(unit.shortName ?? unit.name);
  const name = escapeHtml(enrollment.person.fullName);
  if (enrollment.hostUnitId === unit.id) {
    await ctx.reply(ctx.t("placement.manual_already", { name, unit: label }), {
      parse_mode: "HTML",
    });
    return;
  }
  const result = await placeManually(ctx.deps.db, {
    programId,
    enrollmentId,
    previousHostUnitId: enrollment.hostUnitId,
    hostUnit: unit,
    actorPersonId: ctx.actor?.personId ?? null,
    now: ctx.deps.clock.now(),
  });
  const lines = [
    enrollment.hostUnit
      ? ctx.t("placement.manual_moved", {
          name,
          unit: label,
          from: escapeHtml(enrollment.hostUnit.shortName ?? enrollment.hostUnit.name),
        })
      : ctx.t("placement.manual_placed", { name, unit: label }),
  ];
  if (result.capacity !== null && result.load > result.capacity) {
    lines.push(
      ctx.t("placement.manual_over_capacity", { load: result.load, capacity: result.capacity }),
    );
  }
  await ctx.reply(lines.join("\n"), { parse_mode: "HTML" });
  startNotifying(ctx, [enrollmentId]);
}

/**
 * Tells the placed participants in the background, so a large cohort does not hold the
 * coordinator's chat; the coordinator gets a short delivery report at the end.
 */
function startNotifying(ctx: BotContext, enrollmentIds: string[]): void {
  const chatId = ctx.chat?.id;
  const t = ctx.t;
  void notifyPlacedParticipants(ctx.api, ctx.deps, enrollmentIds)
    .then(async (report) => {
      ctx.logger.info({ ...report }, "placement.notified");
      if (chatId === undefined) return;
      await ctx.api.sendMessage(chatId, t("placement.notify_report", { ...report }));
    })
    .catch((error) => ctx.logger.warn({ err: error }, "placement.notify_failed"));
}

/**
 * /tempatkan for a roster NIP not registered yet: the placement waits on the roster row and
 * applies on registration. A unit-scoped coordinator cannot move one kept for another unit.
 */
async function placeRosterOnly(
  ctx: BotContext,
  program: StaffProgram,
  target: Extract<ManualTarget, { kind: "roster_only" }>,
  match: Exclude<ReturnType<typeof matchHostUnit>, { kind: "none" }>,
): Promise<void> {
  const scope = program.scopeUnitIds;
  if (scope && target.hostUnitId !== null && !scope.includes(target.hostUnitId)) {
    await ctx.reply(ctx.t("access.scope_denied"));
    return;
  }
  const name = escapeHtml(target.fullName);
  if (match.kind === "many") {
    const units = match.units.map((unit) => escapeHtml(unit.shortName ?? unit.name)).join(", ");
    await ctx.reply(ctx.t("placement.manual_pending_ambiguous", { name, units }), {
      parse_mode: "HTML",
    });
    return;
  }
  await placeBeforeRegistration(ctx.deps.db, {
    programId: program.id,
    rosterEntryId: target.rosterEntryId,
    hostUnitId: match.unit.id,
    actorPersonId: ctx.actor?.personId ?? null,
    now: ctx.deps.clock.now(),
  });
  await ctx.reply(
    ctx.t("placement.manual_pending", {
      name,
      unit: escapeHtml(match.unit.shortName ?? match.unit.name),
    }),
    { parse_mode: "HTML" },
  );
}
