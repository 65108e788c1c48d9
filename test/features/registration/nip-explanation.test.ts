import { describe, expect, it } from "vitest";
import { type NipProblem, parseNip } from "../../../src/domain/nip.ts";
import { explainNipProblem } from "../../../src/features/registration/nip-explanation.ts";
import { createI18n, readLocaleFile, translatorFor } from "../../../src/i18n/i18n.ts";

const today = new Date("2026-11-24T00:30:00Z");
const id = translatorFor(createI18n("id"), "id");
const en = translatorFor(createI18n("id"), "en");

function explain(input: string) {
  const parsed = parseNip(input, today);
  if (parsed.ok) throw new Error(`${input} was accepted`);
  const explanation = explainNipProblem(parsed.reason);
  return { ...explanation, id: id(explanation.key, explanation.vars) };
}

describe("NIP problems explained", () => {
  it.each([
    ["19850312A01001100X", "registration.nip.not_digits", /karakter lain: AX/],
    ["1985031220100110", "registration.nip.wrong_length", /18 angka.*16 karakter/],
    ["198513122010011003", "registration.nip.bad_birth_month", /"13" bukan bulan/],
    ["198500122010011003", "registration.nip.bad_birth_month", /"00" bukan bulan/],
    [
      "198502302010011003",
      "registration.nip.bad_birth_day",
      /Tanggal 30 tidak ada pada bulan 02 tahun 1985/,
    ],
    ["203003122010011003", "registration.nip.birth_date_in_future", /12\/03\/2030/],
    ["201503122010011003", "registration.nip.age_out_of_range", /usia Bapak\/Ibu 11 tahun/],
    [
      "198503122010013003",
      "registration.nip.bad_sex_digit",
      /1 untuk laki-laki, 2 untuk perempuan.*"3"/,
    ],
    ["198503122010011000", "registration.nip.zero_sequence", /000/],
    ["198503121990211003", "registration.nip.bad_appointment_month", /199021.*"21" bukan bulan/],
    ["198503122000011003", "registration.nip.appointment_before_18", /01\/2000.*03\/2003/],
    ["198503122030011003", "registration.nip.appointment_in_future", /01\/2030.*masa depan/],
  ])("%s → %s", (input, key, text) => {
    const explanation = explain(input);
    expect(explanation.key).toBe(key);
    expect(explanation.id).toMatch(text);
  });

  it("has a message in both languages for every problem code, naming the detail", () => {
    const problems: NipProblem[] = [
      { code: "not_digits", invalidCharacters: "x" },
      { code: "wrong_length", length: 17 },
      { code: "bad_birth_date", birthDigits: "19851301" },
      { code: "bad_birth_date", birthDigits: "19850231" },
      { code: "birth_date_in_future", birthDate: "2030-01-01" },
      { code: "age_out_of_range", age: 75, minAge: 18, maxAge: 70 },
      { code: "bad_sex_digit", digit: "0" },
      { code: "zero_sequence" },
      { code: "bad_appointment_month", appointmentDigits: "201013", month: "13" },
      { code: "appointment_before_18", appointment: "2000-01", earliestAppointment: "2003-03" },
      { code: "appointment_in_future", appointment: "2030-01", currentMonth: "2026-11" },
    ];
    const idLocale = readLocaleFile("id");
    const enLocale = readLocaleFile("en");
    const keys = new Set<string>();
    for (const problem of problems) {
      const { key, vars } = explainNipProblem(problem);
      keys.add(key);
      expect(idLocale[key], key).toBeTypeOf("string");
      expect(enLocale[key], key).toBeTypeOf("string");
      for (const text of [id(key, vars), en(key, vars)]) {
        expect(text, key).not.toMatch(/\{\{/);
        for (const value of Object.values(vars)) expect(text, key).toContain(String(value));
      }
    }
    // Each code (and both kinds of bad birth date) has its own message.
    expect(keys.size).toBe(problems.length);
  });

  it("accepts a PPPK number, whose digits 13–14 are not a month", () => {
    const parsed = parseNip("198503122021211003", today);
    expect(parsed).toMatchObject({ ok: true, kind: "PPPK" });
  });
});
