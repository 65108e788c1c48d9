import type { SentRecord, UserHandle } from "@tandang/fake-bot-api";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cohortHostUnits, cohortParticipants } from "../../src/db/seed/sumbar-jatim-cohort.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { reply } from "../support/reply.ts";

const now = new Date("2026-11-24T00:30:00Z");
const adminId = 900;
const coordinatorId = 501;

function buttonsOf(record: SentRecord): string[] {
  const markup = record.message?.reply_markup;
  return (markup?.inline_keyboard ?? []).flat().map((button) => String(button.callback_data));
}

function button(record: SentRecord, prefix: string): string {
  const found = buttonsOf(record).find((data) => data.startsWith(prefix));
  if (!found) throw new Error(`no button ${prefix} in ${buttonsOf(record).join(", ")}`);
  return found;
}

function csv(rows: (string | number)[][]): Buffer {
  return Buffer.from(
    rows
      .map((row) => row.map((cell) => `"${String(cell).replace(/"/g, '""')}"`).join(","))
      .join("\n"),
  );
}

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("data");
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const rosterRows = [
  ["nip", "nama", "jabatan", "unit_asal", "telepon"],
  ...cohortParticipants.map((p) => [p.nip, p.fullName, p.position, p.ownAgency, p.phone]),
];
const hostUnitRows = [
  [
    "Nama",
    "Singkatan",
    "Alamat",
    "Lat",
    "Lon",
    "Radius_m",
    "Kapasitas",
    "Pembimbing",
    "Telepon_pembimbing",
    "Padanan",
  ],
  ...cohortHostUnits.map((u) => [
    u.name,
    u.shortName,
    u.address,
    u.latitude,
    u.longitude,
    200,
    u.capacity,
    u.mentorName,
    u.mentorPhone,
    "",
  ]),
];

