import { describe, expect, it } from "vitest";
import {
  type AssessmentPeriod,
  assessmentClosesOn,
  assessmentJobOn,
  assessmentWindow,
  averageScore,
  criteriaOf,
  isLastWorkingDay,
  MAX_CRITERIA,
  parseScoreDigits,
  readScores,
} from "../../../src/domain/assessment.ts";
import { programCalendar } from "../../../src/domain/program-calendar.ts";
import {
  openData,
  rateData,
  saveData,
  skipCommentData,
} from "../../../src/features/assessment/assessment.keyboards.ts";
import {
  REMINDER_LIST_LIMIT,
  renderOverview,
  renderReminder,
  renderRequestList,
} from "../../../src/features/assessment/assessment.render.ts";
import { assessorsOfUnit, mayAssess } from "../../../src/features/assessment/assessors.ts";
import { createI18n, translatorFor } from "../../../src/i18n/i18n.ts";
import { jobSlotsOn, type ProgramJobTimes } from "../../../src/scheduler/due-jobs.ts";

const P = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";
const UNIT_A = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const UNIT_B = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

type Grant = Parameters<typeof assessorsOfUnit>[2][number];
const grant = (personId: string, role: Grant["role"], extra: Partial<Grant> = {}): Grant => ({
  personId,
  role,
  programId: P,
  hostUnitId: null,
  side: null,
  ...extra,
});

describe("who assesses whom", () => {
  const coordinators: Grant[] = [
    grant("host-whole", "COORDINATOR", { side: "HOST" }),
    grant("both-sides", "COORDINATOR"),
    grant("sending", "COORDINATOR", { side: "SENDING" }),
    grant("host-unit-a", "COORDINATOR", { side: "HOST", hostUnitId: UNIT_A }),
    grant("host-unit-b", "COORDINATOR", { side: "HOST", hostUnitId: UNIT_B }),
    grant("official", "OFFICIAL"),
    grant("elsewhere", "COORDINATOR", { programId: OTHER, side: "HOST" }),
  ];

  it("is the unit's mentors when it has any, and nobody else", () => {
    const grants = [
      ...coordinators,
      grant("mentor-a", "MENTOR", { hostUnitId: UNIT_A }),
      grant("mentor-a2", "MENTOR", { hostUnitId: UNIT_A }),
      grant("mentor-b", "MENTOR", { hostUnitId: UNIT_B }),
    ];
    expect(assessorsOfUnit(P, UNIT_A, grants)).toEqual({
      kind: "mentor",
      personIds: ["mentor-a", "mentor-a2"],
    });
    expect(assessorsOfUnit(P, UNIT_B, grants).personIds).toEqual(["mentor-b"]);
  });

  it("falls back to the host-side coordinators whose scope covers the unit", () => {
    const result = assessorsOfUnit(P, UNIT_A, coordinators);
    expect(result.kind).toBe("coordinator");
    expect(result.personIds.sort()).toEqual(["both-sides", "host-unit-a", "host-whole"]);
    // A mentor of another unit or program does not count as this unit's mentor.
    const withOthers = [
      ...coordinators,
      grant("mentor-b", "MENTOR", { hostUnitId: UNIT_B }),
      grant("mentor-elsewhere", "MENTOR", { programId: OTHER, hostUnitId: UNIT_A }),
    ];
    expect(assessorsOfUnit(P, UNIT_A, withOthers).kind).toBe("coordinator");
  });

  it("is nobody when the unit has neither", () => {
    expect(
      assessorsOfUnit(P, UNIT_A, [grant("sending", "COORDINATOR", { side: "SENDING" })]),
    ).toEqual({ kind: "coordinator", personIds: [] });
  });

  it("lets only an assessor assess, never themselves, and nobody an unplaced participant", () => {
    const grants = [...coordinators, grant("mentor-a", "MENTOR", { hostUnitId: UNIT_A })];
    const placed = { programId: P, hostUnitId: UNIT_A, personId: "participant" };
    expect(mayAssess("mentor-a", placed, grants)).toBe(true);
    // With a mentor in the unit, the coordinators do not assess it.
    expect(mayAssess("host-whole", placed, grants)).toBe(false);
    expect(mayAssess("participant", placed, grants)).toBe(false);
    expect(mayAssess(null, placed, grants)).toBe(false);
    expect(mayAssess("mentor-a", { ...placed, personId: "mentor-a" }, grants)).toBe(false);
    expect(mayAssess("mentor-a", { ...placed, hostUnitId: null }, grants)).toBe(false);
    expect(mayAssess("host-unit-b", { ...placed, hostUnitId: UNIT_B }, coordinators)).toBe(true);
    expect(mayAssess("host-unit-a", { ...placed, hostUnitId: UNIT_B }, coordinators)).toBe(false);
  });
});

