import { describe, expect, it } from "vitest";
import {
  CHECK_ALPHABET,
  certificateEligibility,
  checkPart,
  formatCertificateNumber,
  normaliseCertificateNumber,
  sequenceOf,
} from "../../src/domain/certificate.ts";

describe("certificate numbers", () => {
  it("reads TDG/<year>/<four-digit sequence>-<four check characters>", () => {
    const number = formatCertificateNumber(2026, 7, "7Q3K");
    expect(number).toBe("TDG/2026/0007-7Q3K");
    expect(sequenceOf(number)).toBe(7);
    expect(formatCertificateNumber(2026, 12345, "ABCD")).toBe("TDG/2026/12345-ABCD");
  });

  it("draws the check part from an alphabet without look-alikes", () => {
    expect(CHECK_ALPHABET).not.toMatch(/[01ILO]/);
    const part = checkPart(new Uint8Array([0, 30, 31, 255]));
    expect(part).toHaveLength(4);
    expect(part).toBe(
      `${CHECK_ALPHABET[0]}${CHECK_ALPHABET[30]}${CHECK_ALPHABET[0]}${CHECK_ALPHABET[255 % 31]}`,
    );
    expect(() => checkPart(new Uint8Array(3))).toThrow(RangeError);
  });

  it("refuses a check part with look-alike characters or the wrong length", () => {
    expect(() => formatCertificateNumber(2026, 1, "O0I1")).toThrow(RangeError);
    expect(() => formatCertificateNumber(2026, 1, "ABC")).toThrow(RangeError);
    expect(() => formatCertificateNumber(2026, 0, "ABCD")).toThrow(RangeError);
  });

  it("normalises what people type or scan, and rejects anything else", () => {
    expect(normaliseCertificateNumber("  tdg/2026/0001-7q3k ")).toBe("TDG/2026/0001-7Q3K");
    expect(normaliseCertificateNumber("TDG/2026/ 0001-7Q3K")).toBe("TDG/2026/0001-7Q3K");
    expect(normaliseCertificateNumber("TDG/2026/0001")).toBeUndefined();
    expect(normaliseCertificateNumber("TDG/2026/0001-7Q3")).toBeUndefined();
    expect(normaliseCertificateNumber("TDG/2026/0001-7Q3O")).toBeUndefined();
    expect(normaliseCertificateNumber("' OR 1=1 --")).toBeUndefined();
    expect(normaliseCertificateNumber(`TDG/2026/${"1".repeat(40)}-ABCD`)).toBeUndefined();
  });
});

describe("certificate eligibility", () => {
  const rules = { minAttendancePercent: 80, needsFinalReport: true };

  it("counts exactly the threshold as met (4 of 5 days against 80%)", () => {
    expect(certificateEligibility(rules, { attendanceRate: 4 / 5, hasFinalReport: true })).toEqual({
      eligible: true,
      problems: [],
    });
    // 8 of 10, 12 of 15: the same share however floating point lands.
    expect(
      certificateEligibility(rules, { attendanceRate: 8 / 10, hasFinalReport: true }).eligible,
    ).toBe(true);
    expect(
      certificateEligibility(rules, { attendanceRate: 12 / 15, hasFinalReport: true }).eligible,
    ).toBe(true);
  });

  it("refuses just under the threshold", () => {
    expect(certificateEligibility(rules, { attendanceRate: 0.7999, hasFinalReport: true })).toEqual(
      { eligible: false, problems: ["attendance"] },
    );
    expect(
      certificateEligibility(
        { ...rules, minAttendancePercent: 67 },
        {
          attendanceRate: 2 / 3,
          hasFinalReport: true,
        },
      ).eligible,
    ).toBe(false);
    expect(
      certificateEligibility(
        { ...rules, minAttendancePercent: 66 },
        {
          attendanceRate: 2 / 3,
          hasFinalReport: true,
        },
      ).eligible,
    ).toBe(true);
  });

  it("asks for the final report only when the program requires it", () => {
    expect(certificateEligibility(rules, { attendanceRate: 1, hasFinalReport: false })).toEqual({
      eligible: false,
      problems: ["final_report"],
    });
    expect(
      certificateEligibility(
        { ...rules, needsFinalReport: false },
        { attendanceRate: 1, hasFinalReport: false },
      ),
    ).toEqual({ eligible: true, problems: [] });
  });

  it("reports both problems, and no counted day is not attendance", () => {
    expect(certificateEligibility(rules, { attendanceRate: 0.5, hasFinalReport: false })).toEqual({
      eligible: false,
      problems: ["attendance", "final_report"],
    });
    expect(
      certificateEligibility(
        { minAttendancePercent: 0, needsFinalReport: false },
        { attendanceRate: null, hasFinalReport: false },
      ).problems,
    ).toEqual(["attendance"]);
    expect(
      certificateEligibility(
        { minAttendancePercent: 0, needsFinalReport: false },
        { attendanceRate: 0, hasFinalReport: false },
      ).eligible,
    ).toBe(true);
  });
});