describe("coordinators set up a program from files", () => {
  let bot: TestBot;
  let coordinator: UserHandle;
  let programId: string;
  const clock = fixedClock(now);

  beforeAll(async () => {
    bot = await startTestBot({ clock, env: { ADMIN_TELEGRAM_IDS: String(adminId) } });
    coordinator = bot.api.user(coordinatorId, { first_name: "Rudi", last_name: "Hartono" });
  });
  afterAll(() => bot.stop());

  async function sendFile(fileName: string, content: Buffer, caption?: string) {
    coordinator.sendDocument({
      file_name: fileName,
      mime_type: fileName.endsWith(".csv")
        ? "text/csv"
        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      content,
      ...(caption ? { caption } : {}),
    });
  }

  async function importFile(kind: string, fileName: string, content: Buffer, expect: RegExp) {
    await reply(
      coordinator,
      () => coordinator.sendCommand(`/impor ${kind}`),
      /Silakan kirim berkas/,
    );
    return reply(coordinator, () => sendFile(fileName, content), expect);
  }

  it("lets an administrator grant the coordinator role by command", async () => {
    await reply(coordinator, () => coordinator.sendCommand("/start"), /Selamat datang/);
    const admin = bot.api.user(adminId, { first_name: "Admin" });
    const answer = await reply(
      admin,
      () => admin.sendCommand(`/beriperan ${coordinatorId} koordinator`),
      /telah diberikan/,
    );
    expect(answer.text).toContain("koordinator");
    const grants = await bot.db.prisma.roleGrant.findMany({
      where: { person: { account: { telegramUserId: BigInt(coordinatorId) } } },
    });
    expect(grants).toHaveLength(1);
    expect(grants[0]?.role).toBe("COORDINATOR");
    expect(grants[0]?.programId).toBeNull();
  });

  it("creates a program in a conversation (/programbaru)", async () => {
    await reply(coordinator, () => coordinator.sendCommand("/programbaru"), /nama programnya/);
    const sending = await reply(
      coordinator,
      () => coordinator.sendText("Magang ASN Sumbar di Jatim 2026"),
      /Provinsi pengirim/,
    );
    expect(buttonsOf(sending)).toContain("prog:prov:35");
    // A sticker where a province is expected: a polite re-ask, nothing changes.
    await reply(coordinator, () => coordinator.sendSticker(), /tidak dikenali/);
    await reply(coordinator, () => coordinator.sendText("Sumbar"), /Provinsi tuan rumah/);
    const host = await coordinator.waitForMessage(/Provinsi tuan rumah/);
    await reply(
      coordinator,
      () => coordinator.pressButton(host.message_id ?? 0, "prog:prov:35"),
      /Tanggal mulai/,
    );
    await reply(coordinator, () => coordinator.sendText("31-02-2026"), /tidak dapat dibaca/);
    await reply(coordinator, () => coordinator.sendText("30-11-2026"), /Tanggal selesai/);
    await reply(coordinator, () => coordinator.sendText("2026-11-20"), /tidak boleh sebelum/);
    const agreement = await reply(coordinator, () => coordinator.sendText("04-12-2026"), /PKS/);
    const summary = await reply(
      coordinator,
      () => coordinator.pressButton(agreement.message_id ?? 0, "prog:new:skip"),
      /Ringkasan program/,
    );
    expect(summary.text).toContain("Sumatera Barat");
    expect(summary.text).toContain("Jawa Timur");
    const created = await reply(
      coordinator,
      () => coordinator.pressButton(summary.message_id ?? 0, "prog:new:ok"),
      /telah dibuat/,
    );
    const program = await bot.db.prisma.program.findFirstOrThrow({
      where: { name: "Magang ASN Sumbar di Jatim 2026" },
    });
    programId = program.id;
    expect(created.text).toContain(program.id);
    expect(program.sendingProvinceCode).toBe("13");
    expect(program.hostProvinceCode).toBe("35");
    expect(program.startDate.toISOString().slice(0, 10)).toBe("2026-11-30");
    expect(program.endDate.toISOString().slice(0, 10)).toBe("2026-12-04");
    expect(program.status).toBe("ACTIVE");
    const grant = await bot.db.prisma.roleGrant.findFirst({
      where: { programId, role: "COORDINATOR" },
    });
    expect(grant).not.toBeNull();
    const audit = await bot.db.prisma.auditEntry.findFirst({
      where: { programId, action: "program.created" },
    });
    expect(audit).not.toBeNull();
  });

  it("imports the 26-person roster from CSV after a preview and confirmation", async () => {
    const preview = await importFile("peserta", "peserta.csv", csv(rosterRows), /Pratinjau impor/);
    expect(preview.text).toContain("baru: 26");
    expect(await bot.db.prisma.rosterEntry.count({ where: { programId } })).toBe(0);
    const done = await reply(
      coordinator,
      () => coordinator.pressButton(preview.message_id ?? 0, button(preview, "imp:ok:")),
      /Impor daftar peserta selesai/,
    );
    expect(done.text).toContain("26 baru");
    const rows = await bot.db.prisma.rosterEntry.findMany({ where: { programId } });
    expect(rows).toHaveLength(26);
    expect(rows.find((r) => r.nip === cohortParticipants[0]?.nip)?.fullName).toBe(
      cohortParticipants[0]?.fullName,
    );
    const audit = await bot.db.prisma.auditEntry.findFirst({
      where: { programId, action: "import.roster" },
    });
    expect(audit?.details).toMatchObject({ created: 26 });
    // The same file again changes nothing.
    const again = await importFile("peserta", "peserta.csv", csv(rosterRows), /Pratinjau impor/);
    expect(again.text).toContain("tidak berubah: 26");
    expect(buttonsOf(again).some((data) => data.startsWith("imp:ok:"))).toBe(false);
  });

  it("imports the 13 Jatim host agencies from XLSX (English-cased headers accepted)", async () => {
    const content = await xlsx(hostUnitRows);
    const preview = await reply(
      coordinator,
      () => sendFile("instansi.xlsx", content, "/impor instansi"),
      /Pratinjau impor/,
    );
    expect(preview.text).toContain("baru: 13");
    await reply(
      coordinator,
      () => coordinator.pressButton(preview.message_id ?? 0, button(preview, "imp:ok:")),
      /selesai/,
    );
    const units = await bot.db.prisma.hostUnit.findMany({ where: { programId } });
    expect(units).toHaveLength(13);
    const bkd = units.find((u) => u.shortName === "BKD Jatim");
    expect(bkd?.latitude).toBeCloseTo(-7.3305);
    expect(bkd?.mentorName).toBe("Sri Wahyuni");
  });

  it("keeps a pending import across a restart", async () => {
    const roster = [
      rosterRows[0] as string[],
      [cohortParticipants[0]?.nip ?? "", "Nama Baru", "", "", ""],
    ];
    const preview = await importFile("peserta", "satu.csv", csv(roster), /Pratinjau impor/);
    expect(preview.text).toContain("diperbarui: 1");
    await bot.restartBot();
    await reply(
      coordinator,
      () => coordinator.pressButton(preview.message_id ?? 0, button(preview, "imp:ok:")),
      /selesai/,
    );
    const entry = await bot.db.prisma.rosterEntry.findFirst({
      where: { programId, nip: cohortParticipants[0]?.nip ?? "" },
    });
    expect(entry?.fullName).toBe("Nama Baru");
  });

  it("names the missing column", async () => {
    const answer = await importFile(
      "peserta",
      "tanpa-nip.csv",
      csv([
        ["nama", "jabatan"],
        ["Andi", "Analis"],
      ]),
      /masalah/,
    );
    expect(answer.text).toContain("Baris 1, kolom nip: kolom wajib ini tidak ada");
  });

  it("names a bad NIP and a duplicate row by line and column, and can import only the valid rows", async () => {
    const [header, first, second, third] = rosterRows as (string | number)[][];
    const rows = [
      header ?? [],
      first ?? [],
      ["12345", "Salah NIP", "", "", ""],
      second ?? [],
      first ?? [],
      third ?? [],
    ];
    const answer = await importFile("peserta", "rusak.csv", csv(rows), /masalah/);
    expect(answer.text).toContain("Baris 3, kolom nip: NIP harus 18 angka (isi: “12345”)");
    expect(answer.text).toContain("Baris 5, kolom -: baris ini sama persis dengan baris 2");
    expect(answer.text).toContain("3 dari 5 baris valid");
    const preview = await reply(
      coordinator,
      () => coordinator.pressButton(answer.message_id ?? 0, button(answer, "imp:valid:")),
      /Pratinjau impor/,
    );
    expect(preview.text).toContain("3 baris");
  });

  it("names an unknown agency in placements and a wrong date in the schedule", async () => {
    const placements = await importFile(
      "penempatan",
      "penempatan.csv",
      csv([
        ["nip", "instansi"],
        [cohortParticipants[1]?.nip ?? "", "Dinas Entah Apa"],
      ]),
      /masalah/,
    );
    expect(placements.text).toContain(
      "Baris 2, kolom instansi: instansi ini tidak terdaftar di program",
    );
    const schedule = await importFile(
      "jadwal",
      "jadwal.csv",
      csv([
        ["tanggal", "mulai", "selesai", "kegiatan", "tempat"],
        ["30-11-2026", "08:00", "10:00", "Pembukaan", "Aula"],
        ["2026/13/45", "8.00", "", "Kunjungan", ""],
      ]),
      /masalah/,
    );
    expect(schedule.text).toContain("Baris 3, kolom tanggal: tanggal tidak valid");
  });

  it("refuses a file that is not a spreadsheet, and an oversized one before downloading it", async () => {
    await reply(
      coordinator,
      () => coordinator.sendCommand("/impor peserta"),
      /Silakan kirim berkas/,
    );
    await reply(
      coordinator,
      () =>
        coordinator.sendDocument({
          file_name: "surat.pdf",
          mime_type: "application/pdf",
          content: Buffer.from("%PDF-1.4"),
        }),
      /bukan lembar kerja/,
    );
    const getFileCalls = () => bot.api.attempts().filter((r) => r.method === "getFile").length;
    const before = getFileCalls();
    await reply(
      coordinator,
      () => sendFile("besar.csv", Buffer.alloc(5 * 1024 * 1024 + 10, 0x41)),
      /terlalu besar/,
    );
    expect(getFileCalls()).toBe(before);
  });

  it("sends an invite link with its QR code and redeems a staff invite", async () => {
    const text = await reply(
      coordinator,
      () => coordinator.sendCommand("/undang pejabat"),
      /Tautan undangan/,
    );
    await coordinator.waitForMessage((record) => record.method === "sendPhoto");
    const code = /start=([A-Za-z0-9_-]+)/.exec(text.text ?? "")?.[1] ?? "";
    expect(code).not.toBe("");
    const official = bot.api.user(610, { first_name: "Bu", last_name: "Kadis" });
    await reply(official, () => official.sendCommand(`/start ${code}`), /terdaftar sebagai/);
    const person = await bot.db.prisma.person.findFirstOrThrow({
      where: { account: { telegramUserId: 610n } },
      include: { roles: true },
    });
    expect(person.fullName).toBe("Bu Kadis");
    expect(person.nip).toBeNull();
    expect(person.roles.map((r) => [r.role, r.programId])).toEqual([["OFFICIAL", programId]]);
    // One use only.
    const other = bot.api.user(611);
    await reply(
      other,
      () => other.sendCommand(`/start ${code}`),
      /batas jumlah pemakaian|sudah digunakan/,
    );
  });

  it("adds and removes a program day off (/libur)", async () => {
    await reply(
      coordinator,
      () => coordinator.sendCommand("/libur tambah 02-12-2026 Rapat pimpinan"),
      /ditambahkan/,
    );
    const list = await reply(
      coordinator,
      () => coordinator.sendCommand("/libur"),
      /Hari libur program/,
    );
    expect(list.text).toContain("Rapat pimpinan");
    expect(await bot.db.prisma.holiday.count({ where: { programId, kind: "PROGRAM" } })).toBe(1);
    await reply(
      coordinator,
      () => coordinator.sendCommand("/libur hapus 2026-12-02"),
      /telah dihapus/,
    );
    expect(await bot.db.prisma.holiday.count({ where: { programId, kind: "PROGRAM" } })).toBe(0);
  });

  it("creates a return visit with the provinces swapped (/programbalasan)", async () => {
    const pick = await reply(
      coordinator,
      () => coordinator.sendCommand("/programbalasan"),
      /program yang mana|Kapan kunjungan balasan/,
    );
    if (/program yang mana/.test(pick.text ?? "")) {
      await reply(
        coordinator,
        () => coordinator.pressButton(pick.message_id ?? 0, `prog:ret:${programId}`),
        /Kapan kunjungan balasan/,
      );
    }
    await reply(coordinator, () => coordinator.sendText("+90"), /kunjungan balasan/);
    const copy = await bot.db.prisma.program.findFirstOrThrow({
      where: { returnOfProgramId: programId },
    });
    expect(copy.sendingProvinceCode).toBe("35");
    expect(copy.hostProvinceCode).toBe("13");
    expect(copy.startDate.toISOString().slice(0, 10)).toBe("2027-02-28");
    expect(copy.endDate.toISOString().slice(0, 10)).toBe("2027-03-04");
    expect(await bot.db.prisma.rosterEntry.count({ where: { programId: copy.id } })).toBe(0);
    expect(await bot.db.prisma.hostUnit.count({ where: { programId: copy.id } })).toBe(0);
  });

  it("lists the audit log for administrators only", async () => {
    const admin = bot.api.user(adminId);
    const log = await reply(admin, () => admin.sendCommand("/audit 50"), /Catatan audit/);
    expect(log.text).toContain("program.created");
    expect(log.text).toContain("import.roster");
    await reply(coordinator, () => coordinator.sendCommand("/audit"), /hanya untuk koordinator/);
  });
});
