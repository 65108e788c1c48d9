import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantRole } from "../../support/factories.ts";
import {
  type InProcessBot,
  type RecordedCall,
  startInProcessBot,
} from "../../support/in-process-bot.ts";
import { PARTICIPANT_BASE, seedWeekCohort } from "../cohort-fixture.ts";

describe("broadcast: /umumkan through the outbox, driven in process", () => {
  let t: InProcessBot;
  /** The send button as first shown, kept to press it again once it is stale. */
  let sendNowData: string | undefined;
  const coordinatorId = 910;
  /** Chats that have blocked the bot: the worker's sends to them get Telegram's 403. */
  const blocked = new Set<number>();
  beforeAll(async () => {
    t = await startInProcessBot({
      respond: (call) =>
        call.via === "worker" && blocked.has(Number(call.payload.chat_id))
          ? { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }
          : undefined,
    });
    const cohort = await seedWeekCohort(t);
    await grantRole(t.db.prisma, coordinatorId, "COORDINATOR", cohort.programId);
  });
  afterAll(() => t.stop());

  const textsTo = (calls: RecordedCall[], chatId: number) =>
    calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === chatId);

  it("sends to one host unit now; the worker delivers, a blocked chat is marked unreachable", async () => {
    blocked.add(PARTICIPANT_BASE + 1);
    const coordinator = t.user(coordinatorId);
    await coordinator.sendCommand("/umumkan");
    expect(coordinator.lastText()).toMatch(/^Silakan kirim isi pengumuman untuk Magang ASN/);
    const announcement = "Rapat evaluasi besok pukul 09.00 di aula BPSDM.";
    await coordinator.sendText(announcement);
    expect(coordinator.lastText()).toBe("Kepada siapa pengumuman ini akan dikirim?");
    await coordinator.pressButton("Peserta di satu instansi penempatan");
    expect(coordinator.lastText()).toBe("Pilih instansi penempatan:");
    await coordinator.pressButton(/BPSDM Jatim|Badan Pengembangan/);
    expect(coordinator.lastText()).toMatch(/\(2 orang\)\.\n\nKirim sekarang atau jadwalkan\?$/);
    sendNowData = coordinator
      .last()
      ?.inline?.flat()
      .find((b) => b.text === "✅ Kirim sekarang")?.data;
    await coordinator.pressButton("✅ Kirim sekarang");
    expect(coordinator.lastText()).toMatch(/^📢 Pengumuman sedang dikirim/);

    const delivered = await t.drainOutbox();
    expect(textsTo(delivered, PARTICIPANT_BASE).map((c) => c.payload.text)).toEqual([announcement]);
    expect(textsTo(delivered, PARTICIPANT_BASE + 2)).toEqual([]);
    const outbox = await t.db.prisma.outboxMessage.findMany({ orderBy: { chatId: "asc" } });
    expect(outbox.map((m) => [Number(m.chatId), m.status])).toEqual([
      [PARTICIPANT_BASE, "SENT"],
      [PARTICIPANT_BASE + 1, "UNREACHABLE"],
    ]);
    const account = await t.db.prisma.telegramAccount.findUniqueOrThrow({
      where: { telegramUserId: BigInt(PARTICIPANT_BASE + 1) },
    });
    expect(account.unreachableAt).not.toBeNull();
  });

  it("answers a second press of the same send button as stale and queues nothing more", async () => {
    const coordinator = t.user(coordinatorId);
    const before = await t.db.prisma.outboxMessage.count();
    // The keyboard is gone from the message, so press the data it carried when first shown.
    expect(sendNowData).toMatch(/^bc:/);
    const answer = await coordinator.pressCallback(sendNowData ?? "");
    expect(answer?.text).toMatch(/^Tombol ini sudah tidak berlaku\. Ketik \/umumkan/);
    expect(await t.db.prisma.outboxMessage.count()).toBe(before);
  });

  it("schedules an announcement; the scheduler tick at that time queues it and the worker sends it", async () => {
    blocked.clear();
    const coordinator = t.user(coordinatorId);
    await coordinator.sendCommand("/umumkan");
    await coordinator.sendText("Besok kegiatan dimulai pukul 08.00.");
    await coordinator.pressButton("Seluruh peserta program");
    await coordinator.pressButton("🕒 Jadwalkan");
    expect(coordinator.lastText()).toMatch(/dalam waktu WIB, misalnya 01-12-2026 08:00\.$/);
    await coordinator.sendText("01-12-2026 16:00");
    expect(coordinator.lastText()).toMatch(
      /^🕒 Pengumuman dijadwalkan pada .*1 Desember 2026 pukul 16[:.]00/,
    );
    expect(await t.drainOutbox()).toEqual([]);

    t.clock.set(new Date("2026-12-01T09:00:00Z")); // 16:00 WIB
    const tick = await t.runTick();
    expect(tick.broadcasts).toHaveLength(1);
    const delivered = await t.drainOutbox();
    expect(
      delivered
        .filter((c) => c.payload.text === "Besok kegiatan dimulai pukul 08.00.")
        .map((c) => c.payload.chat_id)
        .sort(),
    ).toEqual([0, 1, 2, 3].map((i) => PARTICIPANT_BASE + i));
  });

  it("asks again when a sticker is sent as the announcement", async () => {
    const coordinator = t.user(coordinatorId);
    await coordinator.sendCommand("/umumkan");
    await coordinator.sendSticker();
    expect(coordinator.lastText()).toMatch(
      /^Maaf, pengumuman hanya dapat berupa teks, foto, atau dokumen/,
    );
    await coordinator.sendCommand("/batal");
  });

  it("refuses a participant", async () => {
    const participant = t.user(PARTICIPANT_BASE + 3);
    await participant.sendCommand("/umumkan");
    expect(participant.lastText()).toMatch(
      /^Mohon maaf, belum ada program yang dapat Bapak\/Ibu kelola/,
    );
    expect(t.errors()).toEqual([]);
  });
});
