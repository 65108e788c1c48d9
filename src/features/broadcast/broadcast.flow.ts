import { InlineKeyboard } from "grammy";
import type { Message } from "grammy/types";
import type { BotContext } from "../../bot/context.ts";
import type { FlowDefinition, FlowState } from "../../bot/flows.ts";
import {
  addDays,
  formatDateId,
  formatTimeWithZone,
  localDate,
  zonedDateTimeToInstant,
} from "../../domain/time.ts";
import { escapeHtml } from "../../shared/html.ts";
import {
  isWholeProgram,
  type ProgramScope,
  resolveProgramScope,
  unitsWithin,
} from "../access/scope.ts";
import { broadcastAudience, broadcastDecision, broadcastUnit } from "./broadcast.callbacks.ts";
import {
  audienceWithinScope,
  broadcastProgram,
  hostUnitsOfBroadcastProgram,
  resolveAudience,
  scheduleAnnouncement,
} from "./broadcast.service.ts";
import {
  type BroadcastAudience,
  type BroadcastContent,
  MAX_CAPTION_LENGTH,
  MAX_TEXT_LENGTH,
  outboxCallFor,
} from "./broadcast-content.ts";

export const broadcastFlowName = "broadcast";
/** How far ahead an announcement may be scheduled. */
export const MAX_SCHEDULE_DAYS = 60;

export interface BroadcastFlowData {
  programId: string;
  content?: BroadcastContent;
  audience?: BroadcastAudience;
}

export function dataOf(state: FlowState): BroadcastFlowData {
  return state.data as unknown as BroadcastFlowData;
}

export async function askContent(ctx: BotContext, programId: string): Promise<void> {
  const program = await broadcastProgram(ctx.deps.db, programId);
  await ctx.flow.start<BroadcastFlowData>(broadcastFlowName, "compose", { programId });
  await ctx.reply(ctx.t("broadcast.ask_content", { program: escapeHtml(program?.name ?? "") }), {
    parse_mode: "HTML",
  });
}

/** The sender's scope in the program now (re-checked at every step), or undefined. */
export function senderScope(ctx: BotContext, programId: string): ProgramScope | undefined {
  return resolveProgramScope(ctx.actor, programId, "manage");
}

/** The audiences; a unit-limited coordinator addresses only participants of its units. */
export function audienceKeyboard(ctx: BotContext, programId: string): InlineKeyboard {
  const keyboard = new InlineKeyboard()
    .text(ctx.t("broadcast.audience_all"), broadcastAudience.build({ kind: "all" }))
    .row()
    .text(ctx.t("broadcast.audience_unit"), broadcastAudience.build({ kind: "unit" }))
    .row()
    .text(ctx.t("broadcast.audience_absent"), broadcastAudience.build({ kind: "absent" }));
  const scope = senderScope(ctx, programId);
  if (scope && !isWholeProgram(scope)) return keyboard;
  return keyboard
    .row()
    .text(
      ctx.t("broadcast.audience_coordinators"),
      broadcastAudience.build({ kind: "coordinators" }),
    )
    .text(ctx.t("broadcast.audience_officials"), broadcastAudience.build({ kind: "officials" }));
}

/** The program's host units within the sender's scope. */
export async function unitsForSender(ctx: BotContext, programId: string) {
  const scope = senderScope(ctx, programId);
  const units = await hostUnitsOfBroadcastProgram(ctx.deps.db, programId);
  return scope ? unitsWithin(scope, units) : [];
}

export async function askUnit(ctx: BotContext, programId: string): Promise<boolean> {
  const units = await unitsForSender(ctx, programId);
  if (units.length === 0) {
    await ctx.reply(ctx.t("broadcast.no_units"), {
      reply_markup: audienceKeyboard(ctx, programId),
    });
    return false;
  }
  const keyboard = new InlineKeyboard();
  for (const unit of units) {
    const label = unit.shortName ?? unit.name;
    keyboard
      .text(
        label.length > 60 ? `${label.slice(0, 59)}…` : label,
        broadcastUnit.build({ hostUnitId: unit.id }),
      )
      .row();
  }
  await ctx.reply(ctx.t("broadcast.choose_unit"), { reply_markup: keyboard });
  return true;
}

