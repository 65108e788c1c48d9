import type { SentRecord, UserHandle } from "@tandang/fake-bot-api";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pngDimensions } from "../../src/charts/render-png.ts";
import { type SeededCohort, seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { compactId } from "../../src/shared/compact-id.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { eventually } from "../support/eventually.ts";
import { grantRole } from "../support/factories.ts";
import { reply } from "../support/reply.ts";

// Tuesday 24 November 2026, 07:30 WIB: Monday's check-in window has closed, Tuesday's is open.
const now = new Date("2026-11-24T00:30:00Z");
const coordinatorId = 801;
const officialId = 802;
const otherOfficialId = 803;
const participantBase = 700000;

function buttonsOf(record: SentRecord | undefined): string[] {
  const markup = record?.message?.reply_markup;
  return (markup?.inline_keyboard ?? []).flat().map((button) => String(button.callback_data));
}

function textOfButton(record: SentRecord, data: string): string {
  const buttons = (record.message?.reply_markup?.inline_keyboard ?? []).flat();
  return String(buttons.find((button) => button.callback_data === data)?.text ?? "");
}

describe("placement, status and recap for coordinators and officials", () => {
  let bot: TestBot;
  let cohort: SeededCohort;
  let coordinator: UserHandle;
  let official: UserHandle;
  const clock = fixedClock(now);
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

  beforeAll(async () => {
    bot = await startTestBot({ clock });
    const db = bot.db.prisma;
    cohort = await seedCohort(db, { telegramIdBase: participantBase, startDate: "2026-11-23" });
    const other = await seedCohort(db, { startDate: "2026-11-23" });
    await grantRole(db, coordinatorId, "COORDINATOR", cohort.programId);
    await grantRole(db, officialId, "OFFICIAL", cohort.programId);
    await grantRole(db, otherOfficialId, "OFFICIAL", other.programId);
    // They registered through the bot, so Telegram knows their chats.
    for (const participant of cohort.participants) {
      const id = Number(participant.telegramUserId);
      bot.api.registerChat({ id, type: "private", first_name: `Peserta ${id}` });
    }
    coordinator = bot.api.user(coordinatorId, { first_name: "Koordinator" });
    official = bot.api.user(officialId, { first_name: "Pejabat" });
  });
  afterAll(() => bot.stop());

  it("proposes an automatic placement, lets the coordinator change it, survives a restart, confirms and notifies", async () => {
    const proposal = await reply(
      coordinator,
      () => coordinator.sendCommand("/tempatkanotomatis"),
      /Usulan penempatan otomatis/,
    );
    expect(proposal.text).toContain("26 peserta belum ditempatkan");
    expect(proposal.text).toContain("BKD Jatim (2/2)");
    expect(proposal.text).not.toContain("melebihi kapasitas");
    const [changeButton] = buttonsOf(proposal).filter((data) => data.includes(":page:"));
    expect(changeButton).toBeDefined();

    // Change: choose the first participant, then another unit.
    coordinator.pressButton(proposal.message_id ?? 0, changeButton ?? "");
    await bot.api.waitUntil(() =>
      /Pilih peserta/.test(bot.api.message(coordinatorId, proposal.message_id ?? 0)?.text ?? ""),
    );
    const page = bot.api.message(coordinatorId, proposal.message_id ?? 0);
    const firstWho = buttonsOf({ message: page } as SentRecord).find((data) =>
      data.includes(":who:"),
    );
    const movedName = String(
      (page?.reply_markup?.inline_keyboard ?? []).flat()[0]?.text ?? "",
    ).split(" → ")[0];
    coordinator.pressButton(proposal.message_id ?? 0, firstWho ?? "");
    await bot.api.waitUntil(() =>
      /ke instansi mana/.test(bot.api.message(coordinatorId, proposal.message_id ?? 0)?.text ?? ""),
    );
    const units = bot.api.message(coordinatorId, proposal.message_id ?? 0);
    const toBkd = buttonsOf({ message: units } as SentRecord).find((data) =>
      /^BKD Jatim/.test(textOfButton({ message: units } as SentRecord, data)),
    );
    coordinator.pressButton(proposal.message_id ?? 0, toBkd ?? "");
    await bot.api.waitUntil(() =>
      /mengubah 1 penempatan/.test(
        bot.api.message(coordinatorId, proposal.message_id ?? 0)?.text ?? "",
      ),
    );
    const changed = bot.api.message(coordinatorId, proposal.message_id ?? 0)?.text ?? "";
    expect(changed).toContain("BKD Jatim (3/2) ⚠️ melebihi kapasitas");

    // The proposal lives in the database: a restart keeps it.
    await bot.restartBot();
    const blocked = bot.api.user(participantBase + 5);
    blocked.blockBot();
    const confirm = buttonsOf({
      message: bot.api.message(coordinatorId, proposal.message_id ?? 0),
    } as SentRecord).find((data) => data.includes(":ok:"));
    const saved = reply(
      coordinator,
      () => coordinator.pressButton(proposal.message_id ?? 0, confirm ?? ""),
      /Penempatan 26 peserta telah disimpan/,
    );
    await saved;
    const report = await coordinator.waitForMessage(
      /Pemberitahuan penempatan: 25 terkirim, 1 tidak dapat dihubungi/,
      {
        timeoutMs: 60_000,
      },
    );
    expect(report.text).toContain("0 gagal");

    const enrollments = await bot.db.prisma.enrollment.findMany({
      where: { programId: cohort.programId },
      include: { hostUnit: true, person: true },
    });
    expect(enrollments.every((e) => e.hostUnitId !== null && e.placedAt !== null)).toBe(true);
    const moved = enrollments.find((e) => e.person.fullName === movedName);
    expect(moved?.hostUnit?.shortName).toBe("BKD Jatim");
    const fromDishub = enrollments.filter((e) => /Perhubungan/.test(e.person.ownAgency ?? ""));
    expect(fromDishub).toHaveLength(2);
    for (const e of fromDishub) {
      if (e.person.fullName !== movedName) expect(e.hostUnit?.shortName).toBe("Dishub Jatim");
    }
    const audit = await bot.db.prisma.auditEntry.findFirst({
      where: { programId: cohort.programId, action: "placement.automatic_confirmed" },
    });
    expect(audit?.details).toMatchObject({ placed: 26, changedByHand: 1 });
    for (const participant of cohort.participants) {
      if (participant.telegramUserId === BigInt(participantBase + 5)) continue;
      expect(bot.api.textsTo(Number(participant.telegramUserId)).join("\n")).toContain(
        "Penempatan magang Bapak/Ibu",
      );
    }
    const account = await bot.db.prisma.telegramAccount.findUniqueOrThrow({
      where: { telegramUserId: BigInt(participantBase + 5) },
    });
    expect(account.unreachableAt).not.toBeNull();
    expect(
      await bot.db.prisma.chatState.count({
        where: { key: { startsWith: "placement:proposal:" } },
      }),
    ).toBe(0);
  });

  it("places one participant by hand, with buttons when the agency name is ambiguous", async () => {
    const target = cohort.participants[3];
    const participant = bot.api.user(Number(target?.telegramUserId));
    const placed = await reply(
      coordinator,
      () => coordinator.sendCommand(`/tempatkan ${target?.nip} dishub`),
      /ditempatkan di|dipindahkan/,
    );
    expect(placed.text).toMatch(/dipindahkan dari .* ke Dishub Jatim/);
    await participant.waitForMessage(/Dinas Perhubungan Provinsi Jawa Timur/, {
      timeoutMs: 60_000,
    });
    const enrollment = await bot.db.prisma.enrollment.findUniqueOrThrow({
      where: { id: target?.enrollmentId ?? "" },
      include: { hostUnit: true },
    });
    expect(enrollment.hostUnit?.shortName).toBe("Dishub Jatim");
    expect(
      await bot.db.prisma.auditEntry.count({
        where: { action: "placement.manual", programId: cohort.programId },
      }),
    ).toBe(1);

    const choices = await reply(
      coordinator,
      () => coordinator.sendCommand(`/tempatkan ${target?.nip} Dinas`),
      /Ada beberapa instansi/,
    );
    const dkp = buttonsOf(choices).find((data) => /^DKP/.test(textOfButton(choices, data)));
    expect(dkp).toBeDefined();
    const done = reply(
      coordinator,
      () => coordinator.pressButton(choices.message_id ?? 0, dkp ?? ""),
      /ke DKP Jatim/,
    );
    await done;

    await bot.db.prisma.rosterEntry.create({
      data: { programId: cohort.programId, nip: "199001012015031001", fullName: "Belum Daftar" },
    });
    await reply(
      coordinator,
      () => coordinator.sendCommand("/tempatkan 199001012015031001 BKD"),
      /Belum Daftar belum mendaftar di bot\. Penempatan di BKD Jatim disimpan/,
    );
    // Kept on the roster row until registration applies it.
    const pending = await bot.db.prisma.rosterEntry.findUniqueOrThrow({
      where: { programId_nip: { programId: cohort.programId, nip: "199001012015031001" } },
      include: { hostUnit: true },
    });
    expect(pending.hostUnit?.shortName).toBe("BKD Jatim");
    await reply(
      coordinator,
      () => coordinator.sendCommand("/tempatkan 199001012015031099 BKD"),
      /tidak ditemukan di program ini/,
    );
    await reply(coordinator, () => coordinator.sendCommand("/tempatkan BKD"), /Cara pakai/);
    const again = await reply(
      coordinator,
      () => coordinator.sendCommand("/tempatkanotomatis"),
      /telah ditempatkan/,
    );
    expect(again.text).toContain("1 orang di daftar peserta belum mendaftar");
  });

  it("gives an official today's counts per status and agency, with the names of those missing", async () => {
    const db = bot.db.prisma;
    const enrollments = await db.enrollment.findMany({
      where: { programId: cohort.programId },
      include: { person: true, hostUnit: true },
      orderBy: { person: { fullName: "asc" } },
    });
    const bkd = enrollments.filter((e) => e.hostUnit?.shortName === "BKD Jatim");
    const statuses = ["HADIR", "TERLAMBAT", "IZIN", "SAKIT", "DINAS_LUAR"] as const;
    // Today: the BKD people present or late, and one of each other status elsewhere.
    const today: [string, (typeof statuses)[number]][] = [
      [bkd[0]?.id ?? "", "HADIR"],
      [bkd[1]?.id ?? "", "TERLAMBAT"],
    ];
    const others = enrollments.filter((e) => e.hostUnit?.shortName !== "BKD Jatim");
    for (const [index, status] of statuses.entries()) today.push([others[index]?.id ?? "", status]);
    for (const [enrollmentId, status] of today) {
      await db.checkIn.create({
        data: {
          enrollmentId,
          programId: cohort.programId,
          localDate: day("2026-11-24"),
          status,
          recordedAt: new Date("2026-11-24T00:10:00Z"),
        },
      });
    }
    // Monday: everyone present except the last two (they become TK in the recap).
    await db.checkIn.createMany({
      data: enrollments.slice(0, -2).map((e) => ({
        enrollmentId: e.id,
        programId: cohort.programId,
        localDate: day("2026-11-23"),
        status: "HADIR" as const,
        recordedAt: new Date("2026-11-23T00:15:00Z"),
      })),
    });
    await db.anonymousAttendance.create({
      data: {
        programId: cohort.programId,
        localDate: day("2026-11-24"),
        status: "HADIR",
        count: 1,
      },
    });

    const status = await reply(
      official,
      () => official.sendCommand("/status"),
      /Presensi hari ini/,
    );
    const text = status.text ?? "";
    expect(text).toContain("Selasa, 24 November 2026");
    expect(text).toContain("Data per pukul 07:30 WIB");
    expect(text).toContain("Jumlah peserta: 27");
    expect(text).toContain("✅ Hadir: 3");
    expect(text).toContain("⏰ Terlambat: 2");
    expect(text).toContain("📝 Izin: 1");
    expect(text).toContain("🤒 Sakit: 1");
    expect(text).toContain("🚗 Dinas luar: 1");
    expect(text).toContain("⏳ Belum presensi: 19");
    expect(text).toContain("Termasuk 1 data presensi anonim");
    // Who wins a contested counterpart slot depends on ids, so BKD holds two or three.
    const bkdBelum = bkd.length > 2 ? ` · belum ${bkd.length - 2}` : "";
    expect(text).toContain(`• BKD Jatim (${bkd.length}): H 1 · TL 1${bkdBelum}`);
    expect(text).toContain("Belum presensi (19):");
    expect(text).toContain("dan 4 lainnya");
    const missing = enrollments.filter((e) => !today.some(([id]) => id === e.id));
    expect(text).toContain(missing[0]?.person.fullName ?? "?");
    expect(text).not.toContain(`${bkd[0]?.person.fullName} (`);

    // After the window closes, those missing are alpa.
    clock.set(new Date("2026-11-24T04:00:00Z"));
    const later = await reply(official, () => official.sendCommand("/status"), /Presensi hari ini/);
    expect(later.text).toContain("❌ Tanpa keterangan: 19");
    clock.set(now);
  });

  it("drills down to one agency, draws the chart and shows one participant", async () => {
    const unit = await reply(official, () => official.sendCommand("/status bkd"), /BKD Jatim —/);
    expect(unit.text).toContain("Pembimbing: Sri Wahyuni");
    expect(unit.text).toMatch(/1\. .+ — (Hadir|Terlambat|Belum presensi)/);
    expect(unit.text).toContain("07:10 WIB");
    // The last participant by name did not check in today (see the test above).
    const last = await bot.db.prisma.enrollment.findFirstOrThrow({
      where: { programId: cohort.programId },
      include: { person: true, hostUnit: true },
      orderBy: { person: { fullName: "desc" } },
    });
    const shortName = last.hostUnit?.shortName ?? "";
    const drill = await reply(
      official,
      () => official.sendCommand(`/status ${shortName}`),
      new RegExp(`${shortName} —`),
    );
    expect(drill.text).toContain(`${last.person.fullName} — Belum presensi`);

    const chart = await reply(
      official,
      () => official.sendCommand("/status grafik"),
      /Grafik presensi hari ini/,
    );
    expect(chart.method).toBe("sendPhoto");
    const png = bot.api.fileContent(chart.uploads?.[0]?.file_id ?? "");
    expect(pngDimensions(png ?? Buffer.alloc(0))?.width).toBe(1080);

    const target = await bot.db.prisma.person.findFirstOrThrow({
      where: { id: cohort.participants[3]?.personId ?? "" },
    });
    const card = await reply(
      official,
      () => official.sendCommand(`/peserta ${target.nip}`),
      new RegExp(target.fullName),
    );
    expect(card.text).toContain("Penempatan: DKP Jatim");
    expect(card.text).toContain("Rekap 1 hari kerja");
    expect(card.text).toContain("Laporan akhir: belum dikirim");

    const family = target.fullName.split(" ")[1] ?? "";
    const choose = await reply(
      official,
      () => official.sendCommand(`/peserta ${family}`),
      /Ditemukan \d+ peserta/,
    );
    const first = buttonsOf(choose)[0] ?? "";
    const picked = reply(
      official,
      () => official.pressButton(choose.message_id ?? 0, first),
      /NIP: /,
    );
    await picked;
    await reply(
      official,
      () => official.sendCommand("/peserta Tidak Ada Orangnya"),
      /tidak ditemukan/,
    );
    await reply(
      official,
      () => official.sendCommand("/status xyzabc"),
      /tidak ditemukan dalam program ini/,
    );
  });

  it("exports the rekap presensi as a chart, an XLSX read back with exceljs, and a CSV", async () => {
    const before = bot.api.sent(officialId).length;
    official.sendCommand("/rekap");
    const uploads = () =>
      bot.api
        .sent(officialId)
        .slice(before)
        .filter((record) => record.method !== "sendChatAction");
    await bot.api.waitUntil(() => uploads().length >= 3, { timeoutMs: 60_000 });
    const [chart, xlsx, csv] = uploads();
    expect(chart?.method).toBe("sendPhoto");
    expect(
      pngDimensions(bot.api.fileContent(chart?.uploads?.[0]?.file_id ?? "") ?? Buffer.alloc(0)),
    ).toBeDefined();
    expect(xlsx?.uploads?.[0]?.file_name).toBe("rekap-presensi-2026-11-24.xlsx");

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bot.api.fileContent(xlsx?.uploads?.[0]?.file_id ?? "") as never);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      "Ringkasan",
      "Grid harian",
      "2026-11-23",
      "2026-11-24",
    ]);
    const summary = workbook.getWorksheet("Ringkasan");
    expect(summary?.getCell("A1").value).toBe("REKAP PRESENSI");
    expect(String(summary?.getCell("A2").value)).toContain("Magang ASN Sumbar di Jatim 2024");
    expect(String(summary?.getCell("A3").value)).toContain("07:30 WIB");
    const header = summary?.getRow(5).values as unknown[];
    expect(header.slice(1, 16)).toEqual([
      "No",
      "NIP",
      "Nama",
      "Jabatan",
      "Instansi asal",
      "Instansi penempatan",
      "H",
      "TL",
      "I",
      "S",
      "DL",
      "TK",
      "H?",
      "Hari kerja",
      "Kehadiran",
    ]);
    const rows = (summary?.getRows(6, 26) ?? []).map((row) => row.values as unknown[]);
    const absentMonday = rows.filter((values) => values[12] === 1);
    expect(absentMonday).toHaveLength(2);
    // Tuesday (still open) counts for everyone: the rate is (H + TL + DL) of 2 working days.
    for (const values of rows) {
      expect(values[14]).toBe(2);
      const present = Number(values[7]) + Number(values[8]) + Number(values[11]);
      expect(values[15]).toBeCloseTo(present / 2);
    }
    expect(absentMonday[0]?.[15]).toBeLessThanOrEqual(0.5);
    expect(String(rows[0]?.[2])).toMatch(/^\d{18}$/);

    const monday = workbook.getWorksheet("2026-11-23");
    const mondayCodes = (monday?.getRows(3, 26) ?? []).map((row) => row.getCell(5).value);
    expect(mondayCodes.filter((code) => code === "H")).toHaveLength(24);
    expect(mondayCodes.filter((code) => code === "TK")).toHaveLength(2);
    const tuesday = workbook.getWorksheet("2026-11-24");
    const tuesdayCodes = (tuesday?.getRows(3, 26) ?? []).map((row) => row.getCell(5).value);
    expect(tuesdayCodes.filter((code) => code === "TL")).toHaveLength(2);
    expect(tuesdayCodes.filter((code) => code === null || code === "")).toHaveLength(19);
    expect(tuesdayCodes).not.toContain("TK");

    const csvText = bot.api.fileContent(csv?.uploads?.[0]?.file_id ?? "")?.toString("utf8") ?? "";
    const lines = csvText
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    expect(lines).toHaveLength(27);
    expect(lines[0]).toContain("2026-11-23;2026-11-24");

    official.sendCommand("/rekap laporan");
    const reports = await official.waitForMessage(/Laporan harian, laporan akhir/, {
      timeoutMs: 60_000,
    });
    const reportBook = new ExcelJS.Workbook();
    await reportBook.xlsx.load(bot.api.fileContent(reports.uploads?.[0]?.file_id ?? "") as never);
    expect(reportBook.worksheets.map((sheet) => sheet.name)).toEqual([
      "Laporan Harian",
      "Laporan Akhir",
      "Penilaian",
    ]);
    expect(reportBook.getWorksheet("Laporan Akhir")?.rowCount).toBe(27);
  });

  it("refuses a participant, an official of another program and forged buttons", async () => {
    const participant = bot.api.user(participantBase + 1);
    await reply(
      participant,
      () => participant.sendCommand("/tempatkanotomatis"),
      /hanya dapat dilakukan oleh koordinator/,
    );
    await reply(
      participant,
      () => participant.sendCommand("/status"),
      /hanya untuk koordinator dan pejabat/,
    );
    await reply(
      participant,
      () => participant.sendCommand("/rekap"),
      /rekap hanya untuk koordinator/,
    );
    await reply(
      official,
      () => official.sendCommand("/tempatkan 198503122010011003 BKD"),
      /hanya dapat dilakukan oleh koordinator/,
    );

    const stranger = bot.api.user(otherOfficialId);
    const other = await reply(stranger, () => stranger.sendCommand("/status"), /Presensi hari ini/);
    expect(other.text).toContain("Jumlah peserta: 0");
    const anyName = (
      await bot.db.prisma.person.findFirstOrThrow({
        where: { id: cohort.participants[0]?.personId ?? "" },
      })
    ).fullName;
    await reply(stranger, () => stranger.sendCommand(`/peserta ${anyName}`), /tidak ditemukan/);

    const target = cohort.participants[0];
    const before = await bot.db.prisma.enrollment.findUniqueOrThrow({
      where: { id: target?.enrollmentId ?? "" },
    });
    const units = await bot.db.prisma.hostUnit.findMany({ where: { programId: cohort.programId } });
    const elsewhere = units.find((u) => u.id !== before.hostUnitId);
    const forgedManual = `placement:manual:${compactId(target?.enrollmentId ?? "")}:${compactId(elsewhere?.id ?? "")}`;
    const menu = await reply(participant, () => participant.sendCommand("/bahasa"), /Pilih bahasa/);
    const answers = bot.api.callbackAnswers.length;
    participant.pressButton(menu.message_id ?? 0, forgedManual, { allowMissingButton: true });
    participant.pressButton(menu.message_id ?? 0, `status:unit:${compactId(elsewhere?.id ?? "")}`, {
      allowMissingButton: true,
    });
    coordinator.pressButton(menu.message_id ?? 0, "placement:auto:ok:zzzzzz", {
      allowMissingButton: true,
    });
    participant.pressButton(menu.message_id ?? 0, "placement:auto:to:abc:1:2", {
      allowMissingButton: true,
    });
    await bot.api.waitUntil(() => bot.api.callbackAnswers.length >= answers + 4);
    for (const answer of bot.api.callbackAnswers.slice(answers)) {
      expect(String(answer.text)).toMatch(/tidak berlaku/);
    }
    const after = await bot.db.prisma.enrollment.findUniqueOrThrow({
      where: { id: target?.enrollmentId ?? "" },
    });
    expect(after.hostUnitId).toBe(before.hostUnitId);
    expect(bot.api.unansweredCallbackQueries()).toEqual([]);
  });

  it("links the coordinators' group for the daily recap", async () => {
    const group = bot.api.group(-100500, "Panitia Magang");
    group.addBot(coordinator);
    const participant = bot.api.user(participantBase + 2);
    const refusal = group.waitForMessage(/hanya koordinator program/, { onlyNew: true });
    group.sendCommand(participant, "/grupkoordinator");
    await refusal;
    const linked = group.waitForMessage(/akan menerima rekap harian/, { onlyNew: true });
    group.sendCommand(coordinator, "/grupkoordinator");
    await linked;
    await eventually(async () => {
      const program = await bot.db.prisma.program.findUniqueOrThrow({
        where: { id: cohort.programId },
      });
      expect(program.coordinatorChatId).toBe(-100500n);
    });
    await reply(
      coordinator,
      () => coordinator.sendCommand("/grupkoordinator"),
      /Perintah ini dipakai di grup koordinator/,
    );
  });
});
