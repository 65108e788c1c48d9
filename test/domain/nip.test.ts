import { describe, expect, it } from "vitest";
import { formatNip, maskNip, normaliseNipInput, parseNip } from "../../src/domain/nip.ts";

// 10:00 WIB on Thursday 26 February 2026.
const today = new Date("2026-02-26T03:00:00Z");

function problemOf(input: string, at: Date = today) {
  const result = parseNip(input, at);
  if (result.ok) throw new Error(`expected "${input}" to be rejected`);
  return result.reason;
}

describe("parseNip", () => {
  it("reads a valid PNS number", () => {
    expect(parseNip("198503122010011003", today)).toEqual({
      ok: true,
      nip: "198503122010011003",
      kind: "PNS",
      birthDate: "1985-03-12",
      appointment: "2010-01",
      sex: "L",
    });
  });

  it("reads the female sex digit", () => {
    const result = parseNip("199001012015032001", today);
    expect(result).toMatchObject({ ok: true, sex: "P", appointment: "2015-03" });
  });

  it.each([
    "19850312 201001 1 003",
    "19850312.201001.1.003",
    "19850312-201001-1-003",
    "  198503122010011003\n",
    "19850312\u2013201001\u20131\u2013003",
  ])("accepts separators between digit groups: %j", (input) => {
    expect(parseNip(input, today)).toMatchObject({ ok: true, nip: "198503122010011003" });
  });

  it("rejects letters and names them", () => {
    expect(problemOf("19850312201001100A")).toEqual({ code: "not_digits", invalidCharacters: "A" });
    expect(problemOf("NIP 198503122010011003")).toEqual({
      code: "not_digits",
      invalidCharacters: "NIP",
    });
  });

  it("reports the actual length", () => {
    expect(problemOf("19850312201001100")).toEqual({ code: "wrong_length", length: 17 });
    expect(problemOf("1985031220100110031")).toEqual({ code: "wrong_length", length: 19 });
    expect(problemOf("")).toEqual({ code: "wrong_length", length: 0 });
  });

  it("rejects impossible birth dates", () => {
    expect(problemOf("198513122010011003")).toEqual({
      code: "bad_birth_date",
      birthDigits: "19851312",
    });
    expect(problemOf("198513322010011003")).toMatchObject({ code: "bad_birth_date" });
    expect(problemOf("198502292010011003")).toMatchObject({ code: "bad_birth_date" });
  });

  it("accepts 29 February in a leap year", () => {
    expect(parseNip("198402292010011003", today)).toMatchObject({ birthDate: "1984-02-29" });
  });

  it("rejects birth dates in the future", () => {
    expect(problemOf("202703012010011003")).toEqual({
      code: "birth_date_in_future",
      birthDate: "2027-03-01",
    });
  });

  it("requires an age of 18 to 70", () => {
    expect(problemOf("201001012026011003")).toEqual({
      code: "age_out_of_range",
      age: 16,
      minAge: 18,
      maxAge: 70,
    });
    expect(problemOf("195501012010011003")).toMatchObject({ code: "age_out_of_range", age: 71 });
  });

  it("counts age from the birthday, not the birth year", () => {
    // Turns 18 on 27 Feb 2026, one day after `today`.
    expect(problemOf("200802272026011003")).toMatchObject({ code: "age_out_of_range", age: 17 });
    expect(parseNip("200802262026021003", today)).toMatchObject({ ok: true });
  });

  it("rejects a sex digit other than 1 or 2", () => {
    expect(problemOf("198503122010013003")).toEqual({ code: "bad_sex_digit", digit: "3" });
    expect(problemOf("198503122010010003")).toEqual({ code: "bad_sex_digit", digit: "0" });
  });

  it("rejects sequence 000", () => {
    expect(problemOf("198503122010011000")).toEqual({ code: "zero_sequence" });
  });

  it("rejects an appointment before the 18th birthday month", () => {
    expect(problemOf("198503122003021003")).toEqual({
      code: "appointment_before_18",
      appointment: "2003-02",
      earliestAppointment: "2003-03",
    });
    expect(parseNip("198503122003031003", today)).toMatchObject({ appointment: "2003-03" });
  });

  it("rejects an appointment after the current month", () => {
    expect(problemOf("198503122026031003")).toEqual({
      code: "appointment_in_future",
      appointment: "2026-03",
      currentMonth: "2026-02",
    });
    expect(parseNip("198503122026021003", today)).toMatchObject({ appointment: "2026-02" });
  });

  it("reads today's month in WIB, not UTC", () => {
    // 23:30 UTC on 28 Feb is already 1 March in Jakarta.
    const lateFebruaryUtc = new Date("2026-02-28T23:30:00Z");
    expect(parseNip("198503122026031003", lateFebruaryUtc)).toMatchObject({ ok: true });
    expect(parseNip("198503122026031003", lateFebruaryUtc, { timeZone: "UTC" })).toMatchObject({
      ok: false,
      reason: { code: "appointment_in_future" },
    });
  });

  it("accepts a PPPK number whose month digits are not a month", () => {
    expect(parseNip("198503122022212003", today)).toEqual({
      ok: true,
      nip: "198503122022212003",
      kind: "PPPK",
      birthDate: "1985-03-12",
      sex: "P",
    });
  });

  it("rejects a bad month when the year cannot be a PPPK appointment year", () => {
    // 2030 is after the current year; 1990 is before the 18th birthday.
    expect(problemOf("198503122030211003")).toEqual({
      code: "bad_appointment_month",
      appointmentDigits: "203021",
      month: "21",
    });
    expect(problemOf("198503121990211003")).toMatchObject({ code: "bad_appointment_month" });
  });

  it("checks sex and sequence on PPPK numbers too", () => {
    expect(problemOf("198503122022213003")).toMatchObject({ code: "bad_sex_digit" });
    expect(problemOf("198503122022211000")).toMatchObject({ code: "zero_sequence" });
  });
});

describe("formatNip", () => {
  it("groups as printed on civil-servant cards", () => {
    expect(formatNip("198503122010011003")).toBe("19850312 201001 1 003");
    expect(formatNip("19850312-201001-1-003")).toBe("19850312 201001 1 003");
  });

  it("returns unparseable input unchanged", () => {
    expect(formatNip("12345")).toBe("12345");
  });
});

describe("normaliseNipInput", () => {
  it("keeps letters so they can be reported", () => {
    expect(normaliseNipInput("1985 03x")).toBe("198503x");
  });
});

describe("maskNip", () => {
  it("keeps the first and last four digits only", () => {
    expect(maskNip("197501012000031001")).toBe("1975…1001");
  });

  it("shows only the length of anything that is not a NIP", () => {
    expect(maskNip("12345")).toBe("…(5)");
  });
});