describe("the days of the assessment", () => {
  // Mon 23 Nov – Fri 4 Dec 2026, Monday to Friday.
  const period: AssessmentPeriod = {
    startDate: "2026-11-23",
    endDate: "2026-12-04",
    closesOn: null,
  };
  const rules = (daysOff: string[] = []) => ({
    workingWeekdays: [1, 2, 3, 4, 5],
    daysOff: new Set(daysOff),
  });
  const jobsBetween = (from: string, to: string, daysOff: string[] = [], p = period) => {
    const jobs: string[] = [];
    for (let day = from; day <= to; day = nextDay(day)) {
      const job = assessmentJobOn(day, p, rules(daysOff));
      if (job) jobs.push(`${day} ${job}`);
    }
    return jobs;
  };

  it("asks on the last working day and reminds each working day after the end until it closes", () => {
    expect(assessmentClosesOn(period)).toBe("2026-12-11");
    expect(jobsBetween("2026-11-20", "2026-12-20")).toEqual([
      "2026-12-04 request",
      "2026-12-07 reminder",
      "2026-12-08 reminder",
      "2026-12-09 reminder",
      "2026-12-10 reminder",
      "2026-12-11 reminder",
    ]);
  });

  it("asks the day before when the end date is a day off, and skips days off after it", () => {
    expect(isLastWorkingDay("2026-12-03", period, rules(["2026-12-04"]))).toBe(true);
    expect(isLastWorkingDay("2026-12-03", period, rules())).toBe(false);
    expect(jobsBetween("2026-11-20", "2026-12-09", ["2026-12-04", "2026-12-08"])).toEqual([
      "2026-12-03 request",
      "2026-12-07 reminder",
      "2026-12-09 reminder",
    ]);
  });

  it("follows the program's closing date", () => {
    const short = { ...period, closesOn: "2026-12-08" };
    expect(jobsBetween("2026-12-01", "2026-12-20", [], short)).toEqual([
      "2026-12-04 request",
      "2026-12-07 reminder",
      "2026-12-08 reminder",
    ]);
  });

  it("puts the request and reminders at the start of the working day in the host's zone", () => {
    const calendar = programCalendar("2026-11-23", "2026-12-04", {
      workingWeekdays: [1, 2, 3, 4, 5],
      daysOff: new Set(),
    });
    const times: ProgramJobTimes = {
      morningReminderAt: "06:30",
      startOfDayAt: "07:30",
      checkInClosesAt: "10:00",
      checkInNudgeMinutes: 30,
      eveningReminderAt: "16:00",
      dailyRecapAt: "17:00",
      preStartReminderAt: "16:00",
      assessmentClosesOn: null,
    };
    const slot = (date: string, kind: string) =>
      jobSlotsOn(calendar, times, date, "Asia/Makassar")
        .find((s) => s.kind === kind)
        ?.dueAt.toISOString();
    expect(slot("2026-12-04", "ASSESSMENT_REQUEST")).toBe("2026-12-03T23:30:00.000Z");
    expect(slot("2026-12-03", "ASSESSMENT_REQUEST")).toBeUndefined();
    expect(slot("2026-12-07", "ASSESSMENT_REMINDER")).toBe("2026-12-06T23:30:00.000Z");
    expect(jobSlotsOn(calendar, times, "2026-12-05", "Asia/Makassar")).toEqual([]);
    expect(jobSlotsOn(calendar, times, "2026-12-14", "Asia/Makassar")).toEqual([]);
  });

  it("is open from the last working day through the closing date", () => {
    expect(assessmentWindow("2026-12-03", "2026-12-04", "2026-12-11").kind).toBe("not_yet");
    expect(assessmentWindow("2026-12-04", "2026-12-04", "2026-12-11").kind).toBe("open");
    expect(assessmentWindow("2026-12-11", "2026-12-04", "2026-12-11").kind).toBe("open");
    expect(assessmentWindow("2026-12-12", "2026-12-04", "2026-12-11").kind).toBe("closed");
  });
});

