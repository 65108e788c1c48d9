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

/** `plurals`: English nouns count with -s/-es too ("invitation" also finds "invitations"). */
function occurrences(
  locale: Record<string, unknown>,
  word: string,
  options: { plurals?: boolean } = {},
): string[] {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const suffix = options.plurals && /\p{L}$/u.test(word) ? "(?:e?s)?" : "";
  const pattern = new RegExp(`(?<![\\p{L}\\d/-])${escaped}${suffix}(?![\\p{L}\\d])`, "iu");
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
    for (const word of bannedWords(3)) {
      expect(occurrences(en, word, { plurals: true }), word).toEqual([]);
    }
  });

  it("keeps the English terms the glossary chose (program, daily report, excused, no OPD)", () => {
    const english = bannedWords(3);
    for (const word of ["programme", "activity report", "Leave (izin)", "OPD", "invitation"]) {
      expect(english).toContain(word);
    }
    // The chosen terms are there, in the texts people read most.
    expect(en["commands.laporan"]).toBe("Daily report");
    expect(en["check_in.button_izin"]).toBe("Excused (izin)");
    expect(en["registration.ask_agency"]).toContain("home agency");
  });

  it("finds a banned word the way a reader would, whatever its case", () => {
    expect(occurrences({ a: "Silakan kirim lokasi Anda.", b: "anda" }, "Anda")).toEqual(["a", "b"]);
    expect(occurrences({ a: "Andalas", b: "docs/panduan-panitia.md" }, "panitia")).toEqual([]);
    const english = { a: "printed on invitations", b: "Programmes", c: "collective leave" };
    expect(occurrences(english, "invitation", { plurals: true })).toEqual(["a"]);
    expect(occurrences(english, "programme", { plurals: true })).toEqual(["b"]);
    expect(occurrences(english, "invitation")).toEqual([]);
    expect(occurrences(english, "Leave (izin)", { plurals: true })).toEqual([]);
  });
});
