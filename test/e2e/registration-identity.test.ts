import type { CallbackAnswerRecord, UserHandle } from "@tandang/fake-bot-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { cohortParticipants } from "../../src/db/seed/sumbar-jatim-cohort.ts";
import { maskNip } from "../../src/domain/nip.ts";
import { issueInvite } from "../../src/features/invites/invite.service.ts";
import {
  IDENTITY_ATTEMPT_WINDOW_MINUTES,
  MAX_REFUSED_ATTEMPTS_PER_ACCOUNT,
  MAX_REFUSED_ATTEMPTS_PER_INVITE,
} from "../../src/features/registration/identity-limits.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { grantRole } from "../support/factories.ts";
import { type BotMessage, reply } from "../support/reply.ts";

const now = new Date("2026-11-24T00:30:00Z");
const startDate = "2026-11-30";
const WAIT = { timeoutMs: 15_000 };

/** Does something as the user and waits for the bot's next message matching `matcher`. */

function rosterRow(index: number) {
  const row = cohortParticipants[index];
  if (!row) throw new Error(`cohort has a participant ${index}`);
  return row;
}

/** Every way the roster person's phone could be written in a message. */
function phoneForms(phone: string): string[] {
  const subscriber = phone.replace(/^\+62/, "");
  return [phone, `62${subscriber}`, `0${subscriber}`, subscriber];
}

