import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SeededCohort, seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { formatNip } from "../../src/domain/nip.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { escapeHtml } from "../../src/shared/html.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { eventually } from "../support/eventually.ts";
import { grantRole } from "../support/factories.ts";
import { freePort } from "../support/free-port.ts";
import { pdfPageSize, pdfQrCodes, pdfText } from "../support/pdf-reading.ts";

/** Mon 30 Nov – Fri 4 Dec 2026 in Jawa Timur (WIB); certificates go out Monday 7 December. */
const START = "2026-11-30";
const WORKING_DAYS = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"];
const PROGRAM = "Magang ASN Sumbar di Jatim 2026";
const TELEGRAM_BASE = 810000;
const COORDINATOR = 819001;
const OFFICIAL = 819002;
const MENTOR = 819003;
const SIGNATORY_NIP = "197001011995031001";

describe("certificates: issue, delivery as a PDF with a QR code, verification, revocation", () => {
  let bot: TestBot;
  let base: string;
  let cohort: SeededCohort;
  const clock = fixedClock(new Date("2026-12-04T09:00:00Z"));
  const participant = (index: number) => bot.api.user(TELEGRAM_BASE + index);
  let number = "";
  let link = "";

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    bot = await startTestBot({
      clock,
      env: {
        BOT_MODE: "webhook",
        WEBHOOK_URL: `${base}/telegram/hook`,
        WEBHOOK_SECRET: "certificate_secret-1",
        WEBHOOK_HOST: "127.0.0.1",
        PORT: String(port),
        PUBLIC_BASE_URL: `${base}/`,
      },
    });
    const db = bot.db.prisma;
    cohort = await seedCohort(db, {
      telegramIdBase: TELEGRAM_BASE,
      placed: true,
      startDate: START,
    });
    await db.program.update({
      where: { id: cohort.programId },
      data: {
        name: PROGRAM,
        certificateHours: 32,
        certificateSignatories: [
          {
            name: "Dr. Budi Santoso, M.Si.",
            position: "Kepala BPSDM Provinsi Jawa Timur",
            nip: SIGNATORY_NIP,
          },
        ],
      },
    });
    // 0: every day and a final report. 1: 4 of 5 days (exactly 80%) and a final report.
    // 2: every day, no final report (not eligible while the program asks for one).
    const attend = async (index: number, days: string[]) => {
      const enrollment = cohort.participants[index];
      if (!enrollment) throw new Error("no participant");
      await db.checkIn.createMany({
        data: days.map((day) => ({
          enrollmentId: enrollment.enrollmentId,
          programId: cohort.programId,
          localDate: new Date(`${day}T00:00:00Z`),
          status: "HADIR" as const,
          recordedAt: new Date(`${day}T00:10:00Z`),
        })),
      });
    };
    await attend(0, WORKING_DAYS);
    await attend(1, WORKING_DAYS.slice(1));
    await attend(2, WORKING_DAYS);
    for (const index of [0, 1]) {
      await db.finalReport.create({
        data: {
          enrollmentId: cohort.participants[index]?.enrollmentId ?? "",
          text: "Laporan akhir",
        },
      });
    }
    await grantRole(db, COORDINATOR, "COORDINATOR", cohort.programId);
  });
  afterAll(() => bot?.stop());

  it("refuses coordinator commands to a participant", async () => {
    const user = participant(0);
    user.sendCommand("/sertifikat terbitkan");
    await user.waitForMessage(/hanya untuk koordinator program/);
    user.sendCommand("/pengaturan kehadiran 10");
    await user.waitForMessage(/pengaturan program hanya untuk koordinator dan pejabat/);
    expect(await bot.db.prisma.certificate.count()).toBe(0);
  });

  it("shows and changes the settings for a coordinator, politely refusing a bad value", async () => {
    const coordinator = bot.api.user(COORDINATOR);
    coordinator.sendCommand("/pengaturan");
    const shown = await coordinator.waitForMessage(/Pengaturan akhir program/);
    expect(shown.text).toContain("Jumlah JP di sertifikat: 32 JP");
    expect(shown.text).toContain("Kehadiran minimal untuk sertifikat: 80%");
    expect(shown.text).toContain("Disiplin, Inisiatif, Kerja sama, Kualitas kerja");
    expect(shown.text).toContain("NIP 19700101 199503 1 001");
    coordinator.sendCommand("/pengaturan kehadiran 120");
    await coordinator.waitForMessage(/bilangan bulat dari 0 sampai 100/);
    coordinator.sendCommand("/pengaturan penandatangan 2 Ir. Sari; Kepala BPSDM Sumbar; 1234");
    await coordinator.waitForMessage(/NIP penandatangan tidak valid/);
    coordinator.sendCommand("/pengaturan laporanakhir ya");
    await coordinator.waitForMessage(/Pengaturan tersimpan/);
    const audit = await bot.db.prisma.auditEntry.findMany({
      where: { action: "program.settings_changed" },
    });
    expect(audit).toHaveLength(1);
  });

  it("refuses the certificate list to a mentor, who sees only its unit's day", async () => {
    await grantRole(bot.db.prisma, MENTOR, "MENTOR", cohort.programId, cohort.hostUnitIds[0]);
    const mentor = bot.api.user(MENTOR);
    mentor.sendCommand("/sertifikat daftar");
    await mentor.waitForMessage(/hanya untuk koordinator program/);
    expect(mentor.texts().join("\n")).not.toMatch(/berlaku|dicabut/);
  });

  it("shows an official the settings read-only", async () => {
    await grantRole(bot.db.prisma, OFFICIAL, "OFFICIAL", cohort.programId);
    const official = bot.api.user(OFFICIAL);
    official.sendCommand("/pengaturan");
    const shown = await official.waitForMessage(/Pengaturan akhir program/);
    expect(shown.text).not.toContain("Cara mengubah");
    official.sendCommand("/pengaturan jp 10");
    await official.waitForMessage(/hanya dapat melihat pengaturan ini/);
    official.sendCommand("/sertifikat terbitkan");
    await official.waitForMessage(/hanya untuk koordinator program/);
    const program = await bot.db.prisma.program.findUniqueOrThrow({
      where: { id: cohort.programId },
    });
    expect(program.certificateHours).toBe(32);
  });

  it("tells a participant before the end what the certificate needs, with the figures", async () => {
    const user = participant(2);
    user.sendCommand("/sertifikat");
    const reply = await user.waitForMessage(/Sertifikat diterbitkan setelah program berakhir/);
    expect(reply.text).toContain("Tingkat kehadiran: 100,0% (minimal 80%)");
    expect(reply.text).toContain("Laporan akhir: belum dikirim");
  });

  it("issues the eligible ones on the last day: exactly at the threshold counts", async () => {
    const coordinator = bot.api.user(COORDINATOR);
    coordinator.sendCommand("/sertifikat terbitkan");
    const reply = await coordinator.waitForMessage(/Diterbitkan sekarang/);
    expect(reply.text).toContain("Diterbitkan sekarang: 2");
    const certificates = await bot.db.prisma.certificate.findMany({ orderBy: { number: "asc" } });
    expect(certificates.map((c) => c.enrollmentId).sort()).toEqual(
      [cohort.participants[0]?.enrollmentId, cohort.participants[1]?.enrollmentId].sort(),
    );
    for (const certificate of certificates) {
      expect(certificate.number).toMatch(/^TDG\/2026\/\d{4}-[2-9A-HJKMNP-Z]{4}$/);
    }
    const audit = await bot.db.prisma.auditEntry.findMany({
      where: { action: "certificate.issued" },
    });
    expect(audit).toHaveLength(1);

    coordinator.sendCommand("/sertifikat daftar");
    const list = await coordinator.waitForMessage(/2 berlaku, 0 dicabut/);
    for (const certificate of certificates) expect(list.text).toContain(certificate.number);
    const third = await bot.db.prisma.person.findUniqueOrThrow({
      where: { id: cohort.participants[2]?.personId ?? "" },
    });
    expect(list.text).toMatch(/Belum memenuhi syarat: \d+/);
    expect(list.text).toContain(
      `${third.fullName} — kehadiran 100,0%; laporan akhir belum dikirim`,
    );
  });

  it("sends the participant a PDF the working day after the end, with name, NIP, program, period, JP and QR", async () => {
    clock.set(new Date("2026-12-07T00:30:00Z"));
    const tick = await bot.app.background.scheduler.runTick();
    expect(tick.batches).toContainEqual(
      expect.objectContaining({ kind: "CERTIFICATE_DELIVERY", messages: 2 }),
    );
    const user = participant(0);
    const message = await user.waitForMessage(/Sertifikat Magang ASN Sumbar di Jatim 2026/);
    const fileId = message.message?.document?.file_id ?? "";
    const pdf = bot.api.fileContent(fileId);
    if (!pdf) throw new Error("no document");
    const person = await bot.db.prisma.person.findUniqueOrThrow({
      where: { id: cohort.participants[0]?.personId ?? "" },
    });
    const text = await pdfText(pdf);
    expect(text).toContain(person.fullName);
    expect(text).toContain(`NIP ${formatNip(person.nip ?? "")}`);
    expect(text).toContain(PROGRAM);
    expect(text).toContain("30 November 2026 s.d. 4 Desember 2026");
    expect(text).toContain("32 JP");
    expect(text).toContain("Jawa Timur");
    expect(text).toContain("Dr. Budi Santoso, M.Si.");
    expect(text).toContain("NIP 19700101 199503 1 001");
    const size = await pdfPageSize(pdf);
    expect(size.width).toBeGreaterThan(size.height);
    const certificate = await bot.db.prisma.certificate.findFirstOrThrow({
      where: { enrollmentId: cohort.participants[0]?.enrollmentId ?? "" },
    });
    number = certificate.number;
    expect(text).toContain(number);
    link = `${base}/verifikasi/${number}`;
    expect(await pdfQrCodes(pdf)).toEqual([link]);
    await eventually(async () => {
      const row = await bot.db.prisma.certificate.findUniqueOrThrow({ where: { number } });
      expect(row.deliveredAt).not.toBeNull();
    });
  });

  it("the link's page and /verifikasi both say valid, showing no NIP", async () => {
    const response = await fetch(link);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Sertifikat ini BERLAKU.");
    expect(html).toContain("This certificate is VALID.");
    expect(html).toContain(PROGRAM);
    const person = await bot.db.prisma.person.findUniqueOrThrow({
      where: { id: cohort.participants[0]?.personId ?? "" },
    });
    expect(html).toContain(escapeHtml(person.fullName));
    expect(html).not.toContain(person.nip ?? "-");
    expect(html).not.toContain(formatNip(person.nip ?? "-"));

    const stranger = bot.api.user(999_123, { first_name: "Tamu" });
    stranger.sendCommand(`/verifikasi ${number.toLowerCase()}`);
    const reply = await stranger.waitForMessage(/Sertifikat BERLAKU/);
    expect(reply.text).toContain(`Program: ${PROGRAM}`);
    expect(reply.text).toContain("Periode: 30 November 2026 s.d. 4 Desember 2026");
    expect(reply.text).not.toContain(person.nip ?? "-");
  });

  it("answers an unknown or malformed number the same way: 404, not found", async () => {
    const near = number.replace(/-(.)/, (_, first: string) => `-${first === "Z" ? "Y" : "Z"}`);
    for (const path of [near, "TDG/2026/0001", "apa-saja"]) {
      const response = await fetch(`${base}/verifikasi/${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).toContain("Nomor sertifikat tidak ditemukan.");
    }
    const stranger = bot.api.user(999_124, { first_name: "Tamu" });
    stranger.sendCommand(`/verifikasi ${near}`);
    await stranger.waitForMessage(/Nomor sertifikat tidak ditemukan/);
  });

  it("after a revocation both say revoked (with the date, not the reason), and so does the holder's /sertifikat", async () => {
    const coordinator = bot.api.user(COORDINATOR);
    coordinator.sendCommand(`/sertifikat cabut ${number} data kehadiran keliru`);
    await coordinator.waitForMessage(/telah dicabut/);
    const html = await (await fetch(link)).text();
    expect(html).toContain("Sertifikat ini DICABUT sejak 7 Desember 2026.");
    expect(html).not.toContain("keliru");
    const stranger = bot.api.user(999_125, { first_name: "Tamu" });
    stranger.sendCommand(`/verifikasi ${number}`);
    const reply = await stranger.waitForMessage(/Sertifikat DICABUT sejak 7 Desember 2026/);
    expect(reply.text).not.toContain("keliru");
    const audit = await bot.db.prisma.auditEntry.findMany({
      where: { action: "certificate.revoked" },
    });
    expect(audit).toHaveLength(1);
    const user = participant(0);
    // The holder is told, with the reason (their own data), through the delivery queue.
    const notice = await user.waitForMessage(/telah dicabut oleh koordinator/);
    expect(notice.text).toContain(number);
    expect(notice.text).toContain("Alasan: data kehadiran keliru");
    user.sendCommand("/sertifikat");
    await user.waitForMessage(/telah dicabut. Silakan hubungi koordinator/, { onlyNew: true });
  });

  it("re-issues with a new number linked to the old one, sent at once after the delivery day", async () => {
    const coordinator = bot.api.user(COORDINATOR);
    coordinator.sendCommand(`/sertifikat terbitkanulang ${number} nama diperbaiki`);
    await coordinator.waitForMessage(/Sertifikat baru .* sedang dikirim/);
    const old = await bot.db.prisma.certificate.findUniqueOrThrow({ where: { number } });
    const replacement = await bot.db.prisma.certificate.findFirstOrThrow({
      where: { replacesId: old.id },
    });
    expect(replacement.status).toBe("VALID");
    expect(replacement.number).not.toBe(number);
    await participant(0).waitForMessage(
      (record) => (record.text ?? "").includes(replacement.number) && !!record.message?.document,
    );
    participant(0).sendCommand("/sertifikat");
    await participant(0).waitForMessage(
      (record) =>
        (record.text ?? "").includes(replacement.number) &&
        !!record.message?.document &&
        record.message.document.file_name?.endsWith(".pdf") === true,
      { onlyNew: true },
    );
  });

  it("explains to a participant without a final report why there is no certificate", async () => {
    const user = participant(2);
    user.sendCommand("/sertifikat");
    const reply = await user.waitForMessage(/belum memenuhi syarat sertifikat/);
    expect(reply.text).toContain("Tingkat kehadiran: 100,0% (minimal 80%)");
    expect(reply.text).toContain("✗ Laporan akhir: belum dikirim");
  });
});
