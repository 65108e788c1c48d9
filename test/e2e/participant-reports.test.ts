import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/eventually.ts";
import { type ParticipantDays, startParticipantDays } from "./participant-days-fixture.ts";

/** Tuesday 24 Nov 2026, 16:00 WIB. */
const TUESDAY_1600 = "2026-11-24T09:00:00Z";
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("a participant's reports: daily report, history, final report and feedback", () => {
  let days: ParticipantDays;
  beforeAll(async () => {
    days = await startParticipantDays(TUESDAY_1600);
  });
  afterAll(() => days.stop());

  const reports = (index: number) =>
    days.bot.db.prisma.dailyReport.findMany({ where: { enrollmentId: days.enrollmentOf(index) } });

  it("takes today's report with photos, then replaces it the same day", async () => {
    days.at(TUESDAY_1600);
    const user = days.participant(12);
    user.sendCommand("/laporan");
    await user.waitForMessage(/Laporan harian Selasa, 24 November 2026/);
    user.sendSticker();
    await user.waitForMessage(/Mohon tuliskan laporan dalam bentuk teks/);
    user.sendText("Mempelajari sistem <e-Kinerja> dan tata kelola diklat.");
    await user.waitForMessage(/Laporan tersimpan/);
    user.sendPhoto();
    await user.waitForMessage(/Foto 1\/5 tersimpan/);
    const photoPrompt = user.lastSent();
    user.pressButton(photoPrompt?.message_id ?? 0, "daily_report:done");
    await user.waitForMessage(/Laporan harian tersimpan dengan 1 foto/);
    let [report] = await reports(12);
    expect(report).toMatchObject({
      text: "Mempelajari sistem <e-Kinerja> dan tata kelola diklat.",
    });
    expect(report?.photoFileIds).toHaveLength(1);
    expect(report?.localDate.toISOString()).toBe("2026-11-24T00:00:00.000Z");

    user.sendCommand("/laporan");
    const current = await user.waitForMessage(/Bapak\/Ibu sudah mengirim laporan untuk Selasa/);
    expect(current.text).toContain("Mempelajari sistem <e-Kinerja>");
    expect(current.text).toContain("Foto: 1");
    user.pressButton(current.message_id ?? 0, "daily_report:replace");
    await user.waitForMessage(/Tuliskan laporan pengganti/);
    user.sendText("Rapat koordinasi dengan bidang SDM; belajar penyusunan SKP.");
    await eventually(async () => {
      [report] = await reports(12);
      expect(report?.text).toBe("Rapat koordinasi dengan bidang SDM; belajar penyusunan SKP.");
    });
    expect(report?.photoFileIds).toEqual([]);
    expect(await reports(12)).toHaveLength(1);

    // The next day the old button no longer edits; /laporan starts that day's report.
    days.at("2026-11-25T09:00:00Z");
    user.pressButton(current.message_id ?? 0, "daily_report:replace", {
      allowMissingButton: true,
    });
    await user.waitForMessage(/Tombol ini berasal dari hari lain/);
    user.sendCommand("/laporan");
    await user.waitForMessage(/Laporan harian Rabu, 25 November 2026/);
    user.sendCommand("/batal");
    await user.waitForMessage(/Dibatalkan/);
    expect(await reports(12)).toHaveLength(1);
  });

  it("summarises attendance and reports so far in /riwayat", async () => {
    const db = days.bot.db.prisma;
    const enrollmentId = days.enrollmentOf(13);
    const base = {
      enrollmentId,
      programId: days.cohort.programId,
      hostUnitId: days.cohort.hostUnitIds[6] ?? null,
    };
    await db.checkIn.createMany({
      data: [
        {
          ...base,
          localDate: day("2026-11-23"),
          status: "HADIR",
          recordedAt: new Date("2026-11-23T00:10:00Z"),
        },
        {
          ...base,
          localDate: day("2026-11-24"),
          status: "TERLAMBAT",
          review: "CONFIRMED",
          recordedAt: new Date("2026-11-24T00:50:00Z"),
        },
        {
          ...base,
          localDate: day("2026-11-25"),
          status: "HADIR",
          review: "REJECTED",
          recordedAt: new Date("2026-11-25T00:20:00Z"),
        },
      ],
    });
    await db.dailyReport.createMany({
      data: ["2026-11-23", "2026-11-24"].map((date) => ({
        enrollmentId,
        programId: days.cohort.programId,
        localDate: day(date),
        text: "Kegiatan",
      })),
    });
    // Friday 27 Nov, 09:00 WIB: Mon–Wed are past working days, Thursday is the regional day off,
    // and today counts too (the one rate definition: working days up to and including today).
    days.at("2026-11-27T02:00:00Z");
    const user = days.participant(13);
    user.sendCommand("/riwayat");
    const reply = await user.waitForMessage(/Riwayat Bapak\/Ibu/);
    const text = reply.text ?? "";
    expect(text).toContain("Hari kerja sejauh ini: 4");
    expect(text).toContain(
      "Hadir: 1 · Terlambat: 1 · Izin: 0 · Sakit: 0 · Dinas luar: 0 · Belum tercatat: 2",
    );
    expect(text).toContain("Tingkat kehadiran: 50,0%");
    expect(text).toContain("Menunggu konfirmasi: 0 · Ditolak: 1");
    expect(text).toContain("Laporan harian: 2 dari 4 hari kerja");
    expect(text).toContain("Senin, 23 November 2026 — Hadir, 07:10 WIB");
    expect(text).toContain("Rabu, 25 November 2026 — Hadir, 07:20 WIB (ditolak)");
  });

  it("accepts the final report as a PDF stored on disk, then the feedback survey", async () => {
    const user = days.participant(14);
    days.at("2026-11-30T02:00:00Z");
    user.sendCommand("/laporanakhir");
    await user.waitForMessage(/mulai hari kerja terakhir program, Jumat, 4 Desember 2026/);

    days.at("2026-12-04T03:00:00Z");
    user.sendCommand("/laporanakhir");
    const prompt = await user.waitForMessage(/Kirim laporan akhir Bapak\/Ibu/);
    expect(prompt.text).toContain("maksimal 20 MB");
    user.sendDocument({ file_name: "foto.png", mime_type: "image/png", content: Buffer.alloc(10) });
    await user.waitForMessage(/Jenis berkas ini tidak dapat diterima/);
    user.sendDocument({
      file_name: "besar.pdf",
      mime_type: "application/pdf",
      content: Buffer.alloc(21 * 1024 * 1024),
    });
    await user.waitForMessage(/lebih besar dari 20 MB/);
    const pdf = Buffer.from("%PDF-1.7\nLaporan akhir magang ASN Sumbar di Jatim\n%%EOF\n");
    user.sendDocument({
      file_name: "../Laporan Akhir (Andi).pdf",
      mime_type: "application/pdf",
      content: pdf,
    });
    await user.waitForMessage(/Berkas laporan akhir .* diterima dan disimpan/);
    const enrollmentId = days.enrollmentOf(14);
    const report = await days.bot.db.prisma.finalReport.findUniqueOrThrow({
      where: { enrollmentId },
    });
    const expectedPath = join(
      days.dataDir,
      "files",
      "final-reports",
      enrollmentId,
      "Laporan_Akhir_Andi_.pdf",
    );
    expect(report).toMatchObject({
      mimeType: "application/pdf",
      fileSize: pdf.length,
      storedPath: expectedPath,
      text: null,
    });
    expect(await readFile(expectedPath)).toEqual(pdf);

    const rateHost = await user.waitForMessage(/penilaian Bapak\/Ibu terhadap instansi penempatan/);
    user.sendText("lima");
    await days.bot.api.waitUntil(
      () => user.texts().filter((t) => /terhadap instansi penempatan/.test(t)).length === 2,
    );
    user.pressButton(rateHost.message_id ?? 0, "final_report:host:4");
    const rateMentor = await user.waitForMessage(/penilaian Bapak\/Ibu terhadap pembimbing/);
    // A forged rating for a step already passed changes nothing.
    user.pressButton(rateHost.message_id ?? 0, "final_report:host:1", { allowMissingButton: true });
    await days.bot.api.waitUntil(() =>
      days.bot.api.callbackAnswers.some((a) => /sudah tidak berlaku/.test(String(a.text ?? ""))),
    );
    user.pressButton(rateMentor.message_id ?? 0, "final_report:mentor:5");
    await user.waitForMessage(/Ada saran atau komentar/);
    user.sendText("Pembimbing sangat membantu & ramah.");
    const thanks = await user.waitForMessage(/Terima kasih atas laporan dan penilaian Bapak\/Ibu/);
    const feedback = await days.bot.db.prisma.feedback.findUniqueOrThrow({
      where: { enrollmentId },
    });
    expect(feedback).toMatchObject({
      hostRating: 4,
      mentorRating: 5,
      comment: "Pembimbing sangat membantu & ramah.",
    });
    // The thanks offers the dossier, which now holds the final report and the feedback.
    const dossier = user.waitForMessage(/Dosir peserta:/, { onlyNew: true, timeoutMs: 60_000 });
    user.pressButton(thanks.message_id ?? 0, "documents:dossier");
    expect((await dossier).method).toBe("sendDocument");
    expect(days.bot.api.unansweredCallbackQueries()).toEqual([]);
  });

  it("takes a final report as text, skips the comment, and closes 14 days after the end", async () => {
    const user = days.participant(15);
    days.at("2026-12-10T03:00:00Z");
    user.sendCommand("/laporanakhir");
    await user.waitForMessage(/Kirim laporan akhir Bapak\/Ibu/);
    user.sendText("Laporan akhir: kami mempelajari tata kelola kepegawaian berbasis digital.");
    await user.waitForMessage(/Laporan akhir Bapak\/Ibu diterima/);
    const rateHost = await user.waitForMessage(/terhadap instansi penempatan/);
    user.pressButton(rateHost.message_id ?? 0, "final_report:host:5");
    const rateMentor = await user.waitForMessage(/terhadap pembimbing/);
    user.pressButton(rateMentor.message_id ?? 0, "final_report:mentor:3");
    const ask = await user.waitForMessage(/Ada saran atau komentar/);
    user.pressButton(ask.message_id ?? 0, "final_report:skip");
    await user.waitForMessage(/Terima kasih atas laporan/);
    const enrollmentId = days.enrollmentOf(15);
    const db = days.bot.db.prisma;
    expect(await db.finalReport.findUniqueOrThrow({ where: { enrollmentId } })).toMatchObject({
      text: "Laporan akhir: kami mempelajari tata kelola kepegawaian berbasis digital.",
      storedPath: null,
    });
    expect(await db.feedback.findUniqueOrThrow({ where: { enrollmentId } })).toMatchObject({
      hostRating: 5,
      mentorRating: 3,
      comment: null,
    });

    days.at("2026-12-19T03:00:00Z");
    user.sendCommand("/laporanakhir");
    await user.waitForMessage(
      /Batas pengiriman laporan akhir \(Jumat, 18 Desember 2026\) sudah lewat/,
    );

    // Started in time, sent after the deadline: refused, nothing stored.
    const slow = days.participant(16);
    days.at("2026-12-18T16:50:00Z");
    slow.sendCommand("/laporanakhir");
    await slow.waitForMessage(/Kirim laporan akhir Bapak\/Ibu/);
    days.at("2026-12-18T17:10:00Z");
    slow.sendText("Laporan akhir yang terlambat dikirim.");
    await slow.waitForMessage(/sudah lewat/);
    expect(
      await db.finalReport.findUnique({ where: { enrollmentId: days.enrollmentOf(16) } }),
    ).toBeNull();
  });
});
