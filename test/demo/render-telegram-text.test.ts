import { parseHtml } from "@tandang/fake-bot-api";
import { describe, expect, it } from "vitest";
import { renderTelegramText } from "../../src/demo/render-telegram-text.ts";

/** What the page shows for a text the bot sent with parse_mode HTML. */
const page = (html: string) => {
  const parsed = parseHtml(html);
  return renderTelegramText(parsed.text, parsed.entities);
};

describe("rendering bot text for the demo page", () => {
  it("escapes every character of plain text", () => {
    expect(renderTelegramText(`<script>alert('x')</script> & "kutip"`)).toBe(
      "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;kutip&quot;",
    );
  });

  it("keeps b, i, u, s, code and pre as tags", () => {
    expect(page("<b>a</b> <i>b</i> <u>c</u> <s>d</s> <code>e</code> <pre>f</pre>")).toBe(
      "<b>a</b> <i>b</i> <u>c</u> <s>d</s> <code>e</code> <pre>f</pre>",
    );
    expect(page("<strong>x</strong><em>y</em>")).toBe("<b>x</b><i>y</i>");
  });

  it("drops tags it does not allow but keeps their text", () => {
    expect(page("<tg-spoiler>rahasia</tg-spoiler> <blockquote>kutipan</blockquote>")).toBe(
      "rahasia kutipan",
    );
  });

  it("keeps links only with a safe scheme, attributes escaped", () => {
    expect(page('<a href="https://x.id/?a=1&amp;b=&quot;2&quot;">ok</a>')).toBe(
      '<a href="https://x.id/?a=1&amp;b=&quot;2&quot;" target="_blank" rel="noopener noreferrer">ok</a>',
    );
    expect(page('<a href="javascript:alert(1)">no</a>')).toBe("no");
    expect(page('<a href="data:text/html,hi">no</a>')).toBe("no");
  });

  it("nests overlapping and nested entities properly, counting UTF-16 like Telegram", () => {
    expect(page("<b>tebal <i>miring</i></b> 👋 <u>garis</u>")).toBe(
      "<b>tebal </b><b><i>miring</i></b> 👋 <u>garis</u>",
    );
    const overlapping = renderTelegramText("abcdef", [
      { type: "bold", offset: 0, length: 4 },
      { type: "italic", offset: 2, length: 4 },
    ]);
    expect(overlapping).toBe("<b>ab</b><b><i>cd</i></b><i>ef</i>");
  });

  it("ignores entities outside the text", () => {
    expect(renderTelegramText("ab", [{ type: "bold", offset: 1, length: 10 }])).toBe("a<b>b</b>");
    expect(renderTelegramText("ab", [{ type: "bold", offset: 5, length: 1 }])).toBe("ab");
  });
});
