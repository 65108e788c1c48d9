import { ApiError } from "./api-error.ts";
import type { HtmlParseOptions, TgMessageEntity } from "./types.ts";

/**
 * Parse-mode HTML as Telegram's server does it (modelled on TDLib's parser, error texts included):
 * returns the visible text plus entities, or throws 400 "can't parse entities: ...".
 * Deliberate difference: with `strictAmpersand` (the default) a `&` that starts no supported
 * entity is an error, where Telegram would keep it literally.
 */

export interface ParsedHtml {
  text: string;
  entities: TgMessageEntity[];
}

const ENTITY_TYPE_BY_TAG = new Map<string, string>(
  Object.entries({
    b: "bold",
    strong: "bold",
    i: "italic",
    em: "italic",
    u: "underline",
    ins: "underline",
    s: "strikethrough",
    strike: "strikethrough",
    del: "strikethrough",
    a: "text_link",
    code: "code",
    pre: "pre",
    "tg-spoiler": "spoiler",
    span: "spoiler",
    blockquote: "blockquote",
    "tg-emoji": "custom_emoji",
  }),
);

const NAMED_ENTITIES = new Map<string, string>(
  Object.entries({ lt: "<", gt: ">", amp: "&", quot: '"' }),
);

interface OpenTag {
  tag: string;
  attributes: Map<string, string>;
  offset: number;
}

