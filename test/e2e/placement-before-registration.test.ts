import type { SentRecord } from "@tandang/fake-bot-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { cohortHostUnits, cohortParticipants } from "../../src/db/seed/sumbar-jatim-cohort.ts";
import { issueInvite } from "../../src/features/invites/invite.service.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { eventually } from "../support/eventually.ts";
import { grantRole } from "../support/factories.ts";
import { type BotMessage, reply } from "../support/reply.ts";

/** Wednesday 2 Dec 2026, 07:00 WIB: the third day of a Mon 30 Nov – Fri 4 Dec program. */
const now = new Date("2026-12-02T00:00:00Z");
const WAIT = { timeoutMs: 15_000 };

function buttonsOf(record: SentRecord): { text: string; data: string }[] {
  const markup = record.payload.reply_markup as
    | { inline_keyboard?: { text: string; callback_data?: string }[][] }
    | undefined;
  return (markup?.inline_keyboard ?? [])
    .flat()
    .map((button) => ({ text: button.text, data: String(button.callback_data) }));
}

function csv(rows: string[][]): Buffer {
  return Buffer.from(rows.map((row) => row.map((cell) => `"${cell}"`).join(",")).join("\n"));
}

function row(index: number) {
  const found = cohortParticipants[index];
  if (!found) throw new Error(`cohort has a participant ${index}`);
  return found;
}

