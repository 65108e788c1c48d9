import { Composer } from "grammy";
import { stateStore } from "../../bot/chat-state.ts";
import type { BotContext } from "../../bot/context.ts";
import { findProvince } from "../../domain/provinces.ts";
import { formatDateId } from "../../domain/time.ts";
import { parseDateInput } from "../../imports/cells.ts";
import { escapeHtml } from "../../shared/html.ts";
import { pickProgram } from "../access/pick-program.ts";
import { requireProgramRole, requireProgramScope, requireRole } from "../access/require-role.ts";
import { daysOffProgramPick } from "./days-off.callbacks.ts";
import {
  addDayOff,
  type DaysOffAction,
  daysOffOfProgram,
  removeProgramDayOff,
  savePendingDaysOffAction,
  takePendingDaysOffAction,
} from "./days-off.service.ts";

const maxNameLength = 100;

/**
 * /libur: a program's days off (national and regional ones included); `tambah`/`hapus` for
 * coordinators; `nasional`, `cutibersama`, `daerah <provinsi>` for administrators.
 */
export function createDaysOffComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("libur", async (ctx) => {
    if (!(await requireRole(ctx, ["admin", "coordinator"]))) return;
    const [word = "", ...rest] = ctx.match.trim().split(/\s+/);
    const sub = word.toLowerCase();
    if (sub === "nasional" || sub === "cutibersama" || sub === "daerah") {
      await addPublicDayOff(ctx, sub, rest);
      return;
    }
    const parsed = parseAction(sub, rest);
    if (!parsed) {
      await ctx.reply(ctx.t("days_off.usage"));
      return;
    }
    const programId = await pickProgram(ctx, {
      access: "manage",
      button: (programId) => daysOffProgramPick.build({ programId }),
    });
    if (!programId) {
      if (ctx.actor)
        await savePendingDaysOffAction(stateStore(ctx), ctx.actor.telegramUserId, parsed);
      return;
    }
    await perform(ctx, programId, parsed);
  });

  composer.callbackQuery(daysOffProgramPick.filter, async (ctx) => {
    const { programId } = daysOffProgramPick.values(ctx.match);
    if (!(await requireProgramRole(ctx, programId, "manage")) || !ctx.actor) return;
    const action = (await takePendingDaysOffAction(stateStore(ctx), ctx.actor.telegramUserId)) ?? {
      action: "list",
    };
    await ctx.answerCallbackQuery();
    await perform(ctx, programId, action);
  });

  return composer;
}

function parseAction(sub: string, rest: string[]): DaysOffAction | undefined {
  if (sub === "" || sub === "daftar") return { action: "list" };
  const date = parseDateInput(rest[0] ?? "");
  if (!date) return undefined;
  if (sub === "hapus") return { action: "remove", date };
  const name = rest.slice(1).join(" ").trim();
  if (sub === "tambah" && name && name.length <= maxNameLength) {
    return { action: "add", date, name };
  }
  return undefined;
}

async function perform(ctx: BotContext, programId: string, action: DaysOffAction): Promise<void> {
  // A day off applies to every unit of the program: adding or removing one needs the whole
  // program in scope; a unit-limited coordinator may still list them.
  const scope = await requireProgramScope(ctx, programId, "manage", {
    wholeProgram: action.action !== "list",
  });
  if (!scope) return;
  const actorId = ctx.actor?.personId ?? null;
  const now = ctx.deps.clock.now();
  if (action.action === "add") {
    const added = await addDayOff(ctx.deps.db, {
      date: action.date,
      name: action.name,
      kind: "PROGRAM",
      programId,
      provinceCode: null,
      actorId,
      now,
    });
    await ctx.reply(
      ctx.t(added ? "days_off.added" : "days_off.already", {
        date: formatDateId(action.date, ctx.locale),
        name: action.name,
      }),
    );
    return;
  }
  if (action.action === "remove") {
    const removed = await removeProgramDayOff(ctx.deps.db, {
      programId,
      date: action.date,
      actorId,
      now,
    });
    await ctx.reply(
      ctx.t(removed ? "days_off.removed" : "days_off.not_found", {
        date: formatDateId(action.date, ctx.locale),
      }),
    );
    return;
  }
  const found = await daysOffOfProgram(ctx.deps.db, programId);
  if (!found) return;
  const lines = found.days.map(
    (day) =>
      `• ${formatDateId(day.date.toISOString().slice(0, 10), ctx.locale)}: ${escapeHtml(day.name)} (${ctx.t(`days_off.kind.${day.kind}`)})`,
  );
  await ctx.reply(
    [
      ctx.t("days_off.title", { program: escapeHtml(found.program.name) }),
      "",
      ...(lines.length ? lines : [ctx.t("days_off.none")]),
      "",
      ctx.t("days_off.hint"),
    ].join("\n"),
    { parse_mode: "HTML" },
  );
}

async function addPublicDayOff(ctx: BotContext, sub: string, rest: string[]): Promise<void> {
  if (!(await requireRole(ctx, ["admin"]))) return;
  const province = sub === "daerah" ? findProvince(rest.shift() ?? "") : undefined;
  const date = parseDateInput(rest[0] ?? "");
  const name = rest.slice(1).join(" ").trim();
  if (!date || !name || name.length > maxNameLength || (sub === "daerah" && !province)) {
    await ctx.reply(ctx.t("days_off.usage_admin"));
    return;
  }
  const kind =
    sub === "nasional" ? "NATIONAL" : sub === "cutibersama" ? "CUTI_BERSAMA" : "REGIONAL";
  const added = await addDayOff(ctx.deps.db, {
    date,
    name,
    kind,
    programId: null,
    provinceCode: province?.code ?? null,
    actorId: ctx.actor?.personId ?? null,
    now: ctx.deps.clock.now(),
  });
  await ctx.reply(
    ctx.t(added ? "days_off.added" : "days_off.already", {
      date: formatDateId(date, ctx.locale),
      name,
    }),
  );
}
