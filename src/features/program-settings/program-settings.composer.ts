import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { formatNip } from "../../domain/nip.ts";
import { formatDateId } from "../../domain/time.ts";
import type { Translate } from "../../i18n/i18n.ts";
import { escapeHtml } from "../../shared/html.ts";
import { resolveProgramScope } from "../access/scope.ts";
import { explainNipProblem } from "../registration/nip-explanation.ts";
import { criterionLabel } from "../shared/criterion-label.ts";
import { resolveStaffProgram } from "../shared/staff-program.service.ts";
import {
  applySettingChange,
  loadProgramSettings,
  type ProgramSettingsView,
  parseSettingChange,
} from "./program-settings.service.ts";

/**
 * /pengaturan: the program's end-of-program settings (JP, attendance threshold, final report,
 * signatories, assessment criteria and closing date). Coordinators of the whole program change
 * them with `/pengaturan <kunci> <nilai>`; officials and unit-limited coordinators only see them.
 */
export function createProgramSettingsComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("pengaturan", async (ctx) => {
    const now = ctx.deps.clock.now();
    const program = await resolveStaffProgram(ctx.deps.db, ctx.actor, "view", now);
    const viewScope = program ? resolveProgramScope(ctx.actor, program.id, "view") : undefined;
    // Mentors see a unit, not the program's settings.
    const mayView =
      program &&
      viewScope &&
      (viewScope.isAdmin ||
        ctx.actor?.grants.some(
          (grant) =>
            grant.programId === program.id &&
            (grant.role === "COORDINATOR" || grant.role === "OFFICIAL"),
        ));
    if (!program || !mayView) {
      await ctx.reply(ctx.t("settings.not_allowed"));
      return;
    }
    const manage = resolveProgramScope(ctx.actor, program.id, "manage");
    const mayChange = manage !== undefined && manage.hostUnitIds === null;
    const [key = "", ...rest] = ctx.match.trim().split(/\s+/);
    if (key === "" || key.toLowerCase() === "bantuan" || key.toLowerCase() === "help") {
      const view = await loadProgramSettings(ctx.deps.db, program.id);
      if (!view) return;
      await ctx.reply(renderSettings(ctx.t, ctx.locale, view, mayChange), { parse_mode: "HTML" });
      return;
    }
    if (!mayChange) {
      await ctx.reply(ctx.t(manage ? "access.whole_program_only" : "settings.read_only"));
      return;
    }
    const value = ctx.match.trim().slice(key.length).trim();
    if (rest.length === 0 || value === "") {
      await ctx.reply(
        ctx.t("settings.missing_value", { key: key.slice(0, 30) }) +
          "\n\n" +
          ctx.t("settings.help"),
      );
      return;
    }
    const parsed = parseSettingChange(key, value, now);
    if (!parsed.ok) {
      const lines = [ctx.t(parsed.problem.key, parsed.problem.vars ?? {})];
      if (parsed.problem.nipProblem) {
        const explanation = explainNipProblem(parsed.problem.nipProblem);
        lines.push(ctx.t(explanation.key, explanation.vars));
      }
      if (parsed.problem.key === "settings.error.unknown_key")
        lines.push("", ctx.t("settings.help"));
      await ctx.reply(lines.join("\n"));
      return;
    }
    const view = await applySettingChange(ctx.deps.db, {
      programId: program.id,
      change: parsed.change,
      actorId: ctx.actor?.personId ?? null,
      now,
    });
    if (!view) return;
    ctx.logger.info({ programId: program.id, setting: parsed.change.setting }, "settings.changed");
    await ctx.reply(
      `${ctx.t("settings.saved")}\n\n${renderSettings(ctx.t, ctx.locale, view, false)}`,
      { parse_mode: "HTML" },
    );
  });

  return composer;
}

function renderSettings(
  t: Translate,
  locale: "id" | "en",
  view: ProgramSettingsView,
  withHelp: boolean,
): string {
  const signatory = (index: number) => {
    const person = view.signatories[index];
    if (!person) return t("settings.not_set");
    const nip = person.nip ? ` (NIP ${formatNip(person.nip)})` : "";
    return `${escapeHtml(person.name)} — ${escapeHtml(person.position)}${nip}`;
  };
  const lines = [
    t("settings.title", { program: escapeHtml(view.programName) }),
    "",
    t("settings.line_jp", {
      value:
        view.hours === null ? t("settings.not_set") : t("settings.jp_value", { hours: view.hours }),
    }),
    t("settings.line_attendance", { value: view.minAttendance }),
    t("settings.line_final_report", {
      value: t(view.needsFinalReport ? "settings.yes" : "settings.no"),
    }),
    t("settings.line_signatory", { slot: 1, value: signatory(0) }),
    t("settings.line_signatory", { slot: 2, value: signatory(1) }),
    t("settings.line_criteria", {
      value: escapeHtml(view.criteria.map((criterion) => criterionLabel(t, criterion)).join(", ")),
    }),
    t("settings.line_closes", {
      value: view.closesOn
        ? formatDateId(view.closesOn, locale)
        : t("settings.closes_default", { date: formatDateId(view.defaultClosesOn, locale) }),
    }),
  ];
  if (withHelp) lines.push("", escapeHtml(t("settings.help")));
  return lines.join("\n");
}
