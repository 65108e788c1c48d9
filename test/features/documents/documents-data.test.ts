import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../../src/bot/actor.ts";
import { renderSvgToPng } from "../../../src/charts/render-png.ts";
import type { Database } from "../../../src/db/client.ts";
import { findProgramWithProvinces } from "../../../src/db/repositories/program-lookup.repository.ts";
import { type SeededCohort, seedCohort } from "../../../src/db/seed/seed-cohort.ts";
import { attendanceRate, formatRate } from "../../../src/domain/attendance-rate.ts";
import {
  findDossierTarget,
  loadDossierData,
  REPORT_EXCERPT_CHARS,
} from "../../../src/features/documents/dossier-data.service.ts";
import { buildDossierPdf } from "../../../src/features/documents/dossier-pdf.ts";
import { loadProgramReportData } from "../../../src/features/documents/program-report-data.service.ts";
import { buildProgramReportPdf } from "../../../src/features/documents/program-report-pdf.ts";
import {
  loadRecapData,
  recapRates,
  recapTotals,
} from "../../../src/features/recap/recap-data.service.ts";
import {
  type StaffProgram,
  toStaffProgram,
} from "../../../src/features/shared/staff-program.service.ts";
import { createI18n, translatorFor } from "../../../src/i18n/i18n.ts";
import { pdfText } from "../../support/pdf-text.ts";
import { createTestDatabase } from "../../support/test-database.ts";

// Friday 27 Nov 2026, 11:00 WIB: the whole week (Mon 23 – Fri 27) has closed.
const friday = new Date("2026-11-27T04:00:00Z");
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const week = ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"];
const i18n = createI18n();
const t = translatorFor(i18n, "id");

