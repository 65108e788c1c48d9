import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { matchHostUnit } from "../../domain/host-unit-match.ts";
import { formatDateId, formatTimeWithZone, localDate } from "../../domain/time.ts";
import type { InviteRole, ProgramSide } from "../../generated/prisma/enums.ts";
import { escapeHtml } from "../../shared/html.ts";
import { pickProgram } from "../access/pick-program.ts";
import { denyAccess, requireProgramRole, requireRole } from "../access/require-role.ts";
import {
  isWholeProgram,
  mayIssueInvite,
  resolveProgramScope,
  unitsWithin,
} from "../access/scope.ts";
import { inviteLink } from "../invites/invite-code.ts";
import { renderInviteCard } from "./invite-card.ts";
import {
  inviteListPick,
  inviteProgramPick,
  inviteRevoke,
  inviteUnit,
} from "./staff-invites.callbacks.ts";
import {
  createProgramInvite,
  findInviteById,
  findInviteUnit,
  findInviteUnitOfProgram,
  inviteUnitsOfProgram,
  type ProgramZone,
  programForInvites,
  revokeProgramInvite,
  usableInvites,
} from "./staff-invites.service.ts";

const roleCodes: Record<string, { role: InviteRole; code: string }> = {
  peserta: { role: "PARTICIPANT", code: "P" },
  koordinator: { role: "COORDINATOR", code: "K" },
  pejabat: { role: "OFFICIAL", code: "J" },
  pembimbing: { role: "MENTOR", code: "B" },
};
const roleByCode: Record<string, InviteRole> = {
  P: "PARTICIPANT",
  K: "COORDINATOR",
  J: "OFFICIAL",
  B: "MENTOR",
};
const sideByCode: Record<string, ProgramSide | null> = { S: "SENDING", H: "HOST", N: null };
const sideWords: Record<string, string> = {
  pengirim: "S",
  asal: "S",
  sending: "S",
  tuanrumah: "H",
  penerima: "H",
  host: "H",
};
const maxUnitWords = 120;

/**
 * /undang <peserta|koordinator|pejabat|pembimbing>: a deep link with its QR code; /undang daftar.
 * `/undang koordinator <pengirim|tuanrumah> [instansi]` limits the new coordinator to a side and,
 * on the host side, to one host unit. Every invite is checked against the creator's scope
 * (mayIssueInvite) when it is created, whichever command or button led there.
 */
