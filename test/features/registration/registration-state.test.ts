import { describe, expect, it } from "vitest";
import {
  normalisePhone,
  readTextAnswer,
} from "../../../src/features/registration/registration-input.ts";
import {
  nextRegistrationStep,
  type RegistrationData,
} from "../../../src/features/registration/registration-state.ts";

const base: RegistrationData = {
  programId: "p",
  inviteCode: "code",
  sendingProvinceCode: "13",
  timeZone: "Asia/Jakarta",
  usesRoster: false,
  hasCurrentConsent: false,
  editing: false,
};
const complete = {
  fullName: "Andi",
  nip: "198503122010011003",
  nipKind: "PNS" as const,
  position: "Analis",
  ownAgency: "BKD",
  phone: "+62812",
};

describe("the registration's next step", () => {
  it("asks the name first without a roster, the NIP first with one", () => {
    expect(nextRegistrationStep(base)).toBe("name");
    expect(nextRegistrationStep({ ...base, usesRoster: true })).toBe("nip");
  });

  it("with a roster asks the own contact right after the NIP, before anything the roster could fill", () => {
    const roster = { ...base, usesRoster: true };
    expect(nextRegistrationStep({ ...roster, nip: complete.nip })).toBe("phone");
    expect(nextRegistrationStep({ ...roster, nip: complete.nip, phone: "+62812" })).toBe("name");
  });

  it("asks only what is still missing", () => {
    expect(nextRegistrationStep({ ...base, fullName: "Andi", nip: "1" })).toBe("position");
    expect(nextRegistrationStep({ ...base, ...complete, phone: undefined })).toBe("phone");
  });

  it("asks consent once everything is known, unless the current text was accepted before", () => {
    expect(nextRegistrationStep({ ...base, ...complete })).toBe("consent");
    expect(nextRegistrationStep({ ...base, ...complete, hasCurrentConsent: true })).toBe("summary");
    const consent = { acceptedAt: "2026-11-24T00:30:00Z", telegramMessageId: 5, textVersion: "v" };
    expect(nextRegistrationStep({ ...base, ...complete, consent })).toBe("summary");
  });

  it("goes back to the summary after a change", () => {
    expect(nextRegistrationStep({ ...base, ...complete, editing: true })).toBe("summary");
  });
});

describe("text answers", () => {
  it("takes text only, collapses spaces, refuses empty and over-long answers", () => {
    expect(readTextAnswer({}, 10)).toEqual({ ok: false, problem: "not_text" });
    expect(readTextAnswer({ text: "  \n " }, 10)).toEqual({ ok: false, problem: "empty" });
    expect(readTextAnswer({ text: " Andi \n Saputra " }, 20)).toEqual({
      ok: true,
      value: "Andi Saputra",
    });
    expect(readTextAnswer({ text: "x".repeat(11) }, 10)).toEqual({
      ok: false,
      problem: "too_long",
      max: 10,
      length: 11,
    });
  });

  it("keeps HTML as typed (it is escaped when shown)", () => {
    expect(readTextAnswer({ text: "<b>Andi</b>" }, 50)).toEqual({ ok: true, value: "<b>Andi</b>" });
  });

  it("stores phone numbers as + and digits", () => {
    expect(normalisePhone("6281234567890")).toBe("+6281234567890");
    expect(normalisePhone("+62 812-3456-7890")).toBe("+6281234567890");
  });
});