describe("dossier and program report data: the recap's numbers (real database)", () => {
  let db: Database;
  let cohort: SeededCohort;
  let program: StaffProgram;
  const enrollment = (index: number) => cohort.participants[index]?.enrollmentId ?? "";

  beforeAll(async () => {
    db = await createTestDatabase();
    const prisma = db.prisma;
    cohort = await seedCohort(prisma, {
      startDate: "2026-11-23",
      telegramIdBase: 7_300_000,
      placed: true,
    });
    const found = await findProgramWithProvinces(prisma, cohort.programId);
    if (!found) throw new Error("program");
    program = toStaffProgram(found, null);
    const enrollments = await prisma.enrollment.findMany({
      where: { programId: cohort.programId },
      select: { id: true, hostUnitId: true },
    });
    const unitOf = new Map(enrollments.map((row) => [row.id, row.hostUnitId]));
    const checkIn = (
      index: number,
      date: string,
      status: "HADIR" | "TERLAMBAT" | "IZIN" | "SAKIT",
      review: "NONE" | "PENDING" | "REJECTED" = "NONE",
    ) => ({
      enrollmentId: enrollment(index),
      programId: cohort.programId,
      hostUnitId: unitOf.get(enrollment(index)) ?? null,
      localDate: day(date),
      status,
      review,
      recordedAt: new Date(`${date}T00:10:00Z`),
    });
    // Participant 0 on each day: H, TL, I, pending, nothing (TK); the others vary by index.
    await prisma.checkIn.createMany({
      data: [
        checkIn(0, week[0] ?? "", "HADIR"),
        checkIn(0, week[1] ?? "", "TERLAMBAT"),
        checkIn(0, week[2] ?? "", "IZIN"),
        checkIn(0, week[3] ?? "", "HADIR", "PENDING"),
        ...cohort.participants
          .slice(1)
          .flatMap((_, offset) =>
            week
              .filter((_, dayIndex) => (offset + dayIndex) % 4 !== 0)
              .map((date, dayIndex) =>
                checkIn(offset + 1, date, dayIndex % 3 === 0 ? "TERLAMBAT" : "HADIR"),
              ),
          ),
        checkIn(1, week[0] ?? "", "SAKIT", "REJECTED"),
      ].filter(
        // One check-in per participant and day (the rejected one replaces nothing).
        (row, index, all) =>
          all.findIndex(
            (other) =>
              other.enrollmentId === row.enrollmentId &&
              other.localDate.getTime() === row.localDate.getTime(),
          ) === index,
      ),
    });
    await prisma.dailyReport.createMany({
      data: [
        {
          enrollmentId: enrollment(0),
          programId: cohort.programId,
          localDate: day(week[0] ?? ""),
          text: `Orientasi di BKD. ${"Mempelajari tata kelola kepegawaian daerah. ".repeat(10)}`,
        },
        {
          enrollmentId: enrollment(0),
          programId: cohort.programId,
          localDate: day(week[1] ?? ""),
          text: "Diskusi\n\nsistem merit.",
        },
      ],
    });
    await prisma.mentorAssessment.createMany({
      data: [
        {
          enrollmentId: enrollment(0),
          programId: cohort.programId,
          scores: { cooperation: 4, discipline: 5, work_quality: 4, initiative: 3 },
          comment: "Aktif berdiskusi",
          submittedAt: new Date("2026-11-27T03:00:00Z"),
        },
        {
          enrollmentId: enrollment(1),
          programId: cohort.programId,
          scores: { discipline: 5, initiative: 5, cooperation: 4, work_quality: 4 },
          submittedAt: new Date("2026-11-27T03:00:00Z"),
        },
        // Started, not submitted: not an assessment yet.
        {
          enrollmentId: enrollment(2),
          programId: cohort.programId,
          scores: { discipline: 1 },
        },
      ],
    });
    await prisma.certificate.createMany({
      data: [
        {
          number: "TDG/2026/0001-AAAA",
          programId: cohort.programId,
          enrollmentId: enrollment(0),
          holderName: "x",
        },
        {
          number: "TDG/2026/0002-BBBB",
          programId: cohort.programId,
          enrollmentId: enrollment(1),
          holderName: "x",
          status: "REVOKED",
          issuedAt: new Date("2026-11-27T01:00:00Z"),
          revokedAt: new Date("2026-11-27T02:00:00Z"),
        },
        {
          number: "TDG/2026/0003-CCCC",
          programId: cohort.programId,
          enrollmentId: enrollment(1),
          holderName: "x",
          issuedAt: new Date("2026-11-27T03:00:00Z"),
        },
        {
          number: "TDG/2026/0004-DDDD",
          programId: cohort.programId,
          enrollmentId: enrollment(2),
          holderName: "x",
          status: "REVOKED",
          issuedAt: new Date("2026-11-27T01:00:00Z"),
        },
      ],
    });
    const comments = [
      "Bagus.",
      "Pembimbing sangat membantu; hubungi saya di 081234567890 atau NIP 198503122010011003.",
      null,
      "Jadwal padat tetapi bermanfaat bagi tugas kami di daerah.",
      "Ok",
      "Perlu ruang kerja untuk peserta.",
      "Terima kasih atas sambutannya.",
    ];
    await prisma.feedback.createMany({
      data: comments.map((comment, index) => ({
        enrollmentId: enrollment(index),
        hostRating: [5, 4, 4, 3, 5, 5, 2][index] ?? 3,
        mentorRating: [5, 5, 4, 4, 4, 5, 3][index] ?? 3,
        comment,
        submittedAt: new Date(Date.UTC(2026, 10, 27, 1, index)),
      })),
    });
  }, 120_000);
  afterAll(() => db.close());

  it("gives the program report /rekap's participants, days, rates per day and unit, and total", async () => {
    const [report, recap] = await Promise.all([
      loadProgramReportData(db.prisma, program, friday, null),
      loadRecapData(db.prisma, program, friday),
    ]);
    const totals = recapTotals(recap);
    const rates = recapRates(recap);
    expect(report.participants).toBe(recap.rows.length);
    expect(report.participants).toBe(cohort.participants.length);
    expect(report.countedDays).toBe(5);
    expect(report.programWorkingDays).toBe(5);
    expect(report.totals).toEqual(totals);
    expect(report.rate).toBe(attendanceRate(totals));
    expect(report.rate).toBeGreaterThan(0.3);
    expect(report.rate).toBeLessThan(0.95);
    expect(report.perDay.map((entry) => entry.rate)).toEqual(rates.perDay);
    expect(report.perUnit.map((entry) => entry.rate)).toEqual(rates.perUnit.map((u) => u.rate));
    expect(report.perUnit.reduce((sum, unit) => sum + unit.participants, 0)).toBe(
      report.participants,
    );
    expect(report.rows.map((row) => row.rate)).toEqual(recap.rows.map((row) => row.rate));
  });

  it("joins assessment averages and the current certificate per participant", async () => {
    const report = await loadProgramReportData(db.prisma, program, friday, null);
    const recap = await loadRecapData(db.prisma, program, friday);
    const rowOf = (index: number) =>
      report.rows[recap.rows.findIndex((row) => row.enrollmentId === enrollment(index))];
    expect(rowOf(0)).toMatchObject({ assessmentAverage: 4, certificate: "VALID" });
    expect(rowOf(1)).toMatchObject({ assessmentAverage: 4.5, certificate: "VALID" });
    // An assessment not submitted is no assessment; a revoked certificate stays revoked.
    expect(rowOf(2)).toMatchObject({ assessmentAverage: null, certificate: "REVOKED" });
    expect(rowOf(3)).toMatchObject({ assessmentAverage: null, certificate: null });
    expect(report.assessments).toEqual({ count: 2, average: 4.25 });
    expect(report.certificates).toEqual({ valid: 2, revoked: 1 });
  });

  it("counts feedback per rating and quotes at most five comments, longest first, without numbers", async () => {
    const { feedback } = await loadProgramReportData(db.prisma, program, friday, null);
    expect(feedback.count).toBe(7);
    expect(feedback.hostAverage).toBeCloseTo(28 / 7);
    expect(feedback.mentorAverage).toBeCloseTo(30 / 7);
    expect(feedback.hostDistribution).toEqual([0, 1, 1, 2, 3]);
    expect(feedback.mentorDistribution).toEqual([0, 0, 1, 3, 3]);
    expect(feedback.comments).toHaveLength(5);
    expect(feedback.comments[0]).toBe("Pembimbing sangat membantu; hubungi saya di … atau NIP ….");
    expect(feedback.comments[1]).toBe("Jadwal padat tetapi bermanfaat bagi tugas kami di daerah.");
    expect(feedback.comments).not.toContain("Ok");
    expect(feedback.comments.join(" ")).not.toMatch(/\d{6}/);
  });

  it("limits everything to the reader's host agency, still with /rekap's figures", async () => {
    const unitId = cohort.hostUnitIds[0] ?? "";
    const scoped = { ...program, scopeUnitIds: [unitId] };
    const [report, recap] = await Promise.all([
      loadProgramReportData(db.prisma, scoped, friday, "BPSDM Jatim"),
      loadRecapData(db.prisma, scoped, friday),
    ]);
    expect(report.participants).toBe(2);
    expect(report.rate).toBe(attendanceRate(recapTotals(recap)));
    expect(report.scopeLabel).toBe("BPSDM Jatim");
    // Participants 0 and 1 are the first unit's: both assessed, both certified, both gave feedback.
    expect(report.assessments.count).toBe(2);
    expect(report.certificates.valid).toBe(2);
    expect(report.feedback.count).toBe(2);
  });

  it("adds one line on the return visit of a reciprocal program", async () => {
    const empty = await loadProgramReportData(db.prisma, program, friday, null);
    expect(empty.returnVisit).toBeNull();
    const found = await db.prisma.program.findUniqueOrThrow({ where: { id: cohort.programId } });
    await db.prisma.program.create({
      data: {
        name: "Magang ASN Jatim di Sumbar 2027",
        sendingProvinceCode: found.hostProvinceCode,
        hostProvinceCode: found.sendingProvinceCode,
        startDate: day("2027-03-01"),
        endDate: day("2027-03-05"),
        returnOfProgramId: cohort.programId,
      },
    });
    const report = await loadProgramReportData(db.prisma, program, friday, null);
    expect(report.returnVisit).toMatchObject({
      kind: "returned_by",
      name: "Magang ASN Jatim di Sumbar 2027",
      startDate: "2027-03-01",
      endDate: "2027-03-05",
    });
  });

  it("gives the dossier the participant's recap row: same days, cells and rate", async () => {
    const recap = await loadRecapData(db.prisma, program, friday);
    for (const index of [0, 1, 5]) {
      const dossier = await loadDossierData(db.prisma, enrollment(index), friday);
      const row = recap.rows.find((candidate) => candidate.enrollmentId === enrollment(index));
      expect(dossier?.days.map((entry) => entry.date)).toEqual(recap.days);
      expect(dossier?.days.map((entry) => entry.cell)).toEqual(row?.statuses);
      expect(dossier?.rate).toBe(row?.rate);
      expect(dossier?.counts).toEqual(row?.counts);
      expect(dossier?.pending).toBe(row?.pending);
    }
    const first = await loadDossierData(db.prisma, enrollment(0), friday);
    expect(first?.days.map((entry) => entry.cell)).toEqual([
      "HADIR",
      "TERLAMBAT",
      "IZIN",
      "PENDING",
      "ALPA",
    ]);
    expect(first?.rate).toBeCloseTo(2 / 5);
    expect(first?.days[0]?.time).toBe("07:10");
    expect(first?.dailyReports).toHaveLength(2);
    expect(first?.dailyReports[0]?.truncated).toBe(true);
    expect(first?.dailyReports[0]?.excerpt.length).toBeLessThanOrEqual(REPORT_EXCERPT_CHARS);
    expect(first?.dailyReports[1]).toEqual({
      date: "2026-11-24",
      excerpt: "Diskusi sistem merit.",
      truncated: false,
    });
    // Criteria in the program's order (discipline, initiative, cooperation, work_quality).
    expect(first?.assessment?.scores.map((entry) => entry.key)).toEqual([
      "discipline",
      "initiative",
      "cooperation",
      "work_quality",
    ]);
    expect(first?.assessment?.average).toBe(4);
    expect(first?.feedback).toMatchObject({ hostRating: 5, mentorRating: 5, comment: "Bagus." });
    const third = await loadDossierData(db.prisma, enrollment(2), friday);
    expect(third?.assessment).toBeNull();
  });

  it("finds /dosir's participant by NIP only within the coordinator's program and units", async () => {
    const nip = cohort.participants[3]?.nip ?? "";
    const spaced = `${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14, 15)} ${nip.slice(15)}`;
    const coordinator = (hostUnitId: string | null): Actor => ({
      telegramUserId: 1n,
      personId: null,
      locale: null,
      isAdmin: false,
      grants: [{ role: "COORDINATOR", programId: cohort.programId, hostUnitId, side: null }],
    });
    expect(await findDossierTarget(db.prisma, coordinator(null), spaced)).toEqual({
      ok: true,
      enrollmentId: enrollment(3),
    });
    // Participant 3 is placed at the second unit.
    expect(
      await findDossierTarget(db.prisma, coordinator(cohort.hostUnitIds[1] ?? ""), nip),
    ).toMatchObject({ ok: true });
    expect(
      await findDossierTarget(db.prisma, coordinator(cohort.hostUnitIds[0] ?? ""), nip),
    ).toEqual({ ok: false, reason: "not_found" });
    const official: Actor = {
      ...coordinator(null),
      grants: [{ role: "OFFICIAL", programId: cohort.programId, hostUnitId: null, side: null }],
    };
    expect(await findDossierTarget(db.prisma, official, nip)).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await findDossierTarget(db.prisma, coordinator(null), "12345")).toEqual({
      ok: false,
      reason: "bad_nip",
    });
  });

  it("prints the dossier and the report as PDFs whose text carries those figures", async () => {
    const dossier = await loadDossierData(db.prisma, enrollment(0), friday);
    if (!dossier) throw new Error("dossier");
    const dossierText = (await pdfText(await buildDossierPdf(t, "id", dossier))).text;
    expect(dossierText).toContain(dossier.person.fullName);
    expect(dossierText).toContain(
      `NIP ${dossier.person.nip?.replace(/^(\d{8})(\d{6})(\d)(\d{3})$/, "$1 $2 $3 $4")}`,
    );
    expect(dossierText).toContain("Senin, 23 November 2026 s.d. Jumat, 27 November 2026");
    expect(dossierText).toContain("Tingkat kehadiran 40,0%");
    expect(dossierText).toContain("Menunggu tinjauan");
    expect(dossierText).toContain("Tanpa keterangan");
    expect(dossierText).toContain("Disiplin 5 / 5");
    expect(dossierText).toContain("Rata-rata 4");
    const unassessed = await loadDossierData(db.prisma, enrollment(4), friday);
    if (!unassessed) throw new Error("dossier");
    expect((await pdfText(await buildDossierPdf(t, "id", unassessed))).text).toContain(
      "Belum dinilai.",
    );

    const english = (await pdfText(await buildDossierPdf(translatorFor(i18n, "en"), "en", dossier)))
      .text;
    expect(english).toContain("PARTICIPANT DOSSIER");
    expect(english).toContain("Monday, 23 November 2026 to Friday, 27 November 2026");
    expect(english).toContain("Attendance rate 40.0%");
    expect(english).toContain("Absent without notice");

    const report = await loadProgramReportData(db.prisma, program, friday, null);
    const { text, pages } = await pdfText(
      await buildProgramReportPdf(t, "id", report, renderSvgToPng),
    );
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text).toContain(`Jumlah peserta ${report.participants}`);
    expect(text).toContain(
      `Tingkat kehadiran ${formatRate(report.rate ?? 0, "id")} (${report.totals.present} dari ${report.totals.counted}`,
    );
    expect(text).toContain("2 berlaku, 1 dicabut");
    expect(text).toContain("Kunjungan balasan: Magang ASN Jatim di Sumbar 2027");
    expect(text).toContain("Jadwal padat tetapi bermanfaat");
    expect(text).not.toContain("081234567890");
  });
});