export function createStaffInvitesComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("undang", async (ctx) => {
    if (!(await requireRole(ctx, ["admin", "coordinator"]))) return;
    const [word = "", sideWord = "", ...unitWords] = ctx.match.trim().split(/\s+/);
    if (word.toLowerCase() === "daftar") {
      const programId = await pickProgram(ctx, {
        access: "manage",
        button: (programId) => inviteListPick.build({ programId }),
      });
      if (programId) await listInvites(ctx, programId);
      return;
    }
    const choice = roleCodes[word.toLowerCase()];
    const unitQuery = unitWords.join(" ").slice(0, maxUnitWords);
    if (!choice) {
      await ctx.reply(ctx.t("staff_invites.usage"));
      return;
    }
    const sideCode =
      choice.role === "COORDINATOR" ? (sideWords[sideWord.toLowerCase()] ?? "N") : "N";
    if (unitQuery !== "" && !(choice.role === "COORDINATOR" && sideCode === "H")) {
      await ctx.reply(ctx.t("staff_invites.usage"));
      return;
    }
    const kind = `${choice.code}${sideCode}`;
    const programId = await pickProgram(ctx, {
      access: "manage",
      button: (programId) => inviteProgramPick.build({ kind, programId }),
    });
    if (!programId) return;
    if (unitQuery !== "") {
      await coordinatorForUnit(ctx, programId, unitQuery);
      return;
    }
    await continueWithProgram(ctx, choice.role, sideByCode[sideCode] ?? null, programId);
  });

  composer.callbackQuery(inviteProgramPick.filter, async (ctx) => {
    const { kind, programId } = inviteProgramPick.values(ctx.match);
    const [roleCode = "", sideCode = ""] = kind;
    if (!(await requireProgramRole(ctx, programId, "manage"))) return;
    await ctx.answerCallbackQuery();
    await continueWithProgram(
      ctx,
      roleByCode[roleCode] ?? "PARTICIPANT",
      sideByCode[sideCode] ?? null,
      programId,
    );
  });

  // inv:u:<unit> a mentor of the unit; inv:ku:<unit> a host coordinator limited to the unit.
  composer.callbackQuery(inviteUnit.filter, async (ctx) => {
    const { who, hostUnitId } = inviteUnit.values(ctx.match);
    const hostUnit = await findInviteUnit(ctx.deps.db, hostUnitId);
    if (!hostUnit) {
      await ctx.answerCallbackQuery({ text: ctx.t("fallback.stale_button") });
      return;
    }
    if (!(await requireProgramRole(ctx, hostUnit.programId, "manage"))) return;
    await ctx.answerCallbackQuery();
    if (who === "ku") {
      await sendInvite(ctx, "COORDINATOR", "HOST", hostUnit.programId, hostUnit.id);
      return;
    }
    await sendInvite(ctx, "MENTOR", null, hostUnit.programId, hostUnit.id);
  });

  composer.callbackQuery(inviteListPick.filter, async (ctx) => {
    const { programId } = inviteListPick.values(ctx.match);
    if (!(await requireProgramRole(ctx, programId, "manage"))) return;
    await ctx.answerCallbackQuery();
    await listInvites(ctx, programId);
  });

  composer.callbackQuery(inviteRevoke.filter, async (ctx) => {
    const { inviteId } = inviteRevoke.values(ctx.match);
    const invite = await findInviteById(ctx.deps.db, inviteId);
    if (!invite?.programId) {
      await ctx.answerCallbackQuery({ text: ctx.t("fallback.stale_button") });
      return;
    }
    if (!(await requireProgramRole(ctx, invite.programId, "manage"))) return;
    // Only an invite the coordinator could have created (within its scope) may be revoked.
    if (!mayIssueInvite(resolveProgramScope(ctx.actor, invite.programId, "manage"), invite)) {
      await denyAccess(ctx, "access.scope_denied");
      return;
    }
    await revokeProgramInvite(ctx.deps.db, {
      inviteId: invite.id,
      programId: invite.programId,
      actorId: ctx.actor?.personId ?? null,
      now: ctx.deps.clock.now(),
    });
    await ctx.answerCallbackQuery({ text: ctx.t("staff_invites.revoked") });
    await ctx.reply(ctx.t("staff_invites.revoked"));
  });

  return composer;
}

/** The units of the program the actor's scope reaches, for mentor and host-coordinator invites. */
async function unitsInScope(ctx: BotContext, programId: string) {
  const scope = resolveProgramScope(ctx.actor, programId, "manage");
  const units = await inviteUnitsOfProgram(ctx.deps.db, programId);
  return scope ? unitsWithin(scope, units) : [];
}

async function coordinatorForUnit(ctx: BotContext, programId: string, query: string) {
  const units = await unitsInScope(ctx, programId);
  const match = matchHostUnit(query, units);
  if (match.kind === "one") {
    await sendInvite(ctx, "COORDINATOR", "HOST", programId, match.unit.id);
    return;
  }
  await unitKeyboard(ctx, match.kind === "many" ? match.units : units, "ku");
}

async function unitKeyboard(
  ctx: BotContext,
  units: { id: string; name: string; shortName: string | null }[],
  who: "u" | "ku",
): Promise<void> {
  if (units.length === 0) {
    await ctx.reply(ctx.t("staff_invites.no_units"));
    return;
  }
  const keyboard = new InlineKeyboard();
  for (const unit of units)
    keyboard
      .text(
        (unit.shortName ?? unit.name).slice(0, 48),
        inviteUnit.build({ who, hostUnitId: unit.id }),
      )
      .row();
  const prompt = who === "ku" ? "staff_invites.pick_unit_coordinator" : "staff_invites.pick_unit";
  await ctx.reply(ctx.t(prompt), { reply_markup: keyboard });
}

async function continueWithProgram(
  ctx: BotContext,
  role: InviteRole,
  side: ProgramSide | null,
  programId: string,
): Promise<void> {
  const scope = resolveProgramScope(ctx.actor, programId, "manage");
  if (role === "MENTOR") {
    await unitKeyboard(ctx, await unitsInScope(ctx, programId), "u");
    return;
  }
  if (role === "COORDINATOR" && scope && !scope.isAdmin) {
    // A unit-limited coordinator invites host coordinators of its own units only.
    if (!isWholeProgram(scope)) {
      await unitKeyboard(ctx, await unitsInScope(ctx, programId), "ku");
      return;
    }
    // Without a side word: the coordinator's own side; a coordinator of both sides must choose.
    const chosen = side ?? scope.side;
    if (chosen === null) {
      await ctx.reply(ctx.t("staff_invites.coordinator_side_needed"));
      return;
    }
    await sendInvite(ctx, role, chosen, programId, null);
    return;
  }
  await sendInvite(ctx, role, side, programId, null);
}