export function parseHtml(input: string, options: HtmlParseOptions = {}): ParsedHtml {
  const strictAmpersand = options.strictAmpersand ?? true;
  const fail = (reason: string): never => {
    throw new ApiError(400, `Bad Request: can't parse entities: ${reason}`);
  };
  const byteOffset = (index: number): number => Buffer.byteLength(input.slice(0, index), "utf8");

  let text = "";
  const entities: TgMessageEntity[] = [];
  const stack: OpenTag[] = [];
  const special = /[<&]/g;
  let i = 0;

  while (i < input.length) {
    special.lastIndex = i;
    const found = special.exec(input);
    const next = found ? found.index : input.length;
    if (next > i) text += input.slice(i, next);
    i = next;
    if (i >= input.length) break;

    if (input[i] === "&") {
      const decoded = decodeEntity(input, i);
      if (decoded) {
        text += decoded.char;
        i = decoded.end;
      } else if (strictAmpersand) {
        fail(`Character '&' at byte offset ${byteOffset(i)} must be escaped as "&amp;"`);
      } else {
        text += "&";
        i++;
      }
      continue;
    }

    const tagStart = i;
    i++;
    if (input[i] === "/") {
      const nameStart = i + 1;
      i = nameStart;
      while (i < input.length && !isSpace(input[i]) && input[i] !== ">") i++;
      const endName = input.slice(nameStart, i).toLowerCase();
      while (i < input.length && isSpace(input[i])) i++;
      if (input[i] !== ">") fail(`Unclosed end tag at byte offset ${byteOffset(tagStart)}`);
      i++;
      const open = stack.pop();
      if (!open) return fail(`Unexpected end tag at byte offset ${byteOffset(tagStart)}`);
      if (endName !== "" && endName !== open.tag) {
        fail(
          `Unmatched end tag at byte offset ${byteOffset(tagStart)}, expected "</${open.tag}>", found "</${endName}>"`,
        );
      }
      closeEntity(open, text, entities);
      continue;
    }

    while (i < input.length && !isSpace(input[i]) && input[i] !== ">") i++;
    if (i >= input.length) fail(`Unclosed start tag at byte offset ${byteOffset(tagStart)}`);
    const tag = input.slice(tagStart + 1, i).toLowerCase();
    if (!ENTITY_TYPE_BY_TAG.has(tag)) {
      fail(`Unsupported start tag "${tag}" at byte offset ${byteOffset(tagStart)}`);
    }
    const attributes = new Map<string, string>();
    i = readAttributes(input, i, attributes, () =>
      fail(`Unclosed start tag "${tag}" at byte offset ${byteOffset(tagStart)}`),
    );
    if (tag === "span" && attributes.get("class") !== "tg-spoiler") {
      fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(tagStart)}`);
    }
    if (tag === "tg-emoji" && !attributes.get("emoji-id")) {
      fail(`Tag "tg-emoji" must have attribute "emoji-id" at byte offset ${byteOffset(tagStart)}`);
    }
    stack.push({ tag, attributes, offset: text.length });
  }

  const unclosed = stack.pop();
  if (unclosed) fail(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);

  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}

/** Reads attributes up to and including the closing ">"; returns the index after it. */
function readAttributes(
  input: string,
  start: number,
  into: Map<string, string>,
  unclosed: () => never,
): number {
  let i = start;
  for (;;) {
    while (i < input.length && isSpace(input[i])) i++;
    if (i >= input.length) unclosed();
    if (input[i] === ">") return i + 1;
    const nameStart = i;
    while (i < input.length && !isSpace(input[i]) && input[i] !== "=" && input[i] !== ">") i++;
    const name = input.slice(nameStart, i).toLowerCase();
    while (i < input.length && isSpace(input[i])) i++;
    if (input[i] !== "=") {
      // Valueless attribute, e.g. <blockquote expandable>.
      into.set(name, "");
      continue;
    }
    i++;
    while (i < input.length && isSpace(input[i])) i++;
    if (i >= input.length) unclosed();
    const quote = input[i];
    let value = "";
    if (quote === '"' || quote === "'") {
      i++;
      while (i < input.length && input[i] !== quote) {
        const decoded = input[i] === "&" ? decodeEntity(input, i) : undefined;
        if (decoded) {
          value += decoded.char;
          i = decoded.end;
        } else {
          value += input[i];
          i++;
        }
      }
      if (i >= input.length) unclosed();
      i++;
    } else {
      const valueStart = i;
      while (i < input.length && !isSpace(input[i]) && input[i] !== ">") i++;
      value = input.slice(valueStart, i).toLowerCase();
    }
    into.set(name, value);
  }
}

function closeEntity(open: OpenTag, text: string, entities: TgMessageEntity[]): void {
  const length = text.length - open.offset;
  if (length <= 0) return; // Telegram drops empty entities
  const offset = open.offset;
  const type = ENTITY_TYPE_BY_TAG.get(open.tag) as string;

  if (open.tag === "a") {
    const url = open.attributes.get("href") || text.slice(offset);
    entities.push({ type, offset, length, url });
    return;
  }
  if (open.tag === "code") {
    const language = open.attributes.get("class")?.match(/^language-(.+)$/)?.[1];
    if (language !== undefined) {
      entities.push({ type, offset, length, language });
      return;
    }
  }
  if (open.tag === "pre") {
    // <pre><code class="language-x">…</code></pre> is one pre entity with a language.
    const last = entities.at(-1);
    if (last?.type === "code" && last.offset === offset && last.length === length) {
      entities.pop();
      const entity: TgMessageEntity = { type: "pre", offset, length };
      if (last.language !== undefined) entity.language = last.language;
      entities.push(entity);
      return;
    }
  }
  if (open.tag === "blockquote" && open.attributes.has("expandable")) {
    entities.push({ type: "expandable_blockquote", offset, length });
    return;
  }
  if (open.tag === "tg-emoji") {
    entities.push({ type, offset, length, custom_emoji_id: open.attributes.get("emoji-id") ?? "" });
    return;
  }
  entities.push({ type, offset, length });
}

function decodeEntity(input: string, at: number): { char: string; end: number } | undefined {
  let end = at + 1;
  let char: string | undefined;
  if (input[end] === "#") {
    end++;
    const hex = input[end] === "x" || input[end] === "X";
    if (hex) end++;
    const digitsStart = end;
    const digit = hex ? /[0-9a-fA-F]/ : /[0-9]/;
    while (end < input.length && digit.test(input[end] as string)) end++;
    if (end === digitsStart || end - at >= 10) return undefined;
    const codePoint = Number.parseInt(input.slice(digitsStart, end), hex ? 16 : 10);
    const isSurrogate = codePoint >= 0xd800 && codePoint <= 0xdfff;
    if (codePoint === 0 || codePoint >= 0x10ffff || isSurrogate) return undefined;
    char = String.fromCodePoint(codePoint);
  } else {
    while (end < input.length && /[a-zA-Z]/.test(input[end] as string)) end++;
    char = NAMED_ENTITIES.get(input.slice(at + 1, end));
    if (char === undefined) return undefined;
  }
  if (input[end] === ";") end++;
  return { char, end };
}

function isSpace(char: string | undefined): boolean {
  return char === " " || char === "\n" || char === "\t" || char === "\r" || char === "\f";
}
