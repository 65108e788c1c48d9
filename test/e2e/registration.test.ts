import type { SentRecord, UserHandle } from "@tandang/fake-bot-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { cohortParticipants } from "../../src/db/seed/sumbar-jatim-cohort.ts";
import { issueInvite } from "../../src/features/invites/invite.service.ts";
import { CONSENT_TEXT_VERSION } from "../../src/features/registration/consent.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { eventually } from "../support/eventually.ts";
import { reply } from "../support/reply.ts";

const now = new Date("2026-11-24T00:30:00Z");
const startDate = "2026-11-30";

/** Does something as the user and waits for the bot's next message matching `matcher`. */

function buttonsOf(record: SentRecord): string[] {
  const markup = record.message?.reply_markup;
  return (markup?.inline_keyboard ?? []).flat().map((button) => String(button.callback_data));
}

describe("participant registration from an invite link", () => {
  let bot: TestBot;
  let openProgramId: string;
  let rosterProgramId: string;
  let openCode: string;
  const clock = fixedClock(now);

  beforeAll(async () => {
    bot = await startTestBot({ clock });
    const db = bot.db.prisma;
    // A program without a roster, and one with the Sumbar cohort's roster.
    openProgramId = (await seedCohort(db, { startDate, participants: [] })).programId;
    rosterProgramId = (await seedCohort(db, { startDate })).programId;
    openCode = (await invite(openProgramId)).code;
  });
  afterAll(() => bot.stop());

  function invite(programId: string, extra: { expiresAt?: Date; maxUses?: number } = {}) {
    return issueInvite(bot.db.prisma, {
      role: "PARTICIPANT",
      programId,
      expiresAt: extra.expiresAt ?? null,
      maxUses: extra.maxUses ?? null,
      createdById: null,
    });
  }

  async function flowStep(userId: number): Promise<string | undefined> {
    const row = await bot.db.prisma.chatState.findUnique({ where: { key: `flow:${userId}` } });
    return (row?.value as { step?: string } | undefined)?.step;
  }

  /** From /start to the phone question of a program without roster. */
  async function answerUntilPhone(user: UserHandle, code: string, name: string, nip: string) {
    await reply(user, () => user.sendCommand(`/start ${code}`), /nama lengkap/);
    await reply(user, () => user.sendText(name), /NIP/);
    await reply(user, () => user.sendText(nip), /jabatan/);
    const agencyQuestion = await reply(
      user,
      () => user.sendText("Analis Kepegawaian Ahli Muda"),
      /instansi asal/,
    );
    const agencyButton = buttonsOf(agencyQuestion)[0] ?? "";
    expect(agencyButton).toMatch(/^reg:agency:/);
    return reply(user, () => user.pressButton(agencyQuestion, agencyButton), /nomor telepon/);
  }

  it("registers a participant end to end: name, NIP, position, agency, contact, consent, summary", async () => {
    const user = bot.api.user(201, { first_name: "Andi" });
    const intro = await reply(user, () => user.sendCommand(`/start ${openCode}`), /nama lengkap/);
    expect(user.texts().join("\n")).toContain("Magang ASN Sumbar di Jatim 2024");
    expect(user.texts().join("\n")).toContain("Senin, 30 November 2026");
    expect(intro.text).toContain("nama lengkap");

    // HTML in a name is stored as typed and shown escaped (the user sees the tags as text).
    const typedName = "Andi <b>Saputra</b>, S.E.";
    await reply(user, () => user.sendText(typedName), /NIP/);
    await reply(user, () => user.sendText("19850312 201001 1 003"), /jabatan/);
    const agencyQuestion = await reply(
      user,
      () => user.sendText("Analis Kepegawaian Ahli Muda"),
      /instansi asal/,
    );
    const agencies = await bot.db.prisma.agency.findMany({ where: { provinceCode: "13" } });
    const bkd = agencies.find((a) => a.name.startsWith("Badan Kepegawaian Daerah"));
    expect(buttonsOf(agencyQuestion)).toContain(`reg:agency:${bkd?.id}`);
    const phoneQuestion = await reply(
      user,
      () => user.pressButton(agencyQuestion, `reg:agency:${bkd?.id}`),
      /nomor telepon/,
    );
    const keyboard = (phoneQuestion.payload.reply_markup as { keyboard?: unknown } | undefined)
      ?.keyboard as { text: string; request_contact?: boolean }[][] | undefined;
    expect(keyboard?.[0]?.[0]).toMatchObject({ request_contact: true });

    const consent = await reply(
      user,
      () => user.sendContact({ phone_number: "6281234567890" }),
      /Persetujuan pemrosesan data pribadi/,
    );
    expect(consent.text).toContain("UU No. 27 Tahun 2022");
    expect(consent.text).toContain("12 bulan setelah program berakhir");
    expect(consent.text).toContain("/hapusdata");
    expect(consent.text).toContain(CONSENT_TEXT_VERSION);

    const summary = await reply(
      user,
      () => user.pressButton(consent, "reg:consent:yes"),
      /periksa data Bapak\/Ibu/,
    );
    expect(summary.text).toContain(`Nama: ${typedName}`);
    expect(summary.text).toContain("NIP: 19850312 201001 1 003");
    expect(summary.text).toContain("Telepon: +6281234567890");

    // "Ubah": pick the position, answer again, and land on a fresh summary.
    user.pressButton(summary, "reg:edit");
    await bot.api.waitUntil(() =>
      JSON.stringify(bot.api.message(user.id, summary.message_id ?? 0)?.reply_markup).includes(
        "reg:edit:position",
      ),
    );
    await reply(user, () => user.pressButton(summary, "reg:edit:position"), /jabatan/);
    const second = await reply(
      user,
      () => user.sendText("Analis SDM Aparatur Ahli Pertama"),
      /periksa data Bapak\/Ibu/,
    );
    expect(second.text).toContain("Jabatan: Analis SDM Aparatur Ahli Pertama");

    await reply(
      user,
      () => user.pressButton(second, "reg:confirm"),
      /Pendaftaran Bapak\/Ibu berhasil/,
    );
    expect(user.lastSent()?.text).toContain("penempatan");

    const person = await bot.db.prisma.person.findUniqueOrThrow({
      where: { nip: "198503122010011003" },
      include: { account: true, consents: true, enrollments: true },
    });
    expect(person).toMatchObject({
      fullName: typedName,
      nipKind: "PNS",
      position: "Analis SDM Aparatur Ahli Pertama",
      ownAgency: bkd?.name,
      phone: "+6281234567890",
    });
    expect(person.account?.telegramUserId).toBe(201n);
    expect(person.consents).toEqual([
      expect.objectContaining({
        textVersion: CONSENT_TEXT_VERSION,
        acceptedAt: now,
        telegramMessageId: consent.message_id,
      }),
    ]);
    expect(person.enrollments).toEqual([
      expect.objectContaining({ programId: openProgramId, status: "REGISTERED" }),
    ]);
    const used = await bot.db.prisma.invite.findUniqueOrThrow({ where: { code: openCode } });
    expect(used.uses).toBe(1);
    expect(await flowStep(201)).toBeUndefined();
    expect(bot.api.unansweredCallbackQueries()).toEqual([]);

    // The old summary's button after the flow ended: a polite word, nothing happens.
    await reply(
      user,
      () => user.pressButton(second, "reg:confirm", { allowMissingButton: true }),
      /pesan lama/,
    );
    expect(await bot.db.prisma.enrollment.count({ where: { personId: person.id } })).toBe(1);
  });

  it("never creates a second person: same link again, or the same NIP from another account", async () => {
    const user = bot.api.user(201);
    await reply(user, () => user.sendCommand(`/start ${openCode}`), /sudah terdaftar/);
    expect(user.lastSent()?.text).toContain("/help");
    expect(await flowStep(201)).toBeUndefined();

    // The same NIP from another account gets the same answers as any NIP, and ends as a
    // request for approval (which cannot be approved: see registration-identity.test.ts).
    const other = bot.api.user(202, { first_name: "Peniru" });
    await reply(other, () => other.sendCommand(`/start ${openCode}`), /nama lengkap/);
    await reply(other, () => other.sendText("Peniru"), /NIP/);
    await reply(other, () => other.sendText("198503122010011003"), /jabatan/);
    await reply(other, () => other.sendText("Analis"), /instansi asal/);
    await reply(other, () => other.sendText("Dinas Tiruan"), /nomor telepon/);
    const consent = await reply(
      other,
      () => other.sendContact({ phone_number: "6281200000202" }),
      /Persetujuan/,
    );
    const summary = await reply(
      other,
      () => other.pressButton(consent, "reg:consent:yes"),
      /periksa data/,
    );
    await reply(other, () => other.pressButton(summary, "reg:confirm"), /menunggu persetujuan/);
    expect(other.texts().join("\n")).not.toMatch(/akun Telegram lain/);
    expect(await flowStep(202)).toBeUndefined();
    expect(await bot.db.prisma.person.count({ where: { nip: "198503122010011003" } })).toBe(1);
    const request = await bot.db.prisma.registrationRequest.findFirstOrThrow({
      where: { telegramUserId: 202n },
    });
    expect(request).toMatchObject({ status: "PENDING", reason: "nip_taken" });
  });

  it("reuses the person an account already is when it joins another program", async () => {
    const otherProgram = await seedCohort(bot.db.prisma, { startDate, participants: [] });
    const code = (await invite(otherProgram.programId)).code;
    const user = bot.api.user(201);
    // Everything is known and the current consent was given: straight to the summary.
    const summary = await reply(
      user,
      () => user.sendCommand(`/start ${code}`),
      /periksa data Bapak\/Ibu/,
    );
    await reply(
      user,
      () => user.pressButton(summary, "reg:confirm"),
      /Pendaftaran Bapak\/Ibu berhasil/,
    );
    const person = await bot.db.prisma.person.findUniqueOrThrow({
      where: { nip: "198503122010011003" },
      include: { enrollments: true, consents: true },
    });
    expect(person.enrollments.map((e) => e.programId).sort()).toEqual(
      [openProgramId, otherProgram.programId].sort(),
    );
    expect(person.consents).toHaveLength(1);
  });

  it("pre-fills from the roster only after the own contact matches, and asks only what is missing", async () => {
    const code = (await invite(rosterProgramId)).code;
    const rosterRow = cohortParticipants[1];
    if (!rosterRow) throw new Error("cohort has participants");
    await bot.db.prisma.rosterEntry.update({
      where: { programId_nip: { programId: rosterProgramId, nip: rosterRow.nip } },
      data: { position: null, phone: "0812 7777 0001" },
    });
    const user = bot.api.user(203, { first_name: "Rahmat" });
    // With a roster, the NIP comes first, then the own contact as proof.
    await reply(user, () => user.sendCommand(`/start ${code}`), /NIP/);
    await reply(user, () => user.sendText(rosterRow.nip), /nomor telepon/);
    expect(user.texts().join("\n")).not.toContain(rosterRow.fullName);
    await reply(user, () => user.sendContact({ phone_number: "+62 812 7777 0001" }), /jabatan/);
    expect(user.texts().join("\n")).toContain(`Data Bapak/Ibu ditemukan: ${rosterRow.fullName}`);
    const consent = await reply(user, () => user.sendText("Analis Baru"), /Persetujuan/);
    const summary = await reply(
      user,
      () => user.pressButton(consent, "reg:consent:yes"),
      /periksa data Bapak\/Ibu/,
    );
    expect(summary.text).toContain(`Nama: ${rosterRow.fullName}`);
    expect(summary.text).toContain("Jabatan: Analis Baru");
    expect(summary.text).toContain(`Instansi asal: ${rosterRow.ownAgency}`);
    await reply(user, () => user.pressButton(summary, "reg:confirm"), /berhasil/);
    const person = await bot.db.prisma.person.findUniqueOrThrow({ where: { nip: rosterRow.nip } });
    expect(person).toMatchObject({
      fullName: rosterRow.fullName,
      position: "Analis Baru",
      ownAgency: rosterRow.ownAgency,
      phone: "+6281277770001",
    });
  });

  it("gives a NIP that is not on the roster the same next question, and never registers it", async () => {
    const code = (await invite(rosterProgramId)).code;
    const user = bot.api.user(204);
    await reply(user, () => user.sendCommand(`/start ${code}`), /NIP/);
    await reply(user, () => user.sendText("199001012015031002"), /nomor telepon/);
    await reply(user, () => user.sendContact({ phone_number: "6281200000204" }), /nama lengkap/);
    expect(user.texts().join("\n")).toMatch(/koordinator program untuk disetujui/);
    expect(user.texts().join("\n")).not.toMatch(/tidak ada dalam daftar/);
    expect(await flowStep(204)).toBe("name");
    expect(await bot.db.prisma.person.count({ where: { nip: "199001012015031002" } })).toBe(0);
    await reply(user, () => user.sendCommand("/batal"), /Dibatalkan/);
  });

  it("answers bad input at every kind of step politely and changes nothing", async () => {
    const user = bot.api.user(205, { first_name: "Uji" });
    await reply(user, () => user.sendCommand(`/start ${openCode}`), /nama lengkap/);

    for (const send of [
      () => user.sendSticker(),
      () => user.sendPhoto(),
      () => user.sendVoice(),
      () =>
        user.sendDocument({
          file_name: "cv.pdf",
          mime_type: "application/pdf",
          content: Buffer.from("%PDF-1.4"),
        }),
    ]) {
      const before = user.texts().length;
      await reply(user, send, /nama lengkap/);
      expect(user.texts().slice(before).join("\n")).toMatch(/berupa teks/);
    }
    await reply(
      user,
      () => user.sendText("A".repeat(201)),
      /terlalu panjang \(201 karakter; paling banyak 100\)/,
    );
    await reply(user, () => user.sendText("   "), /nama lengkap/);
    expect(user.texts().at(-2)).toMatch(/kosong/);
    await reply(user, () => user.sendText("12345"), /harus berisi huruf/);
    expect(await flowStep(205)).toBe("name");

    await reply(user, () => user.sendText("Uji Coba"), /NIP/);
    const nipCases: [string, RegExp][] = [
      ["1985031220100110", /tepat 18 angka.*16 karakter/s],
      ["19850312A01001100X", /karakter lain: AX/],
      ["198513122010011003", /"13" bukan bulan/],
      ["198502302010011003", /Tanggal 30 tidak ada pada bulan 02 tahun 1985/],
      ["198503122010013003", /Angka ke-15.*1 untuk laki-laki, 2 untuk perempuan.*"3"/s],
      ["198503122010011000", /nomor urut.*000/s],
      ["198503122000011003", /sebelum berusia 18 tahun/],
      ["198503122030011003", /masa depan/],
      ["203003122010011003", /masa depan/],
    ];
    for (const [nip, explanation] of nipCases) {
      const answer = await reply(user, () => user.sendText(nip), /kirim ulang NIP/);
      expect(answer.text, nip).toMatch(explanation);
    }
    expect(await flowStep(205)).toBe("nip");
    // A PPPK number: digits 13–14 are not a month, yet it is accepted and marked.
    await reply(user, () => user.sendText("198503122021211003"), /jabatan/);
    expect(user.texts().join("\n")).toContain("NIP PPPK");

    await reply(user, () => user.sendSticker(), /jabatan/);
    await reply(user, () => user.sendText("J".repeat(151)), /paling banyak 150/);
    await reply(user, () => user.sendText("Pranata Komputer"), /instansi asal/);
    await reply(user, () => user.sendVoice(), /instansi asal/);
    // A typed agency (not one of the buttons) is accepted too.
    await reply(user, () => user.sendText("Biro <Umum> & Perlengkapan"), /nomor telepon/);

    await reply(user, () => user.sendText("081234567890"), /gunakan tombol/);
    await reply(
      user,
      () => user.sendContact({ phone_number: "6289999999999", user_id: 999_999 }),
      /hanya kontak Bapak\/Ibu sendiri/,
    );
    await reply(
      user,
      () => user.sendContact({ phone_number: "6289999999999", user_id: null }),
      /hanya kontak Bapak\/Ibu sendiri/,
    );
    expect(await flowStep(205)).toBe("phone");
    const consent = await reply(
      user,
      () => user.sendContact({ phone_number: "6281200000205" }),
      /Persetujuan/,
    );
    // Typing instead of pressing a button asks the same again.
    const consentAgain = await reply(user, () => user.sendText("ya"), /Persetujuan/);
    // Only the latest consent message counts.
    await reply(user, () => user.pressButton(consent, "reg:consent:yes"), /pesan lama/);
    const summary = await reply(
      user,
      () => user.pressButton(consentAgain, "reg:consent:yes"),
      /periksa data Bapak\/Ibu/,
    );
    expect(summary.text).toContain("Instansi asal: Biro <Umum> & Perlengkapan");
    expect(summary.text).toContain("(PPPK)");
    await reply(user, () => user.pressButton(summary, "reg:confirm"), /berhasil/);
    const person = await bot.db.prisma.person.findUniqueOrThrow({
      where: { nip: "198503122021211003" },
      include: { consents: true },
    });
    expect(person).toMatchObject({ nipKind: "PPPK", ownAgency: "Biro <Umum> & Perlengkapan" });
    expect(person.consents[0]?.telegramMessageId).toBe(consentAgain.message_id);
  });

  it("resumes at the same step after a restart", async () => {
    const user = bot.api.user(206, { first_name: "Restart" });
    await reply(user, () => user.sendCommand(`/start ${openCode}`), /nama lengkap/);
    await reply(user, () => user.sendText("Rina Restart"), /NIP/);
    await reply(user, () => user.sendText("199204152016032004"), /jabatan/);
    await bot.restartBot();
    await reply(user, () => user.sendText("Perencana Ahli Muda"), /instansi asal/);
    expect(await flowStep(206)).toBe("agency");
    const state = await bot.db.prisma.chatState.findUniqueOrThrow({ where: { key: "flow:206" } });
    expect(state.value).toMatchObject({
      data: {
        fullName: "Rina Restart",
        nip: "199204152016032004",
        position: "Perencana Ahli Muda",
      },
    });
    await reply(user, () => user.sendCommand("/batal"), /Dibatalkan/);
    expect(await flowStep(206)).toBeUndefined();
    await reply(user, () => user.sendText("lanjut"), /belum mengerti/);
    expect(await bot.db.prisma.person.count({ where: { nip: "199204152016032004" } })).toBe(0);
  });

  it("stores nothing when consent is refused", async () => {
    const user = bot.api.user(207);
    const consent = await answerUntilPhone(
      user,
      openCode,
      "Tolak Setuju",
      "199305052018012001",
    ).then(() =>
      reply(user, () => user.sendContact({ phone_number: "6281200000207" }), /Persetujuan/),
    );
    await reply(user, () => user.pressButton(consent, "reg:consent:no"), /tidak disimpan/);
    expect(await flowStep(207)).toBeUndefined();
    expect(await bot.db.prisma.person.count({ where: { nip: "199305052018012001" } })).toBe(0);
    const account = await bot.db.prisma.telegramAccount.findUniqueOrThrow({
      where: { telegramUserId: 207n },
    });
    expect(account.personId).toBeNull();
  });

  it("explains unknown, expired, used-up and revoked codes", async () => {
    const user = bot.api.user(208);
    await reply(user, () => user.sendCommand("/start KodeYangTidakAda123"), /tidak dikenal/);
    const expired = await invite(openProgramId, { expiresAt: new Date("2026-11-01T00:00:00Z") });
    await reply(user, () => user.sendCommand(`/start ${expired.code}`), /kedaluwarsa/);
    const usedUp = await invite(openProgramId, { maxUses: 1 });
    await bot.db.prisma.invite.update({ where: { id: usedUp.id }, data: { uses: 1 } });
    await reply(user, () => user.sendCommand(`/start ${usedUp.code}`), /batas jumlah pemakaian/);
    const revoked = await invite(openProgramId);
    await bot.db.prisma.invite.update({ where: { id: revoked.id }, data: { revokedAt: now } });
    await reply(user, () => user.sendCommand(`/start ${revoked.code}`), /dicabut/);
    expect(await flowStep(208)).toBeUndefined();
  });

  it("takes the invite's last use only when the enrollment is made", async () => {
    const single = await invite(openProgramId, { maxUses: 1 });
    const first = bot.api.user(209);
    const second = bot.api.user(210);
    await answerUntilPhone(first, single.code, "Pertama", "198801012012011001");
    await answerUntilPhone(second, single.code, "Kedua", "198801012012011002");
    const finish = async (user: UserHandle, phone: string) => {
      const consent = await reply(
        user,
        () => user.sendContact({ phone_number: phone }),
        /Persetujuan/,
      );
      return reply(user, () => user.pressButton(consent, "reg:consent:yes"), /periksa data/);
    };
    const firstSummary = await finish(first, "6281200000209");
    const secondSummary = await finish(second, "6281200000210");
    await reply(first, () => first.pressButton(firstSummary, "reg:confirm"), /berhasil/);
    await reply(second, () => second.pressButton(secondSummary, "reg:confirm"), /batas jumlah/);
    expect(await bot.db.prisma.person.count({ where: { nip: "198801012012011002" } })).toBe(0);
    const used = await bot.db.prisma.invite.findUniqueOrThrow({ where: { id: single.id } });
    expect(used.uses).toBe(1);
  });

  it("leaves invites for other roles to the features that handle them", async () => {
    const coordinatorInvite = await issueInvite(bot.db.prisma, {
      role: "COORDINATOR",
      programId: openProgramId,
      expiresAt: null,
      maxUses: 1,
      createdById: null,
    });
    const user = bot.api.user(211);
    const answer = await reply(
      user,
      () => user.sendCommand(`/start ${coordinatorInvite.code}`),
      /./,
    );
    expect(answer.text).not.toMatch(/mendaftar sebagai peserta/);
    await eventually(async () => expect(await flowStep(211)).toBeUndefined());
  });
});