describe("placement imported before registration, and the home-agency question", () => {
  let bot: TestBot;
  let programId: string;
  let code: string;
  const clock = fixedClock(now);
  const coordinatorId = 9301;
  const coordinator = () => bot.api.user(coordinatorId, { first_name: "Koordinator" });

  beforeAll(async () => {
    bot = await startTestBot({ clock });
    const db = bot.db.prisma;
    programId = (await seedCohort(db, { startDate: "2026-11-30", participants: [] })).programId;
    await grantRole(db, coordinatorId, "COORDINATOR", programId);
    code = (
      await issueInvite(db, {
        role: "PARTICIPANT",
        programId,
        expiresAt: null,
        maxUses: null,
        createdById: null,
      })
    ).code;
    await db.scheduleItem.createMany({
      data: [
        {
          programId,
          date: new Date("2026-11-30T00:00:00Z"),
          startTime: "08:00",
          title: "Pembukaan program",
        },
        {
          programId,
          date: new Date("2026-12-02T00:00:00Z"),
          startTime: "09:00",
          endTime: "11:00",
          title: "Kunjungan bidang",
        },
      ],
    });
    await reply(coordinator(), () => coordinator().sendCommand("/help"), /./);
  }, 60_000);
  afterAll(() => bot.stop());

  async function importFile(kind: string, content: Buffer): Promise<BotMessage> {
    const user = coordinator();
    await reply(user, () => user.sendCommand(`/impor ${kind}`), /Silakan kirim berkas/);
    return reply(
      user,
      () => user.sendDocument({ file_name: `${kind}.csv`, mime_type: "text/csv", content }),
      /Pratinjau impor|masalah/,
    );
  }

  async function confirmImport(preview: BotMessage) {
    const ok = buttonsOf(preview).find((button) => button.data.startsWith("imp:ok:"));
    expect(ok).toBeDefined();
    await reply(
      coordinator(),
      () => coordinator().pressButton(preview.message_id, ok?.data ?? ""),
      /selesai/,
    );
  }

  it("imports the roster and placements before anyone registers, refusing only NIPs off the roster", async () => {
    const roster = [0, 1, 2].map(row);
    await confirmImport(
      await importFile(
        "peserta",
        csv([
          ["nip", "nama", "jabatan", "unit_asal", "telepon"],
          ...roster.map((p) => [p.nip, p.fullName, p.position, p.ownAgency, p.phone]),
        ]),
      ),
    );
    const offRoster = await importFile(
      "penempatan",
      csv([
        ["nip", "instansi"],
        [row(0).nip, cohortHostUnits[0]?.shortName ?? ""],
        [row(5).nip, cohortHostUnits[0]?.shortName ?? ""],
      ]),
    );
    expect(offRoster.text).toContain("Baris 3, kolom nip: NIP ini tidak ada di daftar peserta");

    const preview = await importFile(
      "penempatan",
      csv([
        ["nip", "instansi"],
        [row(0).nip, cohortHostUnits[0]?.shortName ?? ""],
        [row(1).nip, cohortHostUnits[1]?.shortName ?? ""],
      ]),
    );
    expect(preview.text).toMatch(/Pratinjau impor/);
    expect(preview.text).not.toMatch(/belum mendaftar|masalah/);
    expect(preview.text).toContain("baru: 2");
    await confirmImport(preview);
    const pending = await bot.db.prisma.rosterEntry.findMany({
      where: { programId, hostUnitId: { not: null } },
      include: { hostUnit: true },
      orderBy: { nip: "asc" },
    });
    expect(pending.map((entry) => [entry.nip, entry.hostUnit?.shortName]).sort()).toEqual(
      [
        [row(0).nip, cohortHostUnits[0]?.shortName],
        [row(1).nip, cohortHostUnits[1]?.shortName],
      ].sort(),
    );
    expect(await bot.db.prisma.enrollment.count({ where: { programId } })).toBe(0);
  });

  it("places on registration; the placement notice with today's agenda follows the confirmation", async () => {
    const participant = row(0);
    const user = bot.api.user(9401, { first_name: "Peserta" });
    await reply(user, () => user.sendCommand(`/start ${code}`), /NIP/);
    await reply(user, () => user.sendText(participant.nip), /nomor telepon/);
    const consent = await reply(
      user,
      () => user.sendContact({ phone_number: participant.phone }),
      /Persetujuan/,
    );
    const summary = await reply(
      user,
      () => user.pressButton(consent.message_id, "reg:consent:yes"),
      /periksa data/,
    );
    const notice = user.waitForMessage(/Penempatan magang/, { onlyNew: true, ...WAIT });
    await reply(user, () => user.pressButton(summary.message_id, "reg:confirm"), /berhasil/);
    const message = await notice;
    const unit = cohortHostUnits[0];
    expect(message.text).toContain(unit?.name ?? "?");
    expect(message.text).toContain(unit?.address ?? "?");
    expect(message.text).toContain("Agenda hari ini (Rabu, 2 Desember 2026)");
    expect(message.text).toContain("09:00–11:00 WIB Kunjungan bidang");
    expect(message.text).not.toContain("Pembukaan program");
    const texts = user.texts();
    const confirmedAt = texts.findIndex((text) => /Pendaftaran Bapak\/Ibu berhasil/.test(text));
    const noticeAt = texts.findIndex((text) => /Penempatan magang/.test(text));
    expect(confirmedAt).toBeGreaterThanOrEqual(0);
    expect(noticeAt).toBeGreaterThan(confirmedAt);
    const enrollment = await bot.db.prisma.enrollment.findFirstOrThrow({
      where: { programId, person: { nip: participant.nip } },
      include: { hostUnit: true },
    });
    expect(enrollment.hostUnit?.shortName).toBe(unit?.shortName);
    expect(enrollment.placedAt?.toISOString()).toBe(now.toISOString());
    await eventually(async () => {
      const notified = await bot.db.prisma.enrollment.findUniqueOrThrow({
        where: { id: enrollment.id },
      });
      expect(notified.placementNotifiedAt?.toISOString()).toBe(now.toISOString());
    }, WAIT);
  });

  it("offers the roster's home agencies as buttons, and places on a coordinator's approval", async () => {
    const participant = row(1);
    const user = bot.api.user(9402, { first_name: "Tanpa", last_name: "Cocok" });
    await reply(user, () => user.sendCommand(`/start ${code}`), /NIP/);
    await reply(user, () => user.sendText(participant.nip), /nomor telepon/);
    await reply(user, () => user.sendContact({ phone_number: "+6281299994020" }), /nama lengkap/);
    await reply(user, () => user.sendText(participant.fullName), /jabatan/);
    const question = await reply(user, () => user.sendText("Analis"), /Dari instansi asal mana/);
    const agencies = buttonsOf(question);
    const rosterAgencies = [...new Set([0, 1, 2].map((index) => row(index).ownAgency))].sort();
    expect(agencies.map((button) => button.text).sort()).toEqual(rosterAgencies);
    for (const button of agencies) {
      expect(Buffer.byteLength(button.data)).toBeLessThanOrEqual(64);
    }
    const own = agencies.find((button) => button.text === participant.ownAgency);
    const consent = await reply(
      user,
      () => user.pressButton(question.message_id, own?.data ?? ""),
      /Persetujuan/,
    );
    const summary = await reply(
      user,
      () => user.pressButton(consent.message_id, "reg:consent:yes"),
      /periksa data/,
    );
    expect(summary.text).toContain(`Instansi asal: ${participant.ownAgency}`);
    const asked = coordinator().waitForMessage(/ID 9402\)/, { onlyNew: true, ...WAIT });
    await reply(user, () => user.pressButton(summary.message_id, "reg:confirm"), /menunggu/);
    const request = await asked;
    const approve = buttonsOf(request).find((button) => button.data.startsWith("reg:req:ok:"));
    const notice = user.waitForMessage(/Penempatan magang/, { onlyNew: true, ...WAIT });
    await reply(
      user,
      () => coordinator().pressButton(request.message_id ?? 0, approve?.data ?? ""),
      /disetujui/,
    );
    const message = await notice;
    expect(message.text).toContain(cohortHostUnits[1]?.name ?? "?");
    expect(message.text).toContain("Kunjungan bidang");
    const texts = user.texts();
    expect(texts.findIndex((text) => /Penempatan magang/.test(text))).toBeGreaterThan(
      texts.findIndex((text) => /disetujui/.test(text)),
    );
  });

  it("asks to type the home agency, without buttons, where there are none to offer", async () => {
    const db = bot.db.prisma;
    const bare = await db.program.create({
      data: {
        name: "Program tanpa daftar instansi",
        sendingProvinceCode: "51",
        hostProvinceCode: "35",
        startDate: new Date("2026-11-30T00:00:00Z"),
        endDate: new Date("2026-12-04T00:00:00Z"),
        status: "ACTIVE",
      },
    });
    expect(await db.agency.count({ where: { provinceCode: "51" } })).toBe(0);
    const invite = await issueInvite(db, {
      role: "PARTICIPANT",
      programId: bare.id,
      expiresAt: null,
      maxUses: null,
      createdById: null,
    });
    const user = bot.api.user(9403, { first_name: "Bali" });
    // Without a roster: name, NIP, position, then the home agency.
    await reply(user, () => user.sendCommand(`/start ${invite.code}`), /nama lengkap/);
    await reply(user, () => user.sendText("Made Wirawan"), /NIP/);
    await reply(user, () => user.sendText("199001012015031002"), /jabatan/);
    const question = await reply(user, () => user.sendText("Analis"), /instansi asal/);
    expect(question.text).toContain("Silakan ketik nama lengkapnya");
    expect(question.text).not.toMatch(/tombol/);
    expect(buttonsOf(question)).toEqual([]);
    await reply(user, () => user.sendText("Dinas Kominfo Provinsi Bali"), /nomor telepon/);
    await reply(user, () => user.sendCommand("/batal"), /Dibatalkan/);
  });
});
