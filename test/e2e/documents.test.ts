import type { SentRecord, UserHandle } from "@tandang/fake-bot-api";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cohortParticipants } from "../../src/db/seed/sumbar-jatim-cohort.ts";
import { formatRate } from "../../src/domain/attendance-rate.ts";
import { formatNip } from "../../src/domain/nip.ts";
import { grantRole } from "../support/factories.ts";
import { pdfText } from "../support/pdf-text.ts";
import { type ParticipantDays, startParticipantDays } from "./participant-days-fixture.ts";

// Monday 23 Nov 2026, 07:15 WIB; the program runs to Friday 4 Dec, Thursday 26 Nov is a day off.
const MONDAY_0715 = "2026-11-23T00:15:00Z";
const TUESDAY_0720 = "2026-11-24T00:20:00Z";
/** Wednesday 25 Nov, 11:00 WIB: Wednesday's check-in window (until 10:00) has closed. */
const WEDNESDAY_1100 = "2026-11-25T04:00:00Z";
const coordinatorId = 791001;
const unitCoordinatorId = 791002;
const officialId = 791003;

describe("documents: the participant dossier and the program report over the fake Bot API", () => {
  let days: ParticipantDays;
  let coordinator: UserHandle;
  let official: UserHandle;

  const checkInByBot = async (index: number, iso: string, expected: RegExp) => {
    days.at(iso);
    const user = days.participant(index);
    const prompt = user.waitForMessage(/Tekan tombol di bawah/, { onlyNew: true });
    user.sendCommand("/hadir");
    await prompt;
    const unit = days.unitOf(index);
    const done = user.waitForMessage(/Presensi tercatat/, { onlyNew: true });
    user.sendLocation({
      latitude: unit.latitude,
      longitude: unit.longitude,
      horizontal_accuracy: 10,
      date: days.nowSeconds(),
    });
    expect((await done).text).toMatch(expected);
  };

  /** The next PDF document sent to the user after `act`, with its extracted text. */
  const nextPdf = async (user: UserHandle, act: () => void, caption: RegExp) => {
    const sent = user.waitForMessage(caption, { onlyNew: true, timeoutMs: 60_000 });
    act();
    const record: SentRecord = await sent;
    expect(record.method).toBe("sendDocument");
    const upload = record.uploads?.[0];
    expect(upload?.file_name).toMatch(/\.pdf$/);
    const bytes = days.bot.api.fileContent(upload?.file_id ?? "") ?? Buffer.alloc(0);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    return (await pdfText(bytes)).text;
  };

  const reply = async (user: UserHandle, command: string, matcher: RegExp) => {
    const next = user.waitForMessage(matcher, { onlyNew: true });
    user.sendCommand(command);
    return next;
  };

  beforeAll(async () => {
    days = await startParticipantDays(MONDAY_0715);
    const db = days.bot.db.prisma;
    const { programId, hostUnitIds } = days.cohort;
    await grantRole(db, coordinatorId, "COORDINATOR", programId);
    await grantRole(db, unitCoordinatorId, "COORDINATOR", programId, hostUnitIds[0]);
    await grantRole(db, officialId, "OFFICIAL", programId);
    coordinator = days.bot.api.user(coordinatorId, { first_name: "Koordinator" });
    official = days.bot.api.user(officialId, { first_name: "Pejabat" });
    for (const index of [1, 2, 3]) {
      const user = days.participant(index);
      user.sendCommand("/start");
      await user.waitForMessage(/Halo lagi/);
    }
  }, 120_000);
  afterAll(() => days.stop());

  it("runs three working days: check-ins through the bot, the rest recorded directly", async () => {
    await checkInByBot(1, MONDAY_0715, /Hadir pukul 07:15 WIB/);
    await checkInByBot(2, "2026-11-23T00:45:00Z", /Terlambat pukul 07:45 WIB/);
    await checkInByBot(1, TUESDAY_0720, /Hadir pukul 07:20 WIB/);
    // Everyone else: present on Monday and Tuesday except every fifth, nobody on Wednesday.
    const db = days.bot.db.prisma;
    const enrollments = await db.enrollment.findMany({
      where: { programId: days.cohort.programId },
      select: { id: true, hostUnitId: true },
    });
    const byBot = new Set([days.enrollmentOf(1), days.enrollmentOf(2)]);
    await db.checkIn.createMany({
      data: enrollments
        .filter((enrollment) => !byBot.has(enrollment.id))
        .flatMap((enrollment, index) =>
          index % 5 === 0
            ? []
            : ["2026-11-23", "2026-11-24"].map((date) => ({
                enrollmentId: enrollment.id,
                programId: days.cohort.programId,
                hostUnitId: enrollment.hostUnitId,
                localDate: new Date(`${date}T00:00:00Z`),
                status: "HADIR" as const,
                recordedAt: new Date(`${date}T00:30:00Z`),
              })),
        ),
    });
    await db.dailyReport.create({
      data: {
        enrollmentId: days.enrollmentOf(1),
        programId: days.cohort.programId,
        localDate: new Date("2026-11-23T00:00:00Z"),
        text: "Mengikuti orientasi di BPSDM Jatim dan pengenalan sistem informasi kepegawaian.",
      },
    });
    await db.mentorAssessment.create({
      data: {
        enrollmentId: days.enrollmentOf(1),
        programId: days.cohort.programId,
        scores: { discipline: 5, initiative: 4, cooperation: 5, work_quality: 4 },
        comment: "Tekun dan komunikatif.",
        submittedAt: new Date("2026-11-25T03:00:00Z"),
      },
    });
    days.at(WEDNESDAY_1100);
    expect(await db.checkIn.count({ where: { enrollmentId: days.enrollmentOf(1) } })).toBe(2);
  });

  it("sends a coordinator the dossier of /dosir <NIP>: name, NIP, program, period, attendance", async () => {
    const person = cohortParticipants[1];
    const nip = person?.nip ?? "";
    const text = await nextPdf(
      coordinator,
      () => coordinator.sendCommand(`/dosir ${formatNip(nip)}`),
      /Dosir peserta:/,
    );
    expect(text).toContain("DOSIR PESERTA");
    expect(text).toContain(`Nama ${person?.fullName}`);
    expect(text).toContain(`NIP ${formatNip(nip)}`);
    expect(text).toContain("Magang ASN Sumbar di Jatim");
    expect(text).toContain("Senin, 23 November 2026 s.d. Jumat, 4 Desember 2026");
    expect(text).toContain(`Instansi penempatan ${days.unitOf(1).name}`);
    expect(text).toContain(`Pembimbing ${days.unitOf(1).mentorName}`);
    // Monday and Tuesday present, Wednesday closed without a check-in: 2 of 3 working days.
    expect(text).toMatch(/Senin, 23 November 2026 Hadir 07:15/);
    expect(text).toMatch(/Selasa, 24 November 2026 Hadir 07:20/);
    expect(text).toMatch(/Rabu, 25 November 2026 Tanpa keterangan/);
    expect(text).not.toContain("Kamis, 26 November 2026");
    expect(text).toContain(
      "Tingkat kehadiran 66,7% (3 hari kerja dihitung dari 9 hari kerja program)",
    );
    expect(text).toContain("Mengikuti orientasi di BPSDM Jatim");
    expect(text).toContain("Disiplin 5 / 5");
    expect(text).toContain("Rata-rata 4,5");
    expect(text).toContain("Laporan akhir belum dikirim.");
    expect(text).toContain("Peserta belum mengisi penilaian.");
    expect(text).toContain("WIB");
  });

  it("answers a bad NIP clearly and keeps a unit-limited coordinator to their units", async () => {
    await reply(coordinator, "/dosir 12345", /NIP “12345” tidak dikenali/);
    const unitCoordinator = days.bot.api.user(unitCoordinatorId);
    // Participants 0 and 1 are placed at the first unit, participant 2 at the second.
    const outside = cohortParticipants[2]?.nip ?? "";
    await reply(
      unitCoordinator,
      `/dosir ${outside}`,
      new RegExp(`NIP ${formatNip(outside)} tidak ditemukan`),
    );
    const inside = cohortParticipants[1]?.nip ?? "";
    const text = await nextPdf(
      unitCoordinator,
      () => unitCoordinator.sendCommand(`/dosir ${inside}`),
      /Dosir peserta:/,
    );
    expect(text).toContain(`NIP ${formatNip(inside)}`);
  });

  it("gives the program report the figures /rekap gives", async () => {
    const before = days.bot.api.sent(officialId).length;
    official.sendCommand("/rekap");
    const uploads = () =>
      days.bot.api
        .sent(officialId)
        .slice(before)
        .filter((record) => record.method === "sendDocument");
    await days.bot.api.waitUntil(() => uploads().length >= 2, { timeoutMs: 60_000 });
    const chartCaption = days.bot.api
      .sent(officialId)
      .slice(before)
      .find((record) => record.method === "sendPhoto")?.text;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      days.bot.api.fileContent(uploads()[0]?.uploads?.[0]?.file_id ?? "") as never,
    );
    const summary = workbook.getWorksheet("Ringkasan");
    const rows = (summary?.getRows(1, summary.rowCount) ?? []).map(
      (row) => row.values as unknown[],
    );
    const totals = rows.find((values) => values[1] === "Jumlah") ?? [];
    const counted = Number(totals[14]);
    const rate = Number(totals[15]);
    const named = rows.filter((values) => /^\d{18}$/.test(String(values[2] ?? ""))).length;
    expect(counted).toBe(named * 3);
    expect(rate).toBeGreaterThan(0.3);
    expect(rate).toBeLessThan(0.9);

    const text = await nextPdf(
      official,
      () => official.sendCommand("/laporanprogram"),
      /Laporan program Magang ASN Sumbar di Jatim/,
    );
    expect(text).toContain("LAPORAN PROGRAM");
    expect(text).toContain(`Jumlah peserta ${named}`);
    expect(chartCaption).toContain("(3 hari kerja)");
    expect(text).toContain(
      "Hari kerja 3 hari kerja sampai dengan hari ini, dari 9 hari kerja program",
    );
    expect(text).toContain(`Tingkat kehadiran ${formatRate(rate, "id")} (`);
    expect(text).toContain(`dari ${counted} hari kerja peserta)`);
    expect(text).toContain(`1 dari ${named} peserta dinilai, rata-rata 4,5`);
    expect(text).toContain(`0 berlaku, 0 dicabut, ${named} belum terbit`);
    expect(text).toContain(`${days.unitOf(1).shortName}`);
  });

  it("gives a unit-limited coordinator and /laporanprogram <instansi> one host agency only", async () => {
    const unitCoordinator = days.bot.api.user(unitCoordinatorId);
    const own = await nextPdf(
      unitCoordinator,
      () => unitCoordinator.sendCommand("/laporanprogram"),
      /Laporan program/,
    );
    expect(own).toContain("Jumlah peserta 2");
    expect(own).not.toContain(cohortParticipants[2]?.fullName ?? "?");

    const unit = days.unitOf(2);
    const one = await nextPdf(
      official,
      () => official.sendCommand(`/laporanprogram ${unit.shortName}`),
      new RegExp(`Laporan program .* — ${unit.name}`),
    );
    expect(one).toContain("Jumlah peserta 2");
    expect(one).toContain(cohortParticipants[2]?.fullName ?? "?");
    expect(one).not.toContain(cohortParticipants[1]?.fullName ?? "?");

    // The list of agencies as buttons; a unit-limited coordinator cannot press another's.
    const list = await reply(official, "/laporanprogram instansi", /Pilih instansi penempatan/);
    const buttons = (list.message?.reply_markup?.inline_keyboard ?? []).flat();
    expect(buttons).toHaveLength(days.cohort.hostUnitIds.length);
    const third = buttons.find((button) => button.text === days.unitOf(4).shortName);
    const pressed = await nextPdf(
      official,
      () => official.pressButton(list.message_id ?? 0, String(third?.callback_data)),
      new RegExp(`Laporan program .* — ${days.unitOf(4).name}`),
    );
    expect(pressed).toContain(cohortParticipants[4]?.fullName ?? "?");
    const ownList = await reply(unitCoordinator, "/laporanprogram instansi", /Pilih instansi/);
    expect((ownList.message?.reply_markup?.inline_keyboard ?? []).flat()).toHaveLength(1);
    const answers = days.bot.api.callbackAnswers.length;
    unitCoordinator.pressButton(ownList.message_id ?? 0, String(third?.callback_data), {
      allowMissingButton: true,
    });
    await days.bot.api.waitUntil(() =>
      days.bot.api.callbackAnswers
        .slice(answers)
        .some((answer) => /tidak berlaku/.test(String(answer.text ?? ""))),
    );
  });

  it("sends a participant their own dossier and refuses them the report and others' dossiers", async () => {
    const participant = days.participant(2);
    const own = await nextPdf(
      participant,
      () => participant.sendCommand("/dosir"),
      /Dosir peserta:/,
    );
    expect(own).toContain(`Nama ${cohortParticipants[2]?.fullName}`);
    expect(own).toMatch(/Senin, 23 November 2026 Terlambat 07:45/);
    expect(own).toContain("Belum dinilai.");

    await reply(
      participant,
      "/laporanprogram",
      /laporan program hanya untuk koordinator dan pejabat/,
    );
    await reply(
      participant,
      `/dosir ${cohortParticipants[1]?.nip}`,
      /dosir peserta lain hanya dapat dibuat oleh koordinator/,
    );
    const documents = days.bot.api
      .sent(Number(days.cohort.participants[2]?.telegramUserId))
      .filter((record) => record.method === "sendDocument");
    expect(documents).toHaveLength(1);
    const stranger = days.bot.api.user(799998);
    const refused = await reply(stranger, "/dosir", /belum terdaftar sebagai peserta program/);
    // A forged dossier button from someone who is not a participant: an alert, nothing sent.
    const answers = days.bot.api.callbackAnswers.length;
    stranger.pressButton(refused.message_id ?? 0, "documents:dossier", {
      allowMissingButton: true,
    });
    await days.bot.api.waitUntil(() =>
      days.bot.api.callbackAnswers
        .slice(answers)
        .some((answer) => /tidak berlaku/.test(String(answer.text ?? ""))),
    );
    // A mentor views their unit in /status, but the program report is not theirs.
    await grantRole(
      days.bot.db.prisma,
      791004,
      "MENTOR",
      days.cohort.programId,
      days.cohort.hostUnitIds[0],
    );
    await reply(
      days.bot.api.user(791004),
      "/laporanprogram",
      /laporan program hanya untuk koordinator dan pejabat/,
    );
    expect(days.bot.api.unansweredCallbackQueries()).toEqual([]);
  });

  it("lists the commands for the roles that may use them", async () => {
    await reply(
      official,
      `/dosir ${cohortParticipants[1]?.nip}`,
      /dosir peserta hanya dapat dibuat oleh koordinator program\.$/,
    );
    const help = await reply(official, "/help", /Bantuan Tandang/);
    expect(help.text).toContain("/laporanprogram");
    expect(help.text).not.toContain("/dosir");
    const coordinatorHelp = await reply(coordinator, "/help", /Bantuan Tandang/);
    expect(coordinatorHelp.text).toContain("/dosir");
    expect(coordinatorHelp.text).toContain("/laporanprogram");
    const participantHelp = await reply(days.participant(3), "/help", /Bantuan Tandang/);
    expect(participantHelp.text).toContain("/dosir");
    expect(participantHelp.text).not.toContain("/laporanprogram");
  });
});
