import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { escapeHtml } from "../../shared/html.ts";
import { requireRole } from "../access/require-role.ts";
import { menuDeps, refreshCommandMenu } from "../command-menus.ts";
import { isWellFormedInviteCode } from "../invites/invite-code.ts";
import { findProgram } from "../program-setup/program-setup.service.ts";
import {
  findStaffAccount,
  grantRole,
  isStaffInvite,
  redeemStaffInvite,
  revokeRole,
  roleWords,
} from "./roles.service.ts";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function telegramFullName(from: { first_name: string; last_name?: string }): string {
  return [from.first_name, from.last_name].filter(Boolean).join(" ").slice(0, 200);
}

/**
 * Roles: /beriperan and /cabutperan for administrators, and `/start <code>` of staff invites
 * (participant invites are left to registration, which passes them on).
 */
export function createRolesComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("start", async (ctx, next) => {
    const code = ctx.match.trim();
    if (!code || !isWellFormedInviteCode(code) || !ctx.from || !ctx.actor) return next();
    if (!(await isStaffInvite(ctx.deps.db, code))) return next();
    const result = await redeemStaffInvite(ctx.deps.db, {
      code,
      telegramUserId: ctx.actor.telegramUserId,
      fullName: telegramFullName(ctx.from),
      now: ctx.deps.clock.now(),
    });
    if (!result.ok) {
      await ctx.reply(ctx.t(`roles.invite_${result.reason}`));
      return;
    }
    const program = result.programId ? await findProgram(ctx.deps.db, result.programId) : null;
    ctx.logger.info({ role: result.role, programId: result.programId }, "roles.invite_redeemed");
    await refreshCommandMenu(menuDeps(ctx), ctx.actor.telegramUserId);
    await ctx.reply(
      ctx.t("roles.invite_accepted", {
        role: ctx.t(`roles.name.${result.role}`),
        program: escapeHtml(program?.name ?? "-"),
      }),
      { parse_mode: "HTML" },
    );
  });

  composer.command("beriperan", async (ctx) => {
    if (!(await requireRole(ctx, ["admin"]))) return;
    const [reference, roleWord, programId] = ctx.match.trim().split(/\s+/);
    const role = roleWords[roleWord?.toLowerCase() ?? ""];
    if (!reference || !role || (programId !== undefined && !uuid.test(programId))) {
      await ctx.reply(ctx.t("roles.grant_usage"));
      return;
    }
    if (role !== "COORDINATOR" && !programId) {
      await ctx.reply(ctx.t("roles.grant_needs_program"));
      return;
    }
    const program = programId ? await findProgram(ctx.deps.db, programId) : null;
    if (programId && !program) {
      await ctx.reply(ctx.t("roles.program_not_found"));
      return;
    }
    const account = await findStaffAccount(ctx.deps.db, reference);
    if (!account) {
      await ctx.reply(ctx.t("roles.user_not_found"));
      return;
    }
    await grantRole(ctx.deps.db, {
      telegramUserId: account.telegramUserId,
      fullName: account.firstName ?? reference,
      role,
      programId: program?.id ?? null,
      hostUnitId: null,
      side: null,
      grantedById: ctx.actor?.personId ?? null,
      now: ctx.deps.clock.now(),
    });
    await refreshCommandMenu(menuDeps(ctx), account.telegramUserId);
    await ctx.reply(
      ctx.t("roles.granted", {
        user: escapeHtml(account.firstName ?? reference),
        role: ctx.t(`roles.name.${role}`),
        program: escapeHtml(program?.name ?? ctx.t("roles.all_new_programs")),
      }),
      { parse_mode: "HTML" },
    );
  });

  composer.command("cabutperan", async (ctx) => {
    if (!(await requireRole(ctx, ["admin"]))) return;
    const [reference, roleWord, programId] = ctx.match.trim().split(/\s+/);
    const role = roleWords[roleWord?.toLowerCase() ?? ""];
    if (!reference || !role || (programId !== undefined && !uuid.test(programId))) {
      await ctx.reply(ctx.t("roles.revoke_usage"));
      return;
    }
    const account = await findStaffAccount(ctx.deps.db, reference);
    const revoked = account?.personId
      ? await revokeRole(ctx.deps.db, {
          personId: account.personId,
          role,
          ...(programId ? { programId } : {}),
          actorId: ctx.actor?.personId ?? null,
          now: ctx.deps.clock.now(),
        })
      : 0;
    if (account && revoked > 0) await refreshCommandMenu(menuDeps(ctx), account.telegramUserId);
    await ctx.reply(
      revoked > 0
        ? ctx.t("roles.revoked", { count: revoked, role: ctx.t(`roles.name.${role}`) })
        : ctx.t("roles.nothing_to_revoke"),
    );
  });

  return composer;
}
