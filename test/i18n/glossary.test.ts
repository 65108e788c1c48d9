import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readLocaleFile } from "../../src/i18n/i18n.ts";

/**
 * docs/glosarium.md names one term per thing and, per row, the words not to use
 * (second column for Indonesian, fourth for English). These checks keep the bot's texts to it.
 */
const glossary = readFileSync("docs/glosarium.md", "utf8");

function bannedWords(column: number): string[] {
  const rows = glossary
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| ---"))
    .slice(1);
  return rows.flatMap((row) => {
    const cell = row.split("|")[column + 1] ?? "";
    return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? "");
  });
}

function occurrences(locale: Record<string, unknown>, word: string): string[] {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`(?<![\\p{L}\\d/-])${escaped}(?![\\p{L}\\d])`, "iu");
  return Object.entries(locale).flatMap(([key, value]) =>
    pattern.test(String(value)) ? [key] : [],
  );
}

describe("the glossary (docs/glosarium.md)", () => {
  const id = readLocaleFile("id");
  const en = readLocaleFile("en");

  it("lists the words not to use, Anda among them", () => {
    const indonesian = bannedWords(1);
    expect(indonesian).toContain("Anda");
    expect(indonesian).toContain("instansi penerima");
    expect(indonesian).toContain("OPD asal");
    expect(bannedWords(3)).toContain("organisers");
  });

  it("is followed in Indonesian: Bapak/Ibu, never Anda, and one name per thing", () => {
    for (const word of bannedWords(1)) expect(occurrences(id, word), word).toEqual([]);
  });

  it("is followed in English", () => {
    for (const word of bannedWords(3)) expect(occurrences(en, word), word).toEqual([]);
  });

  it("finds a banned word the way a reader would, whatever its case", () => {
    expect(occurrences({ a: "Silakan kirim lokasi Anda.", b: "anda" }, "Anda")).toEqual(["a", "b"]);
    expect(occurrences({ a: "Andalas", b: "docs/panduan-panitia.md" }, "panitia")).toEqual([]);
  });
});