/**
 * The announcement exactly as recipients will get it (same call, same parameters), then who
 * gets it and the three choices.
 */
export async function showPreview(
  ctx: BotContext,
  data: BroadcastFlowData,
  audience: BroadcastAudience,
  unitName?: string,
): Promise<void> {
  const scope = senderScope(ctx, data.programId);
  if (!data.content || !ctx.chat || !scope) return;
  const recipients = await resolveAudience(
    ctx.deps.db,
    data.programId,
    audience,
    ctx.deps.clock.now(),
    scope,
  );
  if (recipients.length === 0) {
    await ctx.reply(ctx.t("broadcast.no_recipients"), {
      reply_markup: audienceKeyboard(ctx, data.programId),
    });
    await ctx.flow.goto("audience");
    return;
  }
  await ctx.flow.goto<Partial<BroadcastFlowData>>("confirm", { audience });
  await ctx.reply(ctx.t("broadcast.preview_intro"));
  const { method, payload } = outboxCallFor(data.content);
  const raw = ctx.api.raw as unknown as Record<string, (p: unknown) => Promise<unknown>>;
  await raw[method]?.call(ctx.api.raw, { chat_id: ctx.chat.id, ...payload });
  const label = unitName ?? ctx.t(`broadcast.audience_${audience.kind}`);
  await ctx.reply(
    ctx.t("broadcast.preview_summary", { audience: escapeHtml(label), count: recipients.length }),
    {
      parse_mode: "HTML",
      reply_markup: new InlineKeyboard()
        .text(ctx.t("broadcast.button_send"), broadcastDecision.build({ decision: "send" }))
        .row()
        .text(ctx.t("broadcast.button_schedule"), broadcastDecision.build({ decision: "schedule" }))
        .text(ctx.t("broadcast.button_cancel"), broadcastDecision.build({ decision: "cancel" })),
    },
  );
}

/** Reads what the coordinator sent as the announcement; undefined after a polite re-ask. */
async function readContent(
  ctx: BotContext,
  message: Message,
): Promise<BroadcastContent | undefined> {
  const tooLong = async (length: number, max: number) => {
    await ctx.reply(ctx.t("broadcast.too_long", { length, max }));
    return undefined;
  };
  if (message.text !== undefined) {
    if (message.text.trim() === "") {
      await ctx.reply(ctx.t("broadcast.bad_content"));
      return undefined;
    }
    if (message.text.length > MAX_TEXT_LENGTH) return tooLong(message.text.length, MAX_TEXT_LENGTH);
    return { kind: "text", text: message.text };
  }
  const caption = message.caption?.trim() ? message.caption : undefined;
  if ((message.photo || message.document) && caption && caption.length > MAX_CAPTION_LENGTH) {
    return tooLong(caption.length, MAX_CAPTION_LENGTH);
  }
  const largest = message.photo?.at(-1);
  if (largest) return { kind: "photo", fileId: largest.file_id, ...(caption ? { caption } : {}) };
  if (message.document) {
    return {
      kind: "document",
      fileId: message.document.file_id,
      ...(message.document.file_name ? { fileName: message.document.file_name } : {}),
      ...(caption ? { caption } : {}),
    };
  }
  await ctx.reply(ctx.t("broadcast.bad_content"));
  return undefined;
}

/** "25-11-2026 08:00", "25/11/2026 08.00" or "2026-11-25 08:00" → [YYYY-MM-DD, HH:mm]. */
export function parseScheduleInput(text: string): [string, string] | undefined {
  const trimmed = text.trim();
  const dayFirst = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s+(\d{1,2})[:.](\d{2})$/.exec(trimmed);
  const isoFirst = /^(\d{4})-(\d{1,2})-(\d{1,2})\s+(\d{1,2})[:.](\d{2})$/.exec(trimmed);
  let parts: [string, string, string, string, string] | undefined;
  if (dayFirst) parts = [dayFirst[3], dayFirst[2], dayFirst[1], dayFirst[4], dayFirst[5]] as never;
  if (isoFirst) parts = [isoFirst[1], isoFirst[2], isoFirst[3], isoFirst[4], isoFirst[5]] as never;
  if (!parts) return undefined;
  const [year, month, day, hour, minute] = parts.map(Number) as number[];
  if (!year || !month || !day || hour === undefined || minute === undefined) return undefined;
  if (month > 12 || day > 31 || hour > 23 || minute > 59) return undefined;
  const iso = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  const check = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== iso) return undefined;
  return [iso, `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`];
}

