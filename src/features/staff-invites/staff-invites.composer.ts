import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import {
  findHostUnitById,
  findHostUnitOfProgram,
  listHostUnits,
} from "../../db/repositories/host-units.repository.ts";
import { findProgramWithProvinces } from "../../db/repositories/program-lookup.repository.ts";
import { formatDateId, formatTimeWithZone, localDate } from "../../domain/time.ts";
import type { InviteRole, ProgramSide } from "../../generated/prisma/enums.ts";
import { escapeHtml } from "../../shared/html.ts";
import { pickProgram, programPickPattern } from "../access/pick-program.ts";
import { requireProgramRole, requireRole } from "../access/require-role.ts";
import { inviteLink } from "../invites/invite-code.ts";
import { renderInviteCard } from "./invite-card.ts";
import {
  createProgramInvite,
  findInviteById,
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
const uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const unitCallback = new RegExp(`^inv:u:(${uuid})$`);
const revokeCallback = new RegExp(`^inv:rev:(${uuid})$`);
const listPrefix = "inv:list";

/** /undang <peserta|koordinator|pejabat|pembimbing>: a deep link with its QR code; /undang daftar. */
export function createStaffInvitesComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("undang", async (ctx) => {
    if (!(await requireRole(ctx, ["admin", "coordinator"]))) return;
    const [word = "", sideWord = ""] = ctx.match.trim().toLowerCase().split(/\s+/);
    if (word === "daftar") {
      const programId = await pickProgram(ctx, { access: "manage", callbackPrefix: listPrefix });
      if (programId) await listInvites(ctx, programId);
      return;
    }
    const choice = roleCodes[word];
    if (!choice) {
      await ctx.reply(ctx.t("staff_invites.usage"));
      return;
    }
    const sideCode = choice.role === "COORDINATOR" ? (sideWords[sideWord] ?? "N") : "N";
    const prefix = `inv:new:${choice.code}${sideCode}`;
    const programId = await pickProgram(ctx, { access: "manage", callbackPrefix: prefix });
    if (programId)
      await continueWithProgram(ctx, choice.role, sideByCode[sideCode] ?? null, programId);
  });

  composer.callbackQuery(new RegExp(`^inv:new:([PKJB])([SHN]):(${uuid})$`), async (ctx) => {
    const [, roleCode = "", sideCode = "", programId = ""] = ctx.match;
    if (!(await requireProgramRole(ctx, programId, "manage"))) return;
    await ctx.answerCallbackQuery();
    await continueWithProgram(
      ctx,
      roleByCode[roleCode] ?? "PARTICIPANT",
      sideByCode[sideCode] ?? null,
      programId,
    );
  });

  composer.callbackQuery(unitCallback, async (ctx) => {
    const hostUnit = await findHostUnitById(ctx.deps.db, ctx.match[1] ?? "");
    if (!hostUnit) {
      await ctx.answerCallbackQuery({ text: ctx.t("fallback.stale_button") });
      return;
    }
    if (!(await requireProgramRole(ctx, hostUnit.programId, "manage"))) return;
    await ctx.answerCallbackQuery();
    await sendInvite(ctx, "MENTOR", null, hostUnit.programId, hostUnit.id);
  });

  composer.callbackQuery(programPickPattern(listPrefix), async (ctx) => {
    const programId = ctx.match[1] ?? "";
    if (!(await requireProgramRole(ctx, programId, "manage"))) return;
    await ctx.answerCallbackQuery();
    await listInvites(ctx, programId);
  });

  composer.callbackQuery(revokeCallback, async (ctx) => {
    const invite = await findInviteById(ctx.deps.db, ctx.match[1] ?? "");
    if (!invite?.programId) {
      await ctx.answerCallbackQuery({ text: ctx.t("fallback.stale_button") });
      return;
    }
    if (!(await requireProgramRole(ctx, invite.programId, "manage"))) return;
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

async function continueWithProgram(
  ctx: BotContext,
  role: InviteRole,
  side: ProgramSide | null,
  programId: string,
): Promise<void> {
  if (role !== "MENTOR") {
    await sendInvite(ctx, role, side, programId, null);
    return;
  }
  const units = await listHostUnits(ctx.deps.db, programId);
  if (units.length === 0) {
    await ctx.reply(ctx.t("staff_invites.no_units"));
    return;
  }
  const keyboard = new InlineKeyboard();
  for (const unit of units)
    keyboard.text((unit.shortName ?? unit.name).slice(0, 48), `inv:u:${unit.id}`).row();
  await ctx.reply(ctx.t("staff_invites.pick_unit"), { reply_markup: keyboard });
}

async function sendInvite(
  ctx: BotContext,
  role: InviteRole,
  side: ProgramSide | null,
  programId: string,
  hostUnitId: string | null,
): Promise<void> {
  const unit = hostUnitId ? await findHostUnitOfProgram(ctx.deps.db, programId, hostUnitId) : null;
  const invite = await createProgramInvite(ctx.deps.db, {
    role,
    programId,
    hostUnitId: unit?.id ?? null,
    side,
    actorId: ctx.actor?.personId ?? null,
    now: ctx.deps.clock.now(),
  });
  const link = inviteLink(ctx.me.username, invite.code);
  const program = await findProgramWithProvinces(ctx.deps.db, programId);
  const expires = formatExpiry(ctx, invite.expiresAt, zoneOf(program));
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
  const invites = await usableInvites(ctx.deps.db, programId, ctx.deps.clock.now());
  if (invites.length === 0) {
    await ctx.reply(ctx.t("staff_invites.none"));
    return;
  }
  const keyboard = new InlineKeyboard();
  const zone = await programZone(ctx, programId);
  const lines = invites.map((invite, index) => {
    keyboard.text(ctx.t("staff_invites.revoke_button", { n: index + 1 }), `inv:rev:${invite.id}`);
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

interface ProgramZone {
  timeZone: string;
  zone: string;
}

/** Expiry times are shown in the host province's zone, as every time the bot shows. */
async function programZone(ctx: BotContext, programId: string): Promise<ProgramZone | undefined> {
  return zoneOf(await findProgramWithProvinces(ctx.deps.db, programId));
}

function zoneOf(
  program: { hostProvince: { timeZone: string; zone: string } } | null | undefined,
): ProgramZone | undefined {
  return program
    ? { timeZone: program.hostProvince.timeZone, zone: program.hostProvince.zone }
    : undefined;
}

function formatExpiry(ctx: BotContext, expiresAt: Date | null, zone: ProgramZone | undefined) {
  if (!expiresAt || !zone) return "-";
  const day = formatDateId(localDate(expiresAt, zone.timeZone), ctx.locale);
  return `${day} ${formatTimeWithZone(expiresAt, zone.timeZone, zone.zone)}`;
}
