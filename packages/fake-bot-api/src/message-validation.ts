import { badRequest } from "./api-error.ts";
import { parseHtml } from "./html-entities.ts";
import type { HtmlParseOptions, TgMessageEntity, TgReplyMarkup } from "./types.ts";

export const MAX_TEXT_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;
const MAX_CALLBACK_DATA_BYTES = 64;

export interface RenderedText {
  text: string;
  entities: TgMessageEntity[] | undefined;
}

/**
 * Applies parse_mode and Telegram's length rules (which count characters after entity parsing).
 * Markdown modes are passed through unparsed: only HTML is modelled.
 */
export function renderText(
  raw: string,
  parseMode: string | undefined,
  explicitEntities: TgMessageEntity[] | undefined,
  html: HtmlParseOptions,
): RenderedText {
  const mode = parseMode?.toLowerCase();
  if (mode === "html") {
    const parsed = parseHtml(raw, html);
    return {
      text: parsed.text,
      entities: parsed.entities.length > 0 ? parsed.entities : undefined,
    };
  }
  if (mode !== undefined && mode !== "" && mode !== "markdown" && mode !== "markdownv2") {
    throw badRequest("unsupported parse_mode");
  }
  return { text: raw, entities: explicitEntities };
}

export function renderMessageText(
  raw: string | undefined,
  parseMode: string | undefined,
  entities: TgMessageEntity[] | undefined,
  html: HtmlParseOptions,
): RenderedText {
  if (raw === undefined || raw === "") throw badRequest("message text is empty");
  const rendered = renderText(raw, parseMode, entities, html);
  if (rendered.text.trim() === "") throw badRequest("message text is empty");
  if (rendered.text.length > MAX_TEXT_LENGTH) throw badRequest("message is too long");
  return rendered;
}

export function renderCaption(
  raw: string | undefined,
  parseMode: string | undefined,
  entities: TgMessageEntity[] | undefined,
  html: HtmlParseOptions,
): RenderedText | undefined {
  if (raw === undefined || raw === "") return undefined;
  const rendered = renderText(raw, parseMode, entities, html);
  if (rendered.text.length > MAX_CAPTION_LENGTH) throw badRequest("message caption is too long");
  return rendered;
}

export function validateReplyMarkup(markup: TgReplyMarkup | undefined): void {
  if (markup === undefined) return;
  if (typeof markup !== "object" || markup === null)
    throw badRequest("can't parse reply keyboard markup JSON object");
  const rows = markup.inline_keyboard;
  if (rows === undefined) return;
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    throw badRequest(
      'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays',
    );
  }
  for (const row of rows) {
    for (const button of row) {
      if (typeof button?.text !== "string") throw badRequest('can\'t find field "text"');
      if (button.callback_data !== undefined) {
        const bytes = Buffer.byteLength(String(button.callback_data), "utf8");
        if (bytes < 1 || bytes > MAX_CALLBACK_DATA_BYTES) throw badRequest("BUTTON_DATA_INVALID");
      } else if (Object.keys(button).length === 1) {
        throw badRequest("text buttons are unallowed in the inline keyboard");
      }
    }
  }
}

/** Callback data values of every inline button, for checking what a user can press. */
export function callbackDataOf(markup: TgReplyMarkup | undefined): string[] {
  const result: string[] = [];
  for (const row of markup?.inline_keyboard ?? []) {
    for (const button of row) {
      if (typeof button.callback_data === "string") result.push(button.callback_data);
    }
  }
  return result;
}