export async function askScheduleTime(ctx: BotContext, programId: string): Promise<void> {
  const program = await broadcastProgram(ctx.deps.db, programId);
  if (!program) return;
  const tomorrow = addDays(localDate(ctx.deps.clock.now(), program.hostProvince.timeZone), 1);
  const [year, month, day] = tomorrow.split("-");
  await ctx.reply(
    ctx.t("broadcast.ask_schedule", {
      zone: program.hostProvince.zone,
      example: `${day}-${month}-${year} 08:00`,
    }),
    { parse_mode: "HTML" },
  );
}

async function acceptScheduleTime(ctx: BotContext, state: FlowState): Promise<void> {
  const data = dataOf(state);
  const program = await broadcastProgram(ctx.deps.db, data.programId);
  const scope = senderScope(ctx, data.programId);
  if (!scope || (data.audience && !audienceWithinScope(scope, data.audience))) {
    // The role (or its scope) changed while the time was being typed: nothing is stored.
    await ctx.flow.end();
    await ctx.reply(ctx.t("access.denied"));
    return;
  }
  if (!program || !data.content || !data.audience || !ctx.chat) {
    await ctx.flow.end();
    await ctx.reply(ctx.t("fallback.stale_button"));
    return;
  }
  const timeZone = program.hostProvince.timeZone;
  const parsed = ctx.message?.text ? parseScheduleInput(ctx.message.text) : undefined;
  if (!parsed) {
    await askScheduleTime(ctx, data.programId);
    return;
  }
  const now = ctx.deps.clock.now();
  const at = zonedDateTimeToInstant(parsed[0], parsed[1], timeZone);
  if (at.getTime() <= now.getTime()) {
    await ctx.reply(ctx.t("broadcast.schedule_past"));
    return;
  }
  if (at.getTime() > now.getTime() + MAX_SCHEDULE_DAYS * 86_400_000) {
    await ctx.reply(ctx.t("broadcast.schedule_too_far", { days: MAX_SCHEDULE_DAYS }));
    return;
  }
  await scheduleAnnouncement(
    ctx.deps.db,
    {
      programId: data.programId,
      createdById: ctx.actor?.personId ?? null,
      content: data.content,
      audience: data.audience,
      progressChatId: BigInt(ctx.chat.id),
      scope,
    },
    at,
    now,
  );
  await ctx.flow.end();
  await ctx.reply(
    ctx.t("broadcast.scheduled", {
      date: formatDateId(parsed[0], ctx.locale),
      time: formatTimeWithZone(at, timeZone, program.hostProvince.zone),
    }),
  );
}

export function createBroadcastFlow(): FlowDefinition {
  const useButtons = async (ctx: BotContext) => {
    await ctx.reply(ctx.t("broadcast.use_buttons"));
  };
  return {
    name: broadcastFlowName,
    steps: {
      compose: async (ctx, state) => {
        if (!ctx.message) return;
        if (!senderScope(ctx, dataOf(state).programId)) {
          await ctx.flow.end();
          await ctx.reply(ctx.t("access.denied"));
          return;
        }
        const content = await readContent(ctx, ctx.message);
        if (!content) return;
        await ctx.flow.goto<Partial<BroadcastFlowData>>("audience", { content });
        await ctx.reply(ctx.t("broadcast.choose_audience"), {
          reply_markup: audienceKeyboard(ctx, dataOf(state).programId),
        });
      },
      audience: useButtons,
      unit: useButtons,
      confirm: useButtons,
      schedule: acceptScheduleTime,
    },
  };
}
