import { InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import type { FlowDefinition, FlowState } from "../../bot/flows.ts";
import { findProvince, loadProvinces } from "../../domain/provinces.ts";
import { formatDateId } from "../../domain/time.ts";
import { parseDateInput } from "../../imports/cells.ts";
import { escapeHtml } from "../../shared/html.ts";
import { newProgramDecision, programProvince } from "./program-setup.callbacks.ts";
import type { ProgramDraft } from "./program-setup.service.ts";

export const newProgramFlow = "program-new";
const maxNameLength = 150;
const maxAgreementLength = 300;

export type NewProgramData = Partial<ProgramDraft>;

export function provinceKeyboard(): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  loadProvinces().forEach((province, index) => {
    keyboard.text(province.shortName, programProvince.build({ code: province.code }));
    if (index % 4 === 3) keyboard.row();
  });
  return keyboard;
}

export async function askStep(ctx: BotContext, step: string, data: NewProgramData): Promise<void> {
  switch (step) {
    case "name":
      await ctx.reply(ctx.t("program.ask_name"));
      return;
    case "sending":
      await ctx.reply(ctx.t("program.ask_sending"), { reply_markup: provinceKeyboard() });
      return;
    case "host":
      await ctx.reply(ctx.t("program.ask_host"), { reply_markup: provinceKeyboard() });
      return;
    case "start":
      await ctx.reply(ctx.t("program.ask_start"));
      return;
    case "end":
      await ctx.reply(ctx.t("program.ask_end"));
      return;
    case "agreement":
      await ctx.reply(ctx.t("program.ask_agreement"), {
        reply_markup: new InlineKeyboard().text(
          ctx.t("program.skip"),
          newProgramDecision.build({ action: "skip" }),
        ),
      });
      return;
    default:
      await ctx.reply(renderSummary(ctx, data), {
        parse_mode: "HTML",
        reply_markup: new InlineKeyboard()
          .text(ctx.t("program.confirm"), newProgramDecision.build({ action: "ok" }))
          .text(ctx.t("program.cancel"), newProgramDecision.build({ action: "no" })),
      });
  }
}

export function renderSummary(ctx: BotContext, data: NewProgramData): string {
  const province = (code: string | undefined) =>
    loadProvinces().find((p) => p.code === code)?.name ?? "-";
  const locale = ctx.locale;
  return ctx.t("program.summary", {
    name: escapeHtml(data.name ?? ""),
    sending: escapeHtml(province(data.sendingProvinceCode)),
    host: escapeHtml(province(data.hostProvinceCode)),
    start: data.startDate ? formatDateId(data.startDate, locale) : "-",
    end: data.endDate ? formatDateId(data.endDate, locale) : "-",
    agreement: escapeHtml(data.agreementRef ?? "-"),
  });
}

/** Applies a province (typed or pressed) to the sending/host step; false when unknown. */
export async function acceptProvince(
  ctx: BotContext,
  state: FlowState,
  query: string,
): Promise<boolean> {
  const province = findProvince(query);
  if (!province) return false;
  const data = state.data as NewProgramData;
  if (state.step === "sending") {
    await ctx.flow.goto("host", { sendingProvinceCode: province.code });
    await askStep(ctx, "host", data);
    return true;
  }
  if (province.code === data.sendingProvinceCode) {
    await ctx.reply(ctx.t("program.same_province"));
    return true;
  }
  await ctx.flow.goto("start", { hostProvinceCode: province.code });
  await askStep(ctx, "start", data);
  return true;
}

function textOf(ctx: BotContext): string | undefined {
  const text = ctx.message?.text?.trim();
  return text ? text : undefined;
}

async function reAsk(ctx: BotContext, key: string, state: FlowState): Promise<void> {
  await ctx.reply(ctx.t(key));
  await askStep(ctx, state.step, state.data as NewProgramData);
}

export function createNewProgramFlow(): FlowDefinition {
  return {
    name: newProgramFlow,
    steps: {
      name: async (ctx, state) => {
        const text = textOf(ctx);
        if (!text || text.length > maxNameLength) {
          await reAsk(ctx, "program.bad_name", state);
          return;
        }
        await ctx.flow.goto("sending", { name: text });
        await askStep(ctx, "sending", state.data);
      },
      sending: async (ctx, state) => {
        const text = textOf(ctx);
        if (!text || text.length > 60 || !(await acceptProvince(ctx, state, text))) {
          await reAsk(ctx, "program.bad_province", state);
        }
      },
      host: async (ctx, state) => {
        const text = textOf(ctx);
        if (!text || text.length > 60 || !(await acceptProvince(ctx, state, text))) {
          await reAsk(ctx, "program.bad_province", state);
        }
      },
      start: async (ctx, state) => {
        const date = parseDateInput(textOf(ctx)?.slice(0, 20) ?? "");
        if (!date) {
          await reAsk(ctx, "program.bad_date", state);
          return;
        }
        await ctx.flow.goto("end", { startDate: date });
        await askStep(ctx, "end", state.data);
      },
      end: async (ctx, state) => {
        const date = parseDateInput(textOf(ctx)?.slice(0, 20) ?? "");
        const start = (state.data as NewProgramData).startDate ?? "";
        if (!date) {
          await reAsk(ctx, "program.bad_date", state);
          return;
        }
        if (date < start) {
          await reAsk(ctx, "program.end_before_start", state);
          return;
        }
        await ctx.flow.goto("agreement", { endDate: date });
        await askStep(ctx, "agreement", state.data);
      },
      agreement: async (ctx, state) => {
        const text = textOf(ctx);
        if (!text || text.length > maxAgreementLength) {
          await reAsk(ctx, "program.bad_agreement", state);
          return;
        }
        const data = { ...(state.data as NewProgramData), agreementRef: text };
        await ctx.flow.goto("confirm", { agreementRef: text });
        await askStep(ctx, "confirm", data);
      },
      confirm: async (ctx, state) => {
        await askStep(ctx, "confirm", state.data as NewProgramData);
      },
    },
  };
}
