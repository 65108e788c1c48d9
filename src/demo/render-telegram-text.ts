/**
 * Turns a Telegram message's text and entities into HTML the demo page may insert as is, the way
 * a Telegram client draws them: every character of the text is escaped, and only b/i/u/s/code/pre
 * and links with a safe scheme become tags. Whatever HTML the bot wrote (a `<script>` included)
 * arrives here as plain text or as entities, never as markup.
 */

export interface TextEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
}

const TAG_BY_ENTITY: Readonly<Record<string, string>> = {
  bold: "b",
  italic: "i",
  underline: "u",
  strikethrough: "s",
  code: "code",
  pre: "pre",
  text_link: "a",
  url: "a",
};

const SAFE_LINK = /^(https?:|tg:|mailto:)/i;

export function escapeForPage(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

interface Span {
  start: number;
  end: number;
  open: string;
  close: string;
}

function spanOf(entity: TextEntity, text: string): Span | undefined {
  const tag = TAG_BY_ENTITY[entity.type];
  const start = Math.max(0, entity.offset);
  const end = Math.min(text.length, entity.offset + entity.length);
  if (!tag || end <= start) return undefined;
  if (tag !== "a") return { start, end, open: `<${tag}>`, close: `</${tag}>` };
  const href = entity.type === "url" ? text.slice(start, end) : (entity.url ?? "");
  if (!SAFE_LINK.test(href)) return undefined;
  return {
    start,
    end,
    open: `<a href="${escapeForPage(href)}" target="_blank" rel="noopener noreferrer">`,
    close: "</a>",
  };
}

/** HTML for the page; overlapping entities are closed and reopened so tags always nest. */
export function renderTelegramText(text: string, entities: readonly TextEntity[] = []): string {
  const spans = entities
    .map((entity) => spanOf(entity, text))
    .filter((span): span is Span => span !== undefined)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const cuts = new Set<number>([0, text.length]);
  for (const span of spans) {
    cuts.add(span.start);
    cuts.add(span.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  let html = "";
  for (let i = 0; i < points.length - 1; i++) {
    const from = points[i] as number;
    const to = points[i + 1] as number;
    const covering = spans.filter((span) => span.start <= from && span.end >= to);
    html += covering.map((span) => span.open).join("");
    html += escapeForPage(text.slice(from, to));
    html += covering
      .map((span) => span.close)
      .reverse()
      .join("");
  }
  return html;
}