async function sendInvite(
  ctx: BotContext,
  role: InviteRole,
  side: ProgramSide | null,
  programId: string,
  hostUnitId: string | null,
): Promise<void> {
  const unit = hostUnitId
    ? await findInviteUnitOfProgram(ctx.deps.db, programId, hostUnitId)
    : null;
  const scope = resolveProgramScope(ctx.actor, programId, "manage");
  if (
    (hostUnitId !== null && !unit) ||
    !mayIssueInvite(scope, { role, side, hostUnitId: unit?.id ?? null })
  ) {
    // Buttons were answered already: the refusal is a message.
    ctx.logger.warn({ programId, role }, "invite.outside_scope");
    await ctx.reply(ctx.t(scope ? "access.scope_denied" : "access.denied"));
    return;
  }
  const invite = await createProgramInvite(ctx.deps.db, {
    role,
    programId,
    hostUnitId: unit?.id ?? null,
    side,
    actorId: ctx.actor?.personId ?? null,
    now: ctx.deps.clock.now(),
  });
  const link = inviteLink(ctx.me.username, invite.code);
  const program = await programForInvites(ctx.deps.db, programId);
  const expires = formatExpiry(ctx, invite.expiresAt, program?.zone);
  const roleName = ctx.t(`staff_invites.role.${role}`);
  const unitName = unit ? ` (${unit.shortName ?? unit.name})` : "";
  const text = ctx.t("staff_invites.created", {
    role: roleName,
    unit: escapeHtml(unitName),
    link,
    expires,
    uses: invite.maxUses ?? "∞",
  });
  await ctx.reply(text, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
  // The printable card: what it is for, the QR, the link and until when (also in the caption).
  const programName = program?.name ?? "-";
  const png = await renderInviteCard({
    program: programName,
    heading: ctx.t("staff_invites.card_heading", { role: roleName, unit: unitName }),
    link,
    expiry: ctx.t("staff_invites.card_expiry", { expires }),
  });
  await ctx.replyWithPhoto(new InputFile(png, "undangan.png"), {
    caption: ctx.t("staff_invites.qr_caption", {
      program: escapeHtml(programName),
      role: roleName,
      unit: escapeHtml(unitName),
      link,
      expires,
    }),
    parse_mode: "HTML",
  });
}

async function listInvites(ctx: BotContext, programId: string): Promise<void> {
  const scope = resolveProgramScope(ctx.actor, programId, "manage");
  const invites = (await usableInvites(ctx.deps.db, programId, ctx.deps.clock.now())).filter(
    (invite) => mayIssueInvite(scope, invite),
  );
  if (invites.length === 0) {
    await ctx.reply(ctx.t("staff_invites.none"));
    return;
  }
  const keyboard = new InlineKeyboard();
  const zone = await programZone(ctx, programId);
  const lines = invites.map((invite, index) => {
    keyboard.text(
      ctx.t("staff_invites.revoke_button", { n: index + 1 }),
      inviteRevoke.build({ inviteId: invite.id }),
    );
    if (index % 3 === 2) keyboard.row();
    return ctx.t("staff_invites.list_line", {
      n: index + 1,
      role: ctx.t(`staff_invites.role.${invite.role}`),
      unit: invite.hostUnit
        ? ` (${escapeHtml(invite.hostUnit.shortName ?? invite.hostUnit.name)})`
        : "",
      uses: invite.uses,
      max: invite.maxUses ?? "∞",
      expires: formatExpiry(ctx, invite.expiresAt, zone),
      link: inviteLink(ctx.me.username, invite.code),
    });
  });
  await ctx.reply([ctx.t("staff_invites.list_title"), "", ...lines].join("\n"), {
    parse_mode: "HTML",
    reply_markup: keyboard,
    link_preview_options: { is_disabled: true },
  });
}

/** Expiry times are shown in the host province's zone, as every time the bot shows. */
async function programZone(ctx: BotContext, programId: string): Promise<ProgramZone | undefined> {
  return (await programForInvites(ctx.deps.db, programId))?.zone;
}

function formatExpiry(ctx: BotContext, expiresAt: Date | null, zone: ProgramZone | undefined) {
  if (!expiresAt || !zone) return "-";
  const day = formatDateId(localDate(expiresAt, zone.timeZone), ctx.locale);
  return `${day} ${formatTimeWithZone(expiresAt, zone.timeZone, zone.zone)}`;
}