describe("identity at registration", () => {
  let bot: TestBot;
  let programId: string;
  let otherProgramId: string;
  let code: string;
  const clock = fixedClock(now);
  const coordinatorId = 9101;
  const otherCoordinatorId = 9102;
  const secondCoordinatorId = 9103;
  const unitCoordinatorId = 9104;
  const holderId = 9200;
  // Roster rows: 0 is registered to account 9200; the others are free.
  const registered = rosterRow(0);

  beforeAll(async () => {
    bot = await startTestBot({ clock });
    const db = bot.db.prisma;
    programId = (await seedCohort(db, { startDate })).programId;
    otherProgramId = (await seedCohort(db, { startDate, participants: [] })).programId;
    code = await participantInvite();
    await grantRole(db, coordinatorId, "COORDINATOR", programId);
    await grantRole(db, secondCoordinatorId, "COORDINATOR", programId);
    await grantRole(db, otherCoordinatorId, "COORDINATOR", otherProgramId);
    const hostUnit = await db.hostUnit.findFirstOrThrow({ where: { programId } });
    await grantRole(db, unitCoordinatorId, "COORDINATOR", programId, hostUnit.id);
    const holder = await db.person.create({
      data: {
        fullName: registered.fullName,
        nip: registered.nip,
        nipKind: "PNS",
        position: registered.position,
        ownAgency: registered.ownAgency,
        phone: registered.phone,
      },
    });
    await db.telegramAccount.create({
      data: { telegramUserId: BigInt(holderId), personId: holder.id, firstName: "Pemilik" },
    });
    await db.enrollment.create({ data: { personId: holder.id, programId } });
    // Staff have talked to the bot before (Telegram delivers only to chats that did).
    for (const id of [coordinatorId, secondCoordinatorId, otherCoordinatorId, unitCoordinatorId]) {
      const staff = bot.api.user(id, { first_name: `Staf${id}` });
      await reply(staff, () => staff.sendCommand("/help"), /./);
    }
  }, 60_000);
  afterAll(() => bot.stop());

  async function participantInvite(): Promise<string> {
    const invite = await issueInvite(bot.db.prisma, {
      role: "PARTICIPANT",
      programId,
      expiresAt: null,
      maxUses: null,
      createdById: null,
    });
    return invite.code;
  }

  async function flowStep(userId: number): Promise<string | undefined> {
    const row = await bot.db.prisma.chatState.findUnique({ where: { key: `flow:${userId}` } });
    return (row?.value as { step?: string } | undefined)?.step;
  }

  /** Presses a button (forged ones too) and returns the bot's answer to that press. */
  async function press(
    user: UserHandle,
    message: number,
    data: string,
  ): Promise<CallbackAnswerRecord> {
    const before = bot.api.callbackAnswers.filter((a) => a.user_id === user.id).length;
    user.pressButton(message, data, { allowMissingButton: true });
    await bot.api.waitUntil(
      () => bot.api.callbackAnswers.filter((a) => a.user_id === user.id).length > before,
      WAIT,
    );
    const answer = bot.api.callbackAnswers.filter((a) => a.user_id === user.id).at(-1);
    if (!answer) throw new Error("the press was answered");
    return answer;
  }

  /** From /start to the answer after the own contact (the texts of both steps). */
  async function nipAndContact(user: UserHandle, nip: string, phone: string) {
    await reply(user, () => user.sendCommand(`/start ${code}`), /NIP/);
    const before = user.texts().length;
    await reply(user, () => user.sendText(nip), /nomor telepon/);
    const afterNip = user.texts().slice(before);
    const beforeContact = user.texts().length;
    await reply(
      user,
      () => user.sendContact({ phone_number: phone }),
      /nama lengkap|Persetujuan|jabatan|periksa data/,
    );
    return { afterNip, afterContact: user.texts().slice(beforeContact) };
  }

  /**
   * An unproven registration to its end: name, position, agency typed, consent, summary,
   * confirm. Returns the request message the first coordinator receives.
   */
  async function requestApproval(
    user: UserHandle,
    nip: string,
    phone: string,
    typedName: string,
  ): Promise<BotMessage> {
    const { afterContact } = await nipAndContact(user, nip, phone);
    expect(afterContact.join("\n")).toMatch(/koordinator program untuk disetujui/);
    await reply(user, () => user.sendText(typedName), /jabatan/);
    await reply(user, () => user.sendText("Penguji Sistem"), /instansi asal/);
    const consent = await reply(user, () => user.sendText("Dinas Percobaan"), /Persetujuan/);
    const summary = await reply(
      user,
      () => user.pressButton(consent, "reg:consent:yes"),
      /periksa data/,
    );
    const coordinator = bot.api.user(coordinatorId);
    const asked = coordinator.waitForMessage(
      (record) => (record.text ?? "").includes(`ID ${user.id})`),
      { onlyNew: true, ...WAIT },
    );
    await reply(user, () => user.pressButton(summary, "reg:confirm"), /menunggu persetujuan/);
    const request = await asked;
    return request as BotMessage;
  }

  async function requestOf(userId: number) {
    return bot.db.prisma.registrationRequest.findFirstOrThrow({
      where: { telegramUserId: BigInt(userId) },
      orderBy: { createdAt: "desc" },
    });
  }

  it("shows a stranger with the invite nothing of the roster person whose NIP they type; a reject frees them", async () => {
    const target = rosterRow(2);
    const stranger = bot.api.user(301, { first_name: "Orang", last_name: "Asing" });
    const request = await requestApproval(stranger, target.nip, "+6281299990301", "Orang Asing");
    const seen = stranger.texts().join("\n");
    const secrets = [
      target.fullName,
      target.position,
      target.ownAgency,
      ...phoneForms(target.phone),
    ];
    for (const secret of secrets) expect(seen, secret).not.toContain(secret);
    expect(await bot.db.prisma.person.count({ where: { nip: target.nip } })).toBe(0);

    // Only coordinators of the whole program are asked, not one limited to a host unit.
    await bot.api.user(secondCoordinatorId).waitForMessage(/ID 301\)/, WAIT);
    expect(bot.api.user(unitCoordinatorId).texts().join("\n")).not.toMatch(
      /Permintaan pendaftaran/,
    );
    // The coordinator sees who asks: Telegram name, shared phone, the NIP typed.
    expect(request.text).toContain("Orang Asing");
    expect(request.text).toContain("+6281299990301");
    expect(request.text).toMatch(/NIP yang diketik: \d{8} \d{6} \d \d{3}/);
    const buttons = (request.message?.reply_markup?.inline_keyboard ?? []).flat();
    const reject = String(buttons[1]?.callback_data);
    expect(reject).toMatch(/^reg:req:no:/);
    expect(Buffer.byteLength(reject)).toBeLessThanOrEqual(64);

    const coordinator = bot.api.user(coordinatorId);
    const told = stranger.waitForMessage(/tidak disetujui/, { onlyNew: true, ...WAIT });
    const answer = await press(coordinator, request.message_id, reject);
    expect(answer.text).toBe("Keputusan disimpan.");
    await told;
    const decided = await requestOf(301);
    expect(decided).toMatchObject({
      status: "REJECTED",
      phone: null,
      nip: null,
      telegramName: null,
    });
    expect(decided.nipMasked).toBe(maskNip(target.nip));
    expect(await bot.db.prisma.person.count({ where: { nip: target.nip } })).toBe(0);

    // Freed: the invite starts a new registration again.
    await reply(stranger, () => stranger.sendCommand(`/start ${code}`), /NIP/);
    await reply(stranger, () => stranger.sendCommand("/batal"), /Dibatalkan/);

    const audit = await bot.db.prisma.auditEntry.findMany({ where: { programId } });
    const actions = audit.map((entry) => entry.action);
    expect(actions).toContain("registration.refused");
    expect(actions).toContain("registration.request_created");
    expect(actions).toContain("registration.request_rejected");
    const allDetails = JSON.stringify(audit.map((entry) => entry.details));
    expect(allDetails).not.toContain(target.nip);
    expect(allDetails).not.toContain("81299990301");
    expect(allDetails).toContain(maskNip(target.nip));
  });

  it("answers an unknown, a registered and a roster NIP with identical texts", async () => {
    const cases = [
      { user: bot.api.user(311), nip: "199001012015031002" },
      { user: bot.api.user(312), nip: registered.nip },
      { user: bot.api.user(313), nip: rosterRow(3).nip },
    ];
    const transcripts: string[][] = [];
    for (const { user, nip } of cases) {
      const { afterNip, afterContact } = await nipAndContact(
        user,
        nip,
        `+62812999903${user.id % 100}`,
      );
      transcripts.push([...afterNip, ...afterContact]);
      expect(await flowStep(user.id)).toBe("name");
      await reply(user, () => user.sendCommand("/batal"), /Dibatalkan/);
    }
    expect(transcripts[0]?.length).toBeGreaterThan(1);
    expect(transcripts[1]).toEqual(transcripts[0]);
    expect(transcripts[2]).toEqual(transcripts[0]);
    const all = transcripts.flat().join("\n");
    expect(all).not.toMatch(/akun Telegram lain|tidak ada dalam daftar|sudah terdaftar/);
  });

  it("refuses a contact of someone else and counts it", async () => {
    const target = rosterRow(7);
    const user = bot.api.user(321, { first_name: "Peminjam" });
    await reply(user, () => user.sendCommand(`/start ${code}`), /NIP/);
    await reply(user, () => user.sendText(target.nip), /nomor telepon/);
    await reply(
      user,
      () => user.sendContact({ phone_number: target.phone, user_id: 999_999 }),
      /hanya kontak Bapak\/Ibu sendiri/,
    );
    await reply(
      user,
      () => user.sendContact({ phone_number: target.phone, user_id: null }),
      /hanya kontak Bapak\/Ibu sendiri/,
    );
    // Even the sender's own contact card, when forwarded, is not the button's answer.
    await reply(
      user,
      () =>
        bot.api.enqueueUpdate({
          message: {
            message_id: 900_001,
            date: Math.floor(now.getTime() / 1000),
            chat: { id: 321, type: "private", first_name: "Peminjam" },
            from: { id: 321, is_bot: false, first_name: "Peminjam" },
            forward_origin: {
              type: "user",
              date: Math.floor(now.getTime() / 1000),
              sender_user: { id: 321, is_bot: false, first_name: "Peminjam" },
            },
            contact: { phone_number: target.phone, first_name: "Peminjam", user_id: 321 },
          },
        }),
      /hanya kontak Bapak\/Ibu sendiri/,
    );
    expect(await flowStep(321)).toBe("phone");
    expect(user.texts().join("\n")).not.toContain(target.fullName);
    expect(await bot.db.prisma.registrationAttempt.count({ where: { telegramUserId: 321n } })).toBe(
      3,
    );
    const refusals = await bot.db.prisma.auditEntry.findMany({
      where: { action: "registration.refused", programId },
    });
    expect(refusals.map((entry) => entry.details)).toContainEqual({
      outcome: "contact_not_own",
      account: "321",
      nip: maskNip(target.nip),
    });
    await reply(user, () => user.sendCommand("/batal"), /Dibatalkan/);
  });

  it("registers with the own contact whose phone matches the roster, written 08…, 62… or +62…", async () => {
    const cases = [
      { index: 4, roster: "0812-6600-0104", contact: "+6281266000104", user: 331 },
      { index: 5, roster: "62 812 6600 0105", contact: "081266000105", user: 332 },
      { index: 6, roster: "+6281266000106", contact: "6281266000106", user: 333 },
    ];
    for (const { index, roster, contact, user: userId } of cases) {
      const row = rosterRow(index);
      await bot.db.prisma.rosterEntry.update({
        where: { programId_nip: { programId, nip: row.nip } },
        data: { phone: roster },
      });
      const user = bot.api.user(userId, { first_name: "Pemilik" });
      await reply(user, () => user.sendCommand(`/start ${code}`), /NIP/);
      await reply(user, () => user.sendText(row.nip), /nomor telepon/);
      // Nothing of the roster row before the contact.
      expect(user.texts().join("\n")).not.toContain(row.fullName);
      const consent = await reply(
        user,
        () => user.sendContact({ phone_number: contact }),
        /Persetujuan/,
      );
      expect(user.texts().join("\n")).toContain(
        `cocok dengan daftar peserta. Data Bapak/Ibu ditemukan: ${row.fullName}`,
      );
      const summary = await reply(
        user,
        () => user.pressButton(consent, "reg:consent:yes"),
        /periksa data/,
      );
      expect(summary.text).toContain(`Nama: ${row.fullName}`);
      expect(summary.text).toContain(`Jabatan: ${row.position}`);
      await reply(user, () => user.pressButton(summary, "reg:confirm"), /berhasil/);
      const person = await bot.db.prisma.person.findUniqueOrThrow({
        where: { nip: row.nip },
        include: { account: true, enrollments: true },
      });
      expect(person.phone).toBe(`+62${row.phone.replace(/^\+62/, "")}`);
      expect(person.account?.telegramUserId).toBe(BigInt(userId));
      expect(person.enrollments.map((e) => e.programId)).toEqual([programId]);
    }
  });

  it("asks the contact again in a conversation begun before proof, where the roster filled the phone", async () => {
    const row = rosterRow(11);
    const user = bot.api.user(381, { first_name: "Lama" });
    await reply(user, () => user.sendCommand("/help"), /./);
    const summaryMessageId = user.lastSent()?.message_id ?? 0;
    // The shape the flow had before: roster answers and the roster phone, no identity.
    await bot.db.prisma.chatState.create({
      data: {
        key: "flow:381",
        value: {
          flow: "registration",
          step: "summary",
          startedAt: now.toISOString(),
          data: {
            programId,
            inviteCode: code,
            sendingProvinceCode: "13",
            timeZone: "Asia/Jakarta",
            usesRoster: true,
            nip: row.nip,
            nipKind: "PNS",
            fullName: row.fullName,
            position: row.position,
            ownAgency: row.ownAgency,
            phone: row.phone,
            hasCurrentConsent: false,
            consent: { acceptedAt: now.toISOString(), telegramMessageId: 1, textVersion: "v" },
            editing: false,
            summaryMessageId,
          },
        },
      },
    });
    await reply(
      user,
      () => user.pressButton(summaryMessageId, "reg:confirm", { allowMissingButton: true }),
      /nomor telepon/,
    );
    expect(await flowStep(381)).toBe("phone");
    expect(await bot.db.prisma.person.count({ where: { nip: row.nip } })).toBe(0);
    await reply(user, () => user.sendCommand("/batal"), /Dibatalkan/);
  });

  it("sends a mismatch to the coordinators; forged presses change nothing; the approval registers, once", async () => {
    const row = rosterRow(8);
    const user = bot.api.user(341, { first_name: "Budi", last_name: "Baru", username: "budibaru" });
    const request = await requestApproval(user, row.nip, "+6281299990341", "Budi Ketik");
    expect(request.text).toContain("Budi Baru @budibaru");
    expect(request.text).toContain("+6281299990341");
    expect(request.text).toMatch(/berbeda dengan nomor di daftar peserta/);
    const approve = String(
      (request.message?.reply_markup?.inline_keyboard ?? []).flat()[0]?.callback_data,
    );
    expect(approve).toMatch(/^reg:req:ok:/);

    // Restart-safe: the request lives in the database.
    await bot.restartBot();

    // The requester forging the coordinator's button on a message of their own chat.
    const own = user.lastSent()?.message_id ?? 0;
    expect((await press(user, own, approve)).text).toMatch(/hanya untuk koordinator/);
    // A coordinator of another program.
    const other = bot.api.user(otherCoordinatorId);
    const otherMessage = other.lastSent()?.message_id ?? 0;
    expect((await press(other, otherMessage, approve)).text).toMatch(/hanya untuk koordinator/);
    // A coordinator whose role was revoked.
    await bot.db.prisma.roleGrant.updateMany({
      where: { person: { account: { telegramUserId: BigInt(secondCoordinatorId) } } },
      data: { revokedAt: now },
    });
    const revoked = bot.api.user(secondCoordinatorId);
    const revokedMessage = revoked.lastSent()?.message_id ?? 0;
    expect((await press(revoked, revokedMessage, approve)).text).toMatch(/hanya untuk koordinator/);
    expect((await requestOf(341)).status).toBe("PENDING");
    expect(await bot.db.prisma.person.count({ where: { nip: row.nip } })).toBe(0);
    expect(
      await bot.db.prisma.auditEntry.count({
        where: { action: "registration.request_decision_denied", programId },
      }),
    ).toBe(3);

    const coordinator = bot.api.user(coordinatorId);
    const told = user.waitForMessage(/disetujui/, { onlyNew: true, ...WAIT });
    const confirmed = coordinator.waitForMessage(/sekarang terdaftar/, { onlyNew: true, ...WAIT });
    expect((await press(coordinator, request.message_id, approve)).text).toBe(
      "Keputusan disimpan.",
    );
    await told;
    expect((await confirmed).text).toContain(row.fullName);
    const person = await bot.db.prisma.person.findUniqueOrThrow({
      where: { nip: row.nip },
      include: { account: true, enrollments: true },
    });
    // As if proven: the roster's answers, the shared phone.
    expect(person).toMatchObject({ fullName: row.fullName, phone: "+6281299990341" });
    expect(person.account?.telegramUserId).toBe(341n);
    expect(person.enrollments).toHaveLength(1);
    expect(await requestOf(341)).toMatchObject({ status: "APPROVED", phone: null, nip: null });

    // The first decision wins: pressing again (approve or reject) changes nothing.
    const reject = approve.replace(":ok:", ":no:");
    expect((await press(coordinator, request.message_id, approve)).text).toMatch(
      /sudah diputuskan/,
    );
    expect((await press(coordinator, request.message_id, reject)).text).toMatch(/sudah diputuskan/);
    expect((await requestOf(341)).status).toBe("APPROVED");
    expect(await bot.db.prisma.enrollment.count({ where: { personId: person.id } })).toBe(1);
  });

  it("never hands a registered NIP to a second account: approval is refused to the coordinator", async () => {
    const user = bot.api.user(351, { first_name: "Pengambil" });
    const request = await requestApproval(user, registered.nip, "+6281299990351", "Pengambil");
    expect(request.text).toMatch(/sudah terdaftar atas akun Telegram lain/);
    const approve = String(
      (request.message?.reply_markup?.inline_keyboard ?? []).flat()[0]?.callback_data,
    );
    const coordinator = bot.api.user(coordinatorId);
    // Pressed in a group (a forged button there): nothing is decided or posted to the group.
    const group = bot.api.group(-100_700, "Grup Panitia");
    group.addBot(coordinator);
    const groupMessage = group.waitForMessage(/./, { onlyNew: true, ...WAIT });
    group.sendCommand(coordinator, "/help");
    const inGroup = (await groupMessage).message_id ?? 0;
    const groupTexts = group.texts().length;
    const answers = bot.api.callbackAnswers.length;
    group.pressButton(coordinator, inGroup, approve, { allowMissingButton: true });
    await bot.api.waitUntil(() => bot.api.callbackAnswers.length > answers, WAIT);
    expect(bot.api.callbackAnswers.at(-1)?.text).toMatch(/chat pribadi/);
    expect(group.texts().length).toBe(groupTexts);

    const answer = await press(coordinator, request.message_id, approve);
    expect(answer.show_alert).toBe(true);
    expect(answer.text).toMatch(/sudah terikat pada akun Telegram lain/);
    expect((await requestOf(351)).status).toBe("PENDING");
    const holder = await bot.db.prisma.person.findUniqueOrThrow({
      where: { nip: registered.nip },
      include: { account: true },
    });
    expect(holder.account?.telegramUserId).toBe(BigInt(holderId));
    expect(
      await bot.db.prisma.auditEntry.count({
        where: { action: "registration.request_approval_refused" },
      }),
    ).toBe(1);
    // Waiting: the invite again says so instead of starting over.
    await reply(user, () => user.sendCommand(`/start ${code}`), /masih menunggu persetujuan/);
    const told = user.waitForMessage(/tidak disetujui/, { onlyNew: true, ...WAIT });
    await press(coordinator, request.message_id, approve.replace(":ok:", ":no:"));
    await told;
  });

  it(`refuses the ${MAX_REFUSED_ATTEMPTS_PER_ACCOUNT + 1}th unproven NIP of an account within the hour, even after a restart`, async () => {
    const user = bot.api.user(361, { first_name: "Penebak" });
    for (let attempt = 0; attempt < MAX_REFUSED_ATTEMPTS_PER_ACCOUNT; attempt++) {
      const nip = `1990010120150310${String(10 + attempt)}`;
      const { afterContact } = await nipAndContact(user, nip, "+6281299990361");
      expect(afterContact.join("\n")).toMatch(/untuk disetujui/);
      await reply(user, () => user.sendCommand("/batal"), /Dibatalkan/);
    }
    await bot.restartBot();
    await reply(user, () => user.sendCommand(`/start ${code}`), /NIP/);
    const refused = await reply(
      user,
      () => user.sendText("199001012015031020"),
      /terlalu banyak percobaan/,
    );
    expect(refused.text).toContain(`${IDENTITY_ATTEMPT_WINDOW_MINUTES} menit`);
    expect(await flowStep(361)).toBeUndefined();
    const limited = await bot.db.prisma.auditEntry.findMany({
      where: { action: "registration.refused" },
    });
    expect(limited.map((entry) => entry.details)).toContainEqual({
      outcome: "attempts_limited",
      account: "361",
      nip: maskNip("199001012015031020"),
    });
    // After the window, the account may try again.
    clock.advance((IDENTITY_ATTEMPT_WINDOW_MINUTES + 1) * 60_000);
    try {
      await reply(user, () => user.sendCommand(`/start ${code}`), /NIP/);
      await reply(user, () => user.sendText("199001012015031020"), /nomor telepon/);
      await reply(user, () => user.sendCommand("/batal"), /Dibatalkan/);
    } finally {
      clock.set(now);
    }
  });

  it("stops requests through an invite that collected too many refusals, but not a matching owner", async () => {
    const limitedCode = await participantInvite();
    await bot.db.prisma.registrationAttempt.createMany({
      data: Array.from({ length: MAX_REFUSED_ATTEMPTS_PER_INVITE }, (_, index) => ({
        telegramUserId: BigInt(50_000 + index),
        inviteCode: limitedCode,
        programId,
        outcome: "phone_mismatch",
        createdAt: now,
      })),
    });
    const guesser = bot.api.user(371);
    await reply(guesser, () => guesser.sendCommand(`/start ${limitedCode}`), /NIP/);
    await reply(guesser, () => guesser.sendText(rosterRow(9).nip), /nomor telepon/);
    await reply(
      guesser,
      () => guesser.sendContact({ phone_number: "+6281299990371" }),
      /terlalu banyak percobaan/,
    );
    expect(await bot.db.prisma.registrationRequest.count({ where: { telegramUserId: 371n } })).toBe(
      0,
    );

    const owner = rosterRow(10);
    const user = bot.api.user(372);
    await reply(user, () => user.sendCommand(`/start ${limitedCode}`), /NIP/);
    await reply(user, () => user.sendText(owner.nip), /nomor telepon/);
    await reply(user, () => user.sendContact({ phone_number: owner.phone }), /Persetujuan/);
    expect(user.texts().join("\n")).toContain(owner.fullName);
    await reply(user, () => user.sendCommand("/batal"), /Dibatalkan/);
  });
});