describe("criteria, scores and callback data", () => {
  it("rates the configured criteria once each, at most twelve, the defaults when none", () => {
    expect(criteriaOf([" discipline", "discipline", "", "Presentasi"])).toEqual([
      "discipline",
      "Presentasi",
    ]);
    expect(criteriaOf([])).toEqual(["discipline", "initiative", "cooperation", "work_quality"]);
    expect(criteriaOf(Array.from({ length: 20 }, (_, i) => `k${i}`))).toHaveLength(MAX_CRITERIA);
  });

  it("reads scores only as whole numbers from 1 to 5, one digit per criterion", () => {
    expect(parseScoreDigits("435", 4)).toEqual([4, 3, 5]);
    expect(parseScoreDigits("", 4)).toEqual([]);
    expect(parseScoreDigits("43521", 4)).toBeUndefined();
    expect(parseScoreDigits("406", 4)).toBeUndefined();
    expect(readScores({ discipline: 4, initiative: 9, cooperation: "5", x: 2.5 })).toEqual({
      discipline: 4,
    });
    expect(readScores(null)).toEqual({});
    expect(averageScore({ a: 4, b: 5, c: 4, d: 4 })).toBe(4.25);
    expect(averageScore({ a: 4, b: 5, c: 5 })).toBe(4.67);
    expect(averageScore({})).toBeUndefined();
  });

  it("keeps every button's data within Telegram's 64 bytes", () => {
    const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const longest = "5".repeat(MAX_CRITERIA);
    for (const data of [
      rateData(id, longest),
      saveData(id, longest),
      openData(id),
      skipCommentData(id),
    ]) {
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    }
  });
});

describe("the list messages", () => {
  const t = translatorFor(createI18n("id"), "id");
  const people = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      enrollmentId: `0f8fad5b-d9cb-469f-a165-${String(i).padStart(12, "0")}`,
      fullName: `Peserta <${i}>`,
      unitName: "BKD & Diklat",
    }));
  const buttons = (message: ReturnType<typeof renderReminder>) =>
    message.reply_markup.inline_keyboard.flat().map((button) => button.text);

  it("lists many participants by name, escaped, with a button each up to the limit", () => {
    const request = renderRequestList(t, "id", "Magang <Jatim>", people(12), "2026-12-11");
    expect(request.text).toContain("Magang &lt;Jatim&gt;");
    expect(request.text).toContain("untuk 12 peserta berikut");
    expect(request.text).toContain("• Peserta &lt;11&gt; (BKD &amp; Diklat)");
    expect(request.text).toContain("Jumat, 11 Desember 2026");
    expect(buttons(request)).toHaveLength(12);

    const reminder = renderReminder(t, "id", people(REMINDER_LIST_LIMIT + 5), "2026-12-11");
    expect(buttons(reminder)).toHaveLength(REMINDER_LIST_LIMIT);
    expect(reminder.text).toContain("… dan 5 peserta lainnya (lihat /penilaian)");
  });

  it("splits /penilaian under Telegram's limit, even for one very large unit", () => {
    const participants = Array.from({ length: 250 }, (_, i) => ({
      enrollmentId: `0f8fad5b-d9cb-469f-a165-${String(i).padStart(12, "0")}`,
      fullName: `Peserta Dengan Nama Cukup Panjang Nomor ${i}`,
      submitted: i % 3 === 0,
      average: i % 3 === 0 ? 4.5 : undefined,
      mine: i < 3,
    }));
    const messages = renderOverview(t, "id", {
      programName: "Magang",
      window: { opensOn: "2026-12-04", closesOn: "2026-12-11", kind: "open" },
      assessed: 84,
      total: 250,
      units: [
        { unitName: "BKD", assessedBy: "mentor", participants: participants.slice(0, 5) },
        { unitName: "Besar", assessedBy: "coordinator", participants: participants.slice(5) },
      ],
    });
    expect(messages.length).toBeGreaterThan(2);
    for (const message of messages) expect(message.text.length).toBeLessThanOrEqual(4096);
    const all = messages.map((message) => message.text).join("\n");
    // Each name once, whole: "Nomor 1" must not pass for "Nomor 10".
    for (const participant of participants) {
      const whole = new RegExp(`${participant.fullName}(?!\\d)`, "g");
      expect(all.match(whole)).toHaveLength(1);
    }
    expect(all).toContain("✅ Peserta Dengan Nama Cukup Panjang Nomor 0 — rata-rata 4,50");
    expect(messages.slice(0, -1).every((message) => !message.reply_markup)).toBe(true);
    expect(buttons(messages.at(-1) as ReturnType<typeof renderReminder>)).toHaveLength(3);
  });
});

function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
