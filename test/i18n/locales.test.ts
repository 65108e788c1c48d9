import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createI18n, readLocaleFile, translatorFor } from "../../src/i18n/i18n.ts";

const id = readLocaleFile("id");
const en = readLocaleFile("en");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "generated") return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** Keys the code names literally: t("a.b"), …Key: "a.b", and `a.${x}` prefixes. */
function keysUsedInCode(): { literal: Set<string>; prefixes: Set<string> } {
  const literal = new Set<string>();
  const prefixes = new Set<string>();
  for (const file of sourceFiles("src")) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/\bt\(\s*"([a-z0-9_]+(?:\.[a-z0-9_]+)+)"/g)) {
      literal.add(match[1] ?? "");
    }
    for (const match of text.matchAll(/[kK]ey:\s*"([a-z0-9_]+(?:\.[a-z0-9_]+)+)"/g)) {
      literal.add(match[1] ?? "");
    }
    for (const match of text.matchAll(/\bt\(\s*`([a-z0-9_.]+)\$\{/g)) prefixes.add(match[1] ?? "");
  }
  return { literal, prefixes };
}

describe("locales", () => {
  it("have the same keys in Indonesian and English", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
  });

  it("have no empty translation", () => {
    for (const [key, value] of [...Object.entries(id), ...Object.entries(en)]) {
      expect(typeof value === "string" && value.trim().length > 0, key).toBe(true);
    }
  });

  it("use the same {{placeholders}} in both languages", () => {
    const placeholders = (text: unknown) =>
      [...String(text).matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(id)) {
      expect(placeholders(en[key]), key).toEqual(placeholders(id[key]));
    }
  });

  it("contain every key the code uses", () => {
    const { literal, prefixes } = keysUsedInCode();
    expect(literal.size).toBeGreaterThan(10);
    const missing = [...literal].filter((key) => !(key in id) || !(key in en));
    expect(missing).toEqual([]);
    for (const prefix of prefixes) {
      expect(
        Object.keys(id).some((key) => key.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
  });

  it("fall back to Indonesian and interpolate", () => {
    const t = translatorFor(createI18n("id"), "en");
    expect(t("errors.generic", { ref: "AB12" })).toContain("AB12");
    expect(translatorFor(createI18n("id"), "id")("language.changed")).toMatch(/Bahasa Indonesia/);
  });
});
