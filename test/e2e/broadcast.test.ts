import type { SentRecord, UserHandle } from "@tandang/fake-bot-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { CHECKIN_START_CALLBACK } from "../../src/features/check-in/check-in.callbacks.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { eventually } from "../support/eventually.ts";

const coordinatorId = 900;
const participantBase = 7000;
const long = { timeoutMs: 60_000 };

/** Inline buttons of a message as [text, callback_data]. */
function buttonsOf(record: SentRecord): [string, string][] {
  const rows = record.message?.reply_markup?.inline_keyboard ?? [];
  return rows.flat().map((button) => [button.text, String(button.callback_data)]);
}

describe("/umumkan: announcements through the durable queue (e2e)", () => {
  let bot: TestBot;
  let coordinator: UserHandle;
  let programId: string;
  let hostUnitIds: string[];
  let participantIds: number[];
  // Tuesday 24 November 2026, 12:00 WIB: no reminder is due, so only announcements go out.
  const clock = fixedClock(new Date("2026-11-24T05:00:00Z"));

  beforeAll(async () => {
    bot = await startTestBot({ clock });
    const cohort = await seedCohort(bot.db.prisma, {
      startDate: "2026-11-23",
      telegramIdBase: participantBase,
      placed: true,
    });
    programId = cohort.programId;
    hostUnitIds = cohort.hostUnitIds;
    participantIds = cohort.participants.map((p) => Number(p.telegramUserId));
    await bot.db.prisma.person.create({
      data: {
        fullName: "Koordinator BPSDM",
        account: { create: { telegramUserId: BigInt(coordinatorId) } },
        roles: { create: { role: "COORDINATOR", programId } },
      },
    });
    // Everyone but the last participant has written to the bot; one has blocked it since.
    for (const id of participantIds.slice(0, -1)) {
      bot.api.registerChat({ id, type: "private", first_name: `P${id}` });
    }
    bot.api.blockUser(participantIds[3] ?? 0);
    coordinator = bot.api.user(coordinatorId, { first_name: "Koordinator" });
  });
  afterAll(() => bot.stop());

  const press = async (message: SentRecord, data: string) => {
    // Buttons are taken off a message once used: pressing again is what a stale tap looks like.
    coordinator.pressButton(message.message_id ?? 0, data, { allowMissingButton: true });
  };

  it("composes, previews exactly as sent, sends to the whole program and reports who was not reached", async () => {
    coordinator.sendCommand("/umumkan");
    await coordinator.waitForMessage(/Silakan kirim isi pengumuman untuk/);
    const announcement = "Rapat evaluasi besok pukul 09.00 di aula BPSDM. Mohon hadir tepat waktu.";
    coordinator.sendText(announcement);
    const audience = await coordinator.waitForMessage(/Kepada siapa pengumuman ini/);
    expect(buttonsOf(audience).map(([, data]) => data)).toEqual([
      "bc:aud:all",
      "bc:aud:unit",
      "bc:aud:absent",
      "bc:aud:coordinators",
      "bc:aud:officials",
    ]);
    await press(audience, "bc:aud:all");
    const summary = await coordinator.waitForMessage(/Kirim sekarang atau jadwalkan/);
    expect(summary.text).toContain("Seluruh peserta program (26 orang)");
    // The preview is the announcement itself, just as participants will get it.
    expect(coordinator.texts()).toContain(announcement);
    await press(summary, "bc:send");

    const report = await coordinator.waitForMessage(/Laporan pengiriman pengumuman/, long);
    expect(report.method).toBe("editMessageText");
    expect(report.text).toContain("Jumlah penerima: 26");
    expect(report.text).toContain("Terkirim: 24");
    expect(report.text).toContain("Gagal: 2");
    const unreachable = await bot.db.prisma.person.findMany({
      where: {
        account: {
          telegramUserId: {
            in: [BigInt(participantIds[3] ?? 0), BigInt(participantIds.at(-1) ?? 0)],
          },
        },
      },
    });
    for (const person of unreachable) expect(report.text).toContain(person.fullName);

    for (const id of participantIds) {
      const copies = bot.api.sent(id).filter((record) => record.text === announcement);
      const reachable = id !== participantIds[3] && id !== participantIds.at(-1);
      expect([id, copies.length]).toEqual([id, reachable ? 1 : 0]);
    }
    const broadcast = await bot.db.prisma.broadcast.findFirstOrThrow({ where: { programId } });
    expect(broadcast.status).toBe("DONE");
    expect(broadcast.progressMessageId).toBe(report.message_id);
    const audit = await bot.db.prisma.auditEntry.findFirstOrThrow({
      where: { action: "broadcast.queued" },
    });
    expect(audit.details).toMatchObject({ broadcastId: broadcast.id, recipients: 26 });
    const blocked = await bot.db.prisma.telegramAccount.findUniqueOrThrow({
      where: { telegramUserId: BigInt(participantIds[3] ?? 0) },
    });
    expect(blocked.unreachableAt).not.toBeNull();
    expect(bot.api.unansweredCallbackQueries()).toEqual([]);
  });

  it("lets the coordinator pick one host agency, and cancel without sending anything", async () => {
    const before = await bot.db.prisma.outboxMessage.count();
    coordinator.sendCommand("/umumkan");
    await coordinator.waitForMessage(/Silakan kirim isi pengumuman untuk/, { onlyNew: true });
    coordinator.sendSticker();
    await coordinator.waitForMessage(/hanya dapat berupa teks, foto, atau dokumen/);
    coordinator.sendText("Khusus peserta di BPSDM Jatim.");
    const audience = await coordinator.waitForMessage(/Kepada siapa/, { onlyNew: true });
    await press(audience, "bc:aud:unit");
    const units = await coordinator.waitForMessage(/Pilih instansi penempatan/);
    const unitButtons = buttonsOf(units);
    expect(unitButtons).toHaveLength(hostUnitIds.length);
    const unit = await bot.db.prisma.hostUnit.findUniqueOrThrow({ where: { id: hostUnitIds[0] } });
    await press(units, `bc:unit:${unit.id}`);
    const summary = await coordinator.waitForMessage(/Kirim sekarang atau jadwalkan/, {
      onlyNew: true,
    });
    expect(summary.text).toContain(`${unit.name} (2 orang)`);
    await press(summary, "bc:cancel");
    await coordinator.waitForMessage(/Pengumuman dibatalkan/);
    expect(await bot.db.prisma.outboxMessage.count()).toBe(before);
    // The same button again, now stale: answered politely, nothing happens.
    await press(summary, "bc:send");
    await bot.api.waitUntil(() =>
      bot.api.callbackAnswers.some((answer) => /sudah tidak berlaku/.test(String(answer.text))),
    );
    expect(await bot.db.prisma.outboxMessage.count()).toBe(before);
  });

  it("schedules a photo announcement in the host zone and sends it when its time comes", async () => {
    coordinator.sendCommand("/umumkan");
    await coordinator.waitForMessage(/Silakan kirim isi pengumuman untuk/, { onlyNew: true });
    coordinator.sendPhoto({ caption: "Denah lokasi kunjungan lapangan" });
    const audience = await coordinator.waitForMessage(/Kepada siapa/, { onlyNew: true });
    await press(audience, "bc:aud:coordinators");
    const summary = await coordinator.waitForMessage(/Kirim sekarang atau jadwalkan/, {
      onlyNew: true,
    });
    expect(summary.text).toContain("Koordinator (1 orang)");
    await press(summary, "bc:schedule");
    await coordinator.waitForMessage(/Tulis tanggal dan jam dalam waktu WIB/);
    coordinator.sendText("besok pagi");
    await bot.api.waitUntil(
      () => coordinator.texts().filter((t) => /Tulis tanggal dan jam/.test(t)).length === 2,
    );
    coordinator.sendText("25-11-2026 08:00");
    await coordinator.waitForMessage(/dijadwalkan pada Rabu, 25 November 2026 pukul 08:00 WIB/);
    const scheduled = await bot.db.prisma.broadcast.findFirstOrThrow({
      where: { status: "SCHEDULED" },
    });
    expect(scheduled.scheduledFor?.toISOString()).toBe("2026-11-25T01:00:00.000Z");

    const photoCount = () =>
      bot.api.sent(coordinatorId).filter((record) => record.method === "sendPhoto").length;
    const photosBefore = photoCount();
    clock.set(new Date("2026-11-25T00:59:00Z"));
    expect((await bot.app.background.scheduler.runTick()).broadcasts).toEqual([]);
    clock.set(new Date("2026-11-25T01:00:00Z"));
    expect((await bot.app.background.scheduler.runTick()).broadcasts).toEqual([scheduled.id]);
    await coordinator.waitForMessage(/Jumlah penerima: 1\nTerkirim: 1\nGagal: 0/, long);
    expect(photoCount() - photosBefore).toBe(1);
    const photo = bot.api.sent(coordinatorId).filter((record) => record.method === "sendPhoto");
    expect(photo.at(-1)?.text).toBe("Denah lokasi kunjungan lapangan");
    await eventually(async () => {
      const done = await bot.db.prisma.broadcast.findUniqueOrThrow({ where: { id: scheduled.id } });
      expect(done.status).toBe("DONE");
    }, long);
  });

  it("refuses /umumkan to a participant and a forged button to a stranger", async () => {
    const participant = bot.api.user(participantIds[0] ?? 0);
    participant.sendCommand("/umumkan");
    await participant.waitForMessage(/belum ada program yang dapat Bapak\/Ibu kelola/);
    const stranger = bot.api.user(4242);
    stranger.sendText("halo");
    const reply = await stranger.waitForMessage(/./);
    stranger.pressButton(reply.message_id ?? 0, "bc:send", { allowMissingButton: true });
    await bot.api.waitUntil(() =>
      bot.api.callbackAnswers.some(
        (answer) => answer.user_id === 4242 && /sudah tidak berlaku/.test(String(answer.text)),
      ),
    );
    expect(await bot.db.prisma.broadcast.count({ where: { createdById: null } })).toBe(0);
  });

  it("refuses to send when the coordinator's role was revoked in the middle of /umumkan", async () => {
    const deputyId = 901;
    const deputy = await bot.db.prisma.person.create({
      data: {
        fullName: "Koordinator Pengganti",
        account: { create: { telegramUserId: BigInt(deputyId) } },
        roles: { create: { role: "COORDINATOR", programId } },
      },
      include: { roles: true },
    });
    const user = bot.api.user(deputyId, { first_name: "Pengganti" });
    user.sendCommand("/umumkan");
    await user.waitForMessage(/Silakan kirim isi pengumuman untuk/, { onlyNew: true });
    user.sendText("Pengumuman yang tidak boleh terkirim.");
    const audience = await user.waitForMessage(/Kepada siapa/, { onlyNew: true });
    user.pressButton(audience.message_id ?? 0, "bc:aud:all", { allowMissingButton: true });
    const summary = await user.waitForMessage(/Kirim sekarang atau jadwalkan/, { onlyNew: true });
    await bot.db.prisma.roleGrant.update({
      where: { id: deputy.roles[0]?.id ?? "" },
      data: { revokedAt: new Date() },
    });
    const broadcastsBefore = await bot.db.prisma.broadcast.count();
    const answersBefore = bot.api.callbackAnswers.length;
    user.pressButton(summary.message_id ?? 0, "bc:send", { allowMissingButton: true });
    await bot.api.waitUntil(() =>
      bot.api.callbackAnswers
        .slice(answersBefore)
        .some((answer) => answer.user_id === deputyId && /berwenang/.test(String(answer.text))),
    );
    expect(await bot.db.prisma.broadcast.count()).toBe(broadcastsBefore);
    expect(await bot.db.prisma.chatState.count({ where: { key: `flow:${deputyId}` } })).toBe(0);
  });

  it("delivers the morning reminder at 06:30 WIB with a check-in button", async () => {
    clock.set(new Date("2026-11-26T06:30:00+07:00"));
    await bot.app.background.scheduler.runTick();
    const participant = bot.api.user(participantIds[1] ?? 0);
    const reminder = await participant.waitForMessage(/Selamat pagi[\s\S]*Kamis/, long);
    expect(reminder.text).toContain("Kamis, 26 November 2026");
    expect(reminder.text).toContain("ditutup pukul 10:00 WIB");
    expect(buttonsOf(reminder).map(([, data]) => data)).toEqual([CHECKIN_START_CALLBACK]);
    await bot.app.background.scheduler.runTick();
    await eventually(async () => {
      const queued = await bot.db.prisma.outboxMessage.count({
        where: { kind: "morning_reminder", status: { in: ["PENDING", "SENDING"] } },
      });
      expect(queued).toBe(0);
    }, long);
    expect(
      participant.texts().filter((text) => /Selamat pagi[\s\S]*Kamis/.test(text)),
    ).toHaveLength(1);
  });
});
