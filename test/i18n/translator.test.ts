import { describe, expect, it } from "vitest";
import {
  createI18n,
  readLocaleFile,
  supportedLocales,
  translatorFor,
} from "../../src/i18n/i18n.ts";

/** translatorFor fills plain templates itself; every answer must be i18next's own. */
describe("translatorFor", () => {
  const instance = createI18n("id");
  const i18next = (locale: "id" | "en") => instance.getFixedT(locale);

  const namesIn = (text: string) =>
    [...text.matchAll(/\{\{(.+?)\}\}/g)].map((match) => (match[1] ?? "").trim());

  it("answers every key of both languages as i18next does, with and without values", () => {
    for (const locale of supportedLocales) {
      const t = translatorFor(instance, locale);
      const reference = i18next(locale);
      const texts = readLocaleFile(locale) as Record<string, string>;
      for (const [key, text] of Object.entries(texts)) {
        const names = namesIn(text);
        const values = Object.fromEntries(names.map((name, index) => [name, `<${name}#${index}>`]));
        expect(t(key, values), `${locale} ${key}`).toBe(reference(key, values));
        expect(t(key), `${locale} ${key} without values`).toBe(reference(key, {}));
        if (names.length > 0) {
          // Numbers, a value missing, values that look like placeholders or nesting.
          const numbers = Object.fromEntries(names.map((name, index) => [name, index + 0.5]));
          expect(t(key, numbers)).toBe(reference(key, numbers));
          const [, ...rest] = names;
          const missing = Object.fromEntries(rest.map((name) => [name, "x"]));
          expect(t(key, missing)).toBe(reference(key, missing));
          const tricky = Object.fromEntries(names.map((name) => [name, "{{max}} $t(help.title)"]));
          expect(t(key, tricky)).toBe(reference(key, tricky));
        }
      }
    }
  });

  it("leaves counts, options, other value types and unknown keys to i18next", () => {
    const t = translatorFor(instance, "en");
    const reference = i18next("en");
    const key = Object.keys(readLocaleFile("en")).find((candidate) =>
      namesIn(String(readLocaleFile("en")[candidate])).includes("count"),
    );
    if (key) {
      expect(t(key, { count: 1 })).toBe(reference(key, { count: 1 }));
      expect(t(key, { count: 5 })).toBe(reference(key, { count: 5 }));
    }
    expect(t("no.such.key")).toBe(reference("no.such.key", {}));
    expect(t("check_in.status.hadir", { lng: "id" })).toBe(
      reference("check_in.status.hadir", { lng: "id" }),
    );
    expect(t("check_in.status.hadir", { defaultValue: "x" })).toBe(
      reference("check_in.status.hadir", { defaultValue: "x" }),
    );
    expect(translatorFor(instance, "en")).toBe(t);
  });
});
