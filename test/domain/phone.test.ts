import fc from "fast-check";
// Property runs: seed: the suite's fixed one, printed on every run (test/support/fast-check-seed.ts);
// FC_SEED=random or FC_SEED=<n> changes it; a failing seed found becomes a regression case.
import { describe, expect, it } from "vitest";
import { normalisePhoneNumber, samePhoneNumber } from "../../src/domain/phone.ts";

describe("normalisePhoneNumber", () => {
  it.each([
    ["081234567890", "+6281234567890"],
    ["6281234567890", "+6281234567890"],
    ["+6281234567890", "+6281234567890"],
    ["+62 812-3456-7890", "+6281234567890"],
    ["0812 3456 7890", "+6281234567890"],
    ["0812-3456-7890", "+6281234567890"],
    ["(0812) 3456.7890", "+6281234567890"],
    ["+62 0812 3456 7890", "+6281234567890"],
    ["0062 812 3456 7890", "+6281234567890"],
    // A spreadsheet that took the number for a number dropped the leading zero.
    ["81234567890", "+6281234567890"],
    ["  +62 21 555 0101  ", "+62215550101"],
    ["+1 415 555 0100", "+14155550100"],
    ["004915112345678", "+4915112345678"],
  ])("reads %s as %s", (input, expected) => {
    expect(normalisePhoneNumber(input)).toBe(expected);
  });

  it.each([
    [""],
    ["   "],
    ["nomor saya 0812"],
    ["0812345"],
    ["+62"],
    ["08123456789012345"],
    ["+0812345678"],
    ["0812+34567890"],
    ["12"],
  ])("refuses %j", (input) => {
    expect(normalisePhoneNumber(input)).toBeNull();
  });

  it("gives the same number for 08…, 62… and +62… of any Indonesian subscriber", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 11 }),
        fc.constantFrom(" ", "-", ""),
        (first, rest, separator) => {
          const subscriber = `${first}${rest.join("")}`;
          const spaced = subscriber.replace(/(\d{3})(?=\d)/g, `$1${separator}`);
          const expected = `+62${subscriber}`;
          expect(normalisePhoneNumber(`0${spaced}`)).toBe(expected);
          expect(normalisePhoneNumber(`62${spaced}`)).toBe(expected);
          expect(normalisePhoneNumber(`+62${separator}${spaced}`)).toBe(expected);
        },
      ),
      // The seed is the suite's fixed, printed one (test/support/fast-check-seed.ts).
      { numRuns: 300 },
    );
  });
});

describe("samePhoneNumber", () => {
  it("matches the same number written differently", () => {
    expect(samePhoneNumber("0812-7777-0001", "+62 812 7777 0001")).toBe(true);
    expect(samePhoneNumber("6281277770001", "081277770001")).toBe(true);
  });

  it("does not match different numbers, missing or unreadable ones", () => {
    expect(samePhoneNumber("081277770001", "081277770002")).toBe(false);
    expect(samePhoneNumber(null, "081277770001")).toBe(false);
    expect(samePhoneNumber("081277770001", undefined)).toBe(false);
    expect(samePhoneNumber("bukan nomor", "bukan nomor")).toBe(false);
  });
});
