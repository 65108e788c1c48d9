import type { Api } from "grammy";
import type { i18n } from "i18next";
import type { Logger } from "pino";
import type { Actor, RoleName } from "../bot/actor.ts";
import type { BotContext } from "../bot/context.ts";
import type { DbOrTx } from "../db/client.ts";
import { hasEnrollment } from "../db/repositories/enrollments.repository.ts";
import { findAccountByTelegramId, findActiveRoles } from "../db/repositories/roles.repository.ts";
import { supportedLocales } from "../i18n/i18n.ts";
import { commandsFor } from "./command-catalog.ts";

const staffOrder = ["admin", "coordinator", "official", "mentor"] as const;

/**
 * The roles a user really holds: staff roles from grants (administrators from the config) and
 * "participant" only for someone enrolled in a program — a staff member's person record alone
 * does not make them a participant.
 */
export async function rolesHeld(
  db: DbOrTx,
  user: { personId: string | null; isAdmin: boolean; grantedRoles: string[] },
): Promise<RoleName[]> {
  const roles: RoleName[] = staffOrder.filter((role) =>
    role === "admin" ? user.isAdmin : user.grantedRoles.includes(role.toUpperCase()),
  );
  if (user.personId && (await hasEnrollment(db, user.personId))) roles.push("participant");
  return roles;
}

export function rolesOfActor(db: DbOrTx, actor: Actor | undefined): Promise<RoleName[]> {
  if (!actor) return Promise.resolve([]);
  return rolesHeld(db, {
    personId: actor.personId,
    isAdmin: actor.isAdmin,
    grantedRoles: actor.grants.map((grant) => grant.role),
  });
}

export function isStaff(roles: RoleName[]): boolean {
  return roles.some((role) => role !== "participant");
}

export interface MenuDeps {
  api: Api;
  db: DbOrTx;
  i18n: i18n;
  logger: Logger;
  adminTelegramIds: bigint[];
}

/**
 * A staff member's own command menu: setMyCommands scoped to their private chat, once without a
 * language (Indonesian) and once per language. Someone with no staff role loses it and sees the
 * default (participant) menu again. A failure is logged, never thrown: the menu is a convenience.
 */
export async function refreshCommandMenu(deps: MenuDeps, telegramUserId: bigint): Promise<void> {
  const account = await findAccountByTelegramId(deps.db, telegramUserId);
  const roles = await rolesHeld(deps.db, {
    personId: account?.personId ?? null,
    isAdmin: deps.adminTelegramIds.includes(telegramUserId),
    grantedRoles: account?.personId ? await findActiveRoles(deps.db, account.personId) : [],
  });
  const scope = { type: "chat" as const, chat_id: Number(telegramUserId) };
  try {
    if (!isStaff(roles)) {
      await deps.api.deleteMyCommands({ scope });
      for (const locale of supportedLocales)
        await deps.api.deleteMyCommands({ scope, language_code: locale });
      return;
    }
    const entries = commandsFor(roles);
    const menuIn = (locale: string) => {
      const t = deps.i18n.getFixedT(locale);
      return entries.map((entry) => ({
        command: entry.command,
        description: String(t(entry.descriptionKey)).slice(0, 256),
      }));
    };
    await deps.api.setMyCommands(menuIn("id"), { scope });
    for (const locale of supportedLocales)
      await deps.api.setMyCommands(menuIn(locale), { scope, language_code: locale });
    deps.logger.info({ roles: roles.length }, "commands.menu_refreshed");
  } catch (error) {
    deps.logger.warn({ err: error }, "commands.menu_refresh_failed");
  }
}

export function menuDeps(ctx: BotContext): MenuDeps {
  return {
    api: ctx.api,
    db: ctx.deps.db,
    i18n: ctx.deps.i18n,
    logger: ctx.logger,
    adminTelegramIds: ctx.deps.config.adminTelegramIds,
  };
}
