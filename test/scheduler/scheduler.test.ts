import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { seedNationalHolidays } from "../../src/db/repositories/holidays.repository.ts";
import { CHECKIN_START_CALLBACK } from "../../src/features/check-in/check-in.callbacks.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { createTestDatabase } from "../support/test-database.ts";
import {
  addParticipant,
  addStaff,
  createProgram,
  outboxOf,
  schedulerFor,
  type TestProgram,
} from "./scheduler-support.ts";

const textOf = (row: { payload: unknown } | undefined) =>
  String((row?.payload as { text?: string } | undefined)?.text ?? "");

describe("the scheduler's minute tick (moved clock)", () => {
  let db: Database;
  const clock = fixedClock(new Date("2026-11-23T00:00:00Z"));
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedNationalHolidays(db.prisma);
  });
  afterAll(() => db.close());

  const morningChats = async () =>
    (await outboxOf(db, "morning_reminder")).map((row) => Number(row.chatId));

  describe("morning reminders in three time zones", () => {
    let padang: TestProgram;
    let denpasar: TestProgram;
    let jayapura: TestProgram;
    beforeAll(async () => {
      const week = { startDate: "2026-11-23", endDate: "2026-11-27" };
      padang = await createProgram(db.prisma, { name: "Padang", hostProvinceCode: "13", ...week });
      denpasar = await createProgram(db.prisma, {
        name: "Denpasar",
        hostProvinceCode: "51",
        ...week,
      });
      jayapura = await createProgram(db.prisma, {
        name: "Jayapura",
        hostProvinceCode: "91",
        ...week,
      });
      await addParticipant(db.prisma, padang, 1301);
      await addParticipant(db.prisma, denpasar, 5101, { locale: "en" });
      await addParticipant(db.prisma, jayapura, 9101);
      // Not placed yet: no check-in reminder for them.
      await addParticipant(db.prisma, jayapura, 9102, { placed: false });
    });

    it("creates each at 06:30 local time: WIT first, then WITA, then WIB", async () => {
      const scheduler = schedulerFor(db, clock);
      // Tuesday 24 November 2026, 06:27 WIT = 21:27 UTC the day before.
      expect((await scheduler.runTick(new Date("2026-11-23T21:27:00Z"))).batches).toEqual([]);
      await scheduler.runTick(new Date("2026-11-23T21:30:00Z"));
      expect(await morningChats()).toEqual([9101]);
      await scheduler.runTick(new Date("2026-11-23T22:27:00Z"));
      expect(await morningChats()).toEqual([9101]);
      await scheduler.runTick(new Date("2026-11-23T22:30:00Z"));
      expect(await morningChats()).toEqual([5101, 9101]);
      await scheduler.runTick(new Date("2026-11-23T23:27:00Z"));
      expect(await morningChats()).toEqual([5101, 9101]);
      await scheduler.runTick(new Date("2026-11-23T23:30:00Z"));
      expect(await morningChats()).toEqual([1301, 5101, 9101]);

      const rows = await outboxOf(db, "morning_reminder");
      expect(rows.map((row) => row.dueBy?.toISOString())).toEqual([
        "2026-11-23T23:30:00.000Z",
        "2026-11-23T22:30:00.000Z",
        "2026-11-23T21:30:00.000Z",
      ]);
      const [wib, wita, wit] = rows.map((row) => row.payload as Record<string, unknown>);
      expect(wib?.text).toMatch(/Selamat pagi, Peserta 1301/);
      expect(wib?.text).toContain("Selasa, 24 November 2026");
      expect(wib?.text).toContain("ditutup pukul 10:00 WIB");
      expect(wib?.text).toContain("BPSDM Padang");
      expect(wita?.text).toMatch(/Good morning, Peserta 5101/);
      expect(wita?.text).toContain("closes at 10:00 WITA");
      expect(wit?.text).toContain("06:00 WIT");
      expect(JSON.stringify(wit?.reply_markup)).toContain(CHECKIN_START_CALLBACK);
      const runs = await db.prisma.scheduledJobRun.findMany({
        where: { kind: "MORNING_REMINDER" },
      });
      expect(runs.map((run) => run.messageCount).sort()).toEqual([1, 1, 1]);
    });

    it("never creates a batch twice: a second tick, a restart or a second instance adds nothing", async () => {
      const before = await db.prisma.outboxMessage.count();
      const at = new Date("2026-11-23T23:31:00Z");
      expect((await schedulerFor(db, clock).runTick(at)).batches).toEqual([]);
      // Two instances ticking at the same moment: the unique key lets one of them build it.
      const nudgeTime = new Date("2026-11-24T02:30:00Z");
      const [a, b] = await Promise.all([
        schedulerFor(db, clock).runTick(nudgeTime),
        schedulerFor(db, clock).runTick(nudgeTime),
      ]);
      const nudges = [...a.batches, ...b.batches].filter((batch) => batch.kind === "CHECKIN_NUDGE");
      // 09:30 WIB in Padang; Denpasar's and Jayapura's nudges are an hour or two late, in grace.
      expect(nudges.map((batch) => batch.programId).sort()).toEqual(
        [padang.programId, denpasar.programId, jayapura.programId].sort(),
      );
      expect(await db.prisma.outboxMessage.count()).toBe(before + 3);
      expect((await schedulerFor(db, clock).runTick(nudgeTime)).batches).toEqual([]);
    });
  });

  describe("days without reminders", () => {
    let program: TestProgram;
    beforeAll(async () => {
      program = await createProgram(db.prisma, {
        name: "Agustus",
        hostProvinceCode: "13",
        startDate: "2026-08-10",
        endDate: "2026-08-21",
      });
      await addParticipant(db.prisma, program, 1310);
      // The coordinators' own day off for this program, and another province's regional holiday.
      await db.prisma.holiday.create({
        data: {
          date: new Date("2026-08-18T00:00:00Z"),
          name: "Libur panitia",
          kind: "PROGRAM",
          programId: program.programId,
        },
      });
      await db.prisma.holiday.create({
        data: {
          date: new Date("2026-08-19T00:00:00Z"),
          name: "Hari jadi Bali",
          kind: "REGIONAL",
          provinceCode: "51",
        },
      });
    });
    const morningOn = async (isoDate: string) => {
      const at = new Date(`${isoDate}T06:30:00+07:00`);
      const result = await schedulerFor(db, clock).runTick(at);
      return result.batches
        .filter((batch) => batch.programId === program.programId)
        .map((b) => b.kind);
    };

    it("sends none on a Saturday, on a national holiday or on the program's day off", async () => {
      expect(await morningOn("2026-08-15")).toEqual([]);
      expect(await morningOn("2026-08-17")).toEqual([]);
      expect(await morningOn("2026-08-18")).toEqual([]);
      expect(await morningOn("2026-08-19")).toEqual(["MORNING_REMINDER"]);
      expect(await morningOn("2026-08-14")).toEqual(["MORNING_REMINDER"]);
    });
  });

  describe("catch-up after downtime", () => {
    let program: TestProgram;
    beforeAll(async () => {
      program = await createProgram(db.prisma, {
        name: "Oktober",
        hostProvinceCode: "13",
        startDate: "2026-10-05",
        endDate: "2026-10-09",
      });
      await addParticipant(db.prisma, program, 1320);
    });
    const kindsAt = async (iso: string, graceMinutes = 120) =>
      (await schedulerFor(db, clock, graceMinutes).runTick(new Date(iso))).batches
        .filter((batch) => batch.programId === program.programId)
        .map((batch) => batch.kind);

    it("creates a reminder missed at 06:30 when the bot is back at 06:50", async () => {
      expect(await kindsAt("2026-10-06T06:50:00+07:00")).toEqual(["MORNING_REMINDER"]);
      const run = await db.prisma.scheduledJobRun.findFirstOrThrow({
        where: { programId: program.programId, kind: "MORNING_REMINDER" },
      });
      expect(run.dueAt.toISOString()).toBe("2026-10-05T23:30:00.000Z");
    });

    it("does not send it once the grace window is over", async () => {
      expect(await kindsAt("2026-10-07T08:31:00+07:00")).toEqual([]);
      expect(await kindsAt("2026-10-08T06:45:00+07:00", 10)).toEqual([]);
      expect(await kindsAt("2026-10-08T06:40:00+07:00", 10)).toEqual(["MORNING_REMINDER"]);
    });
  });

  describe("who gets which reminder", () => {
    let program: TestProgram;
    let done: { enrollmentId: string };
    beforeAll(async () => {
      program = await createProgram(db.prisma, {
        name: "Desember",
        hostProvinceCode: "51",
        startDate: "2026-12-07",
        endDate: "2026-12-11",
      });
      done = await addParticipant(db.prisma, program, 5120, { fullName: "Sudah Lengkap" });
      await addParticipant(db.prisma, program, 5121, { fullName: "Belum Lengkap" });
      await addParticipant(db.prisma, program, 5122, { fullName: "Memblokir Bot" });
      await db.prisma.telegramAccount.update({
        where: { telegramUserId: 5122n },
        data: { unreachableAt: new Date("2026-12-01T00:00:00Z"), unreachableWhy: "blocked" },
      });
      await addStaff(db.prisma, program.programId, 5190, "COORDINATOR");
      await db.prisma.program.update({
        where: { id: program.programId },
        data: { coordinatorChatId: -100_5190n },
      });
      const localDate = new Date("2026-12-08T00:00:00Z");
      await db.prisma.checkIn.create({
        data: {
          enrollmentId: done.enrollmentId,
          programId: program.programId,
          localDate,
          status: "HADIR",
        },
      });
      await db.prisma.dailyReport.create({
        data: {
          enrollmentId: done.enrollmentId,
          programId: program.programId,
          localDate,
          text: "Rapat",
        },
      });
    });
    const tickAt = (iso: string) => schedulerFor(db, clock).runTick(new Date(iso));
    const chatsOf = async (kind: string) =>
      (await outboxOf(db, kind))
        .filter((row) => row.dedupeKey.startsWith("job:"))
        .map((row) => Number(row.chatId));

    it("nudges and reminds only those who have not checked in or reported, never an unreachable account", async () => {
      await tickAt("2026-12-08T09:30:00+08:00");
      expect(await chatsOf("checkin_nudge")).toContain(5121);
      expect(await chatsOf("checkin_nudge")).not.toContain(5120);
      expect(await chatsOf("checkin_nudge")).not.toContain(5122);
      await tickAt("2026-12-08T16:00:00+08:00");
      const evening = await outboxOf(db, "evening_reminder");
      expect(evening.map((row) => Number(row.chatId))).toEqual([5121]);
      expect(textOf(evening[0])).toContain("/laporan");
    });

    it("sends the daily recap to the coordinators and their group", async () => {
      await tickAt("2026-12-08T17:00:00+08:00");
      const recaps = await outboxOf(db, "daily_recap");
      expect(recaps.map((row) => Number(row.chatId))).toEqual([-100_5190, 5190]);
      expect(textOf(recaps[1])).toContain("Desember");
    });

    it("tells everyone the day before where to go, and on the last day about the final report", async () => {
      await tickAt("2026-12-06T16:00:00+08:00");
      const preStart = await outboxOf(db, "pre_start");
      expect(preStart.map((row) => Number(row.chatId))).toEqual([5120, 5121]);
      const text = textOf(preStart[0]);
      expect(text).toContain("Senin, 7 Desember 2026");
      expect(text).toContain("BPSDM Desember");
      expect(text).toContain("Jl. Pahlawan No. 1");
      expect(text).toContain("07:30 WITA");
      await tickAt("2026-12-11T07:30:00+08:00");
      const lastDay = await outboxOf(db, "last_day");
      expect(lastDay).toHaveLength(2);
      expect(textOf(lastDay[0])).toContain("/laporanakhir");
    });
  });
});
