import type { SentRecord, UserHandle } from "@tandang/fake-bot-api";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SeededCohort, seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { compactId } from "../../src/shared/compact-id.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { reply } from "../support/reply.ts";

/**
 * Issue 9 items 2-3, replayed through the fake Bot API as an attacker would: a host coordinator
 * limited to one agency, a coordinator of another program, a participant pressing staff buttons,
 * a revoked coordinator with a scheduled announcement, and personal-data commands in a group.
 */
const adminId = 900;
const limitedId = 810; // host-side coordinator limited to the first host unit
const wholeId = 811; // coordinator of the whole program (its creator)
const otherId = 812; // coordinator of another program
const participantBase = 7000;
const groupId = -100600;
const long = { timeoutMs: 20_000 };
const scopeDenied = /di luar cakupan peran/;

function buttonsOf(record: SentRecord | undefined): string[] {
  return (record?.message?.reply_markup?.inline_keyboard ?? [])
    .flat()
    .map((button) => String(button.callback_data));
}

describe("role scope, scheduled broadcasts and group chats (issue 9 items 2-3)", () => {
  let bot: TestBot;
  let cohort: SeededCohort;
  let programB: string;
  let limited: UserHandle;
  let whole: UserHandle;
  let other: UserHandle;
  let admin: UserHandle;
  let limitedGrantId: string;
  /** Participant n: name, NIP, enrollment; 0 and 1 are placed in unit 0, 2 and 3 in unit 1. */
  let people: { name: string; nip: string; enrollmentId: string; telegramId: number }[];
  let units: { id: string; name: string; shortName: string }[];
  // Tuesday 24 November 2026, 12:00 WIB: the program runs since Monday; no reminder is due.
  const clock = fixedClock(new Date("2026-11-24T05:00:00Z"));

  beforeAll(async () => {
    bot = await startTestBot({ clock, env: { ADMIN_TELEGRAM_IDS: String(adminId) } });
    const db = bot.db.prisma;
    cohort = await seedCohort(db, {
      startDate: "2026-11-23",
      telegramIdBase: participantBase,
      placed: true,
    });
    programB = (await seedCohort(db, { startDate: "2026-11-23", participants: [] })).programId;
    const unitRows = await db.hostUnit.findMany({ where: { programId: cohort.programId } });
    units = cohort.hostUnitIds.map((id) => {
      const row = unitRows.find((unit) => unit.id === id);
      return { id, name: row?.name ?? "", shortName: row?.shortName ?? "" };
    });
    people = [];
    for (const participant of cohort.participants) {
      const person = await db.person.findUniqueOrThrow({ where: { id: participant.personId } });
      people.push({
        name: person.fullName,
        nip: participant.nip,
        enrollmentId: participant.enrollmentId,
        telegramId: Number(participant.telegramUserId),
      });
      const id = Number(participant.telegramUserId);
      bot.api.registerChat({ id, type: "private", first_name: `P${id}` });
    }
    const staff = async (
      telegramId: number,
      programId: string,
      extra: { hostUnitId?: string; side?: "HOST" } = {},
    ) =>
      db.person.create({
        data: {
          fullName: `Koordinator ${telegramId}`,
          account: { create: { telegramUserId: BigInt(telegramId), firstName: "Koor" } },
          roles: { create: { role: "COORDINATOR", programId, ...extra } },
        },
        include: { roles: true },
      });
    const limitedPerson = await staff(limitedId, cohort.programId, {
      hostUnitId: units[0]?.id ?? "",
      side: "HOST",
    });
    limitedGrantId = limitedPerson.roles[0]?.id ?? "";
    await staff(wholeId, cohort.programId);
    await staff(otherId, programB);
    for (const id of [limitedId, wholeId, otherId, adminId]) {
      bot.api.registerChat({ id, type: "private", first_name: `Staf ${id}` });
    }
    limited = bot.api.user(limitedId, { first_name: "Terbatas" });
    whole = bot.api.user(wholeId, { first_name: "Penuh" });
    other = bot.api.user(otherId, { first_name: "Lain" });
    admin = bot.api.user(adminId, { first_name: "Admin" });
  });
  afterAll(() => bot.stop());

  const person = (index: number) => {
    const found = people[index];
    if (!found) throw new Error(`participant ${index}`);
    return found;
  };
  const unit = (index: number) => {
    const found = units[index];
    if (!found) throw new Error(`unit ${index}`);
    return found;
  };

  /** Presses forged data on the user's last message; resolves with the callback answer text. */
  async function press(user: UserHandle, data: string): Promise<string> {
    const messageId =
      user.lastSent()?.message_id ??
      (await reply(user, () => user.sendCommand("/help"), /Bantuan/)).message_id ??
      0;
    const before = bot.api.callbackAnswers.length;
    user.pressButton(messageId, data, { allowMissingButton: true });
    await bot.api.waitUntil(() =>
      bot.api.callbackAnswers.slice(before).some((answer) => answer.user_id === user.id),
    );
    const answer = bot.api.callbackAnswers
      .slice(before)
      .find((candidate) => candidate.user_id === user.id);
    return String(answer?.text ?? "");
  }

  async function workbookText(fileId: string): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bot.api.fileContent(fileId) as never);
    const cells: string[] = [];
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          cells.push(String(cell.value));
        });
      }),
    );
    return cells.join("\n");
  }

  it("shows a coordinator limited to one agency only that agency in /status, /peserta and /rekap", async () => {
    const status = await reply(limited, () => limited.sendCommand("/status"), /Jumlah peserta/);
    expect(status.text).toContain(unit(0).shortName);
    expect(status.text).toContain("Jumlah peserta: 2");
    for (const outside of units.slice(1)) expect(status.text).not.toContain(outside.shortName);

    const drill = await reply(
      limited,
      () => limited.sendCommand(`/status ${unit(1).shortName}`),
      /tidak ditemukan/,
    );
    expect(drill.text).not.toContain(person(2).name);

    await reply(
      limited,
      () => limited.sendCommand(`/peserta ${person(2).nip}`),
      /Peserta .* tidak ditemukan/,
    );
    const card = await reply(
      limited,
      () => limited.sendCommand(`/peserta ${person(0).nip}`),
      new RegExp(person(0).name),
    );
    expect(card.text).toContain(unit(0).shortName);
    // A forged card button for a participant of another agency shows nothing.
    await press(limited, `status:person:${compactId(person(2).enrollmentId)}`);
    await limited.waitForMessage(/tidak dapat Bapak\/Ibu lihat/);
    expect(limited.texts().join("\n")).not.toContain(person(2).name);

    const before = bot.api.sent(limitedId).length;
    limited.sendCommand("/rekap");
    const uploads = () =>
      bot.api
        .sent(limitedId)
        .slice(before)
        .filter((record) => record.method === "sendDocument");
    await bot.api.waitUntil(() => uploads().length >= 2, long);
    const [xlsx, csv] = uploads();
    // The CSV prints NIPs grouped ("19750101 199904 2 001") so spreadsheets keep them as text.
    const csvText = (
      bot.api.fileContent(csv?.uploads?.[0]?.file_id ?? "")?.toString("utf8") ?? ""
    ).replace(/\b(\d{8}) (\d{6}) (\d) (\d{3})\b/g, "$1$2$3$4");
    const xlsxText = await workbookText(xlsx?.uploads?.[0]?.file_id ?? "");
    for (const text of [csvText, xlsxText]) {
      expect(text).toContain(person(0).nip);
      expect(text).toContain(person(1).nip);
      for (const outside of people.slice(2)) expect(text).not.toContain(outside.nip);
    }
  });

  it("refuses import rows for another agency by line and column, and a roster import", async () => {
    await reply(
      limited,
      () => limited.sendCommand("/impor peserta"),
      /berlaku untuk seluruh program/,
    );
    await reply(limited, () => limited.sendCommand("/impor penempatan"), /Silakan kirim berkas/);
    const rows = [
      "nip,instansi",
      `${person(0).nip},${unit(0).shortName}`,
      `${person(1).nip},${unit(1).shortName}`,
      `${person(2).nip},${unit(0).shortName}`,
    ].join("\n");
    const problems = await reply(
      limited,
      () =>
        limited.sendDocument({
          file_name: "penempatan.csv",
          mime_type: "text/csv",
          content: Buffer.from(rows),
        }),
      /Ditemukan 2 masalah/,
    );
    expect(problems.text).toMatch(/Baris 3, kolom instansi: instansi ini di luar cakupan/);
    expect(problems.text).toMatch(
      /Baris 4, kolom nip: peserta ini ditempatkan di instansi di luar/,
    );
    const placements = await bot.db.prisma.enrollment.findMany({
      where: { id: { in: [person(1).enrollmentId, person(2).enrollmentId] } },
      orderBy: { id: "asc" },
    });
    for (const placement of placements) {
      const index = placement.id === person(1).enrollmentId ? 0 : 1;
      expect(placement.hostUnitId).toBe(unit(index).id);
    }
  });

  it("lets a limited coordinator place one participant within its own agency only", async () => {
    await reply(
      limited,
      () => limited.sendCommand("/tempatkanotomatis"),
      /berlaku untuk seluruh program/,
    );
    // Participant 2 is placed at another agency: moving them away from it is outside the scope.
    await reply(
      limited,
      () => limited.sendCommand(`/tempatkan ${person(2).nip} ${unit(0).shortName}`),
      scopeDenied,
    );
    const moved = await bot.db.prisma.enrollment.findUniqueOrThrow({
      where: { id: person(2).enrollmentId },
    });
    expect(moved.hostUnitId).toBe(unit(1).id);
    // Another agency is not even offered as a target.
    await reply(
      limited,
      () => limited.sendCommand(`/tempatkan ${person(0).nip} ${unit(1).shortName}`),
      /tidak ditemukan/,
    );
    // A roster NIP not registered yet: placed ahead within the scope, but one kept for another
    // agency is not moved.
    const db = bot.db.prisma;
    const ahead = await db.rosterEntry.create({
      data: { programId: cohort.programId, nip: "199001012015031001", fullName: "Belum Daftar" },
    });
    await reply(
      limited,
      () => limited.sendCommand(`/tempatkan ${ahead.nip} ${unit(0).shortName}`),
      /disimpan dan berlaku saat/,
    );
    expect((await db.rosterEntry.findUniqueOrThrow({ where: { id: ahead.id } })).hostUnitId).toBe(
      unit(0).id,
    );
    await db.rosterEntry.update({ where: { id: ahead.id }, data: { hostUnitId: unit(1).id } });
    await reply(
      limited,
      () => limited.sendCommand(`/tempatkan ${ahead.nip} ${unit(0).shortName}`),
      scopeDenied,
    );
    expect((await db.rosterEntry.findUniqueOrThrow({ where: { id: ahead.id } })).hostUnitId).toBe(
      unit(1).id,
    );
  });

  it("lets a limited coordinator invite only within its scope; only administrators invite without limits", async () => {
    const invites = () => bot.db.prisma.invite.count();
    expect(await invites()).toBe(0);
    const picker = await reply(
      limited,
      () => limited.sendCommand("/undang koordinator"),
      /Koordinator untuk instansi yang mana/,
    );
    expect(buttonsOf(picker)).toEqual([`inv:ku:${unit(0).id}`]);
    // Forged coordinator buttons of any side lead to the same choice among its own agency.
    for (const forged of ["KN", "KS", "KH"]) {
      const again = limited.waitForMessage(/Koordinator untuk instansi yang mana/, {
        onlyNew: true,
      });
      await press(limited, `inv:new:${forged}:${cohort.programId}`);
      expect(buttonsOf(await again)).toEqual([`inv:ku:${unit(0).id}`]);
    }
    for (const forged of [
      `inv:new:JN:${cohort.programId}`,
      `inv:new:PN:${cohort.programId}`,
      `inv:ku:${unit(1).id}`,
      `inv:u:${unit(1).id}`,
    ]) {
      const refusal = limited.waitForMessage(scopeDenied, { onlyNew: true });
      await press(limited, forged);
      await refusal;
    }
    await reply(limited, () => limited.sendCommand("/undang pejabat"), scopeDenied);
    expect(await invites()).toBe(0);

    await reply(
      limited,
      () => limited.pressButton(picker.message_id ?? 0, `inv:ku:${unit(0).id}`),
      /Tautan undangan/,
    );
    const narrow = await bot.db.prisma.invite.findFirstOrThrow();
    expect([narrow.role, narrow.side, narrow.hostUnitId]).toEqual([
      "COORDINATOR",
      "HOST",
      unit(0).id,
    ]);

    // A coordinator of the whole program must still name a side; an administrator need not.
    await reply(whole, () => whole.sendCommand("/undang koordinator"), /Sebutkan pihak/);
    expect(await invites()).toBe(1);
    await reply(admin, () => admin.sendCommand("/undang koordinator"), /Untuk program yang mana/);
    const adminPick = admin.lastSent();
    await reply(
      admin,
      () => admin.pressButton(adminPick?.message_id ?? 0, `inv:new:KN:${cohort.programId}`),
      /Tautan undangan/,
    );
    const unlimited = await bot.db.prisma.invite.findFirstOrThrow({
      where: { id: { not: narrow.id } },
    });
    expect([unlimited.role, unlimited.side, unlimited.hostUnitId]).toEqual([
      "COORDINATOR",
      null,
      null,
    ]);
  });

  it("lets a coordinator review check-ins of its own agency only", async () => {
    const db = bot.db.prisma;
    const pending = async (index: number) =>
      db.checkIn.create({
        data: {
          enrollmentId: person(index).enrollmentId,
          programId: cohort.programId,
          hostUnitId: unit(Math.floor(index / 2)).id,
          localDate: new Date("2026-11-24T00:00:00Z"),
          status: "HADIR",
          review: "PENDING",
          latitude: -7.3,
          longitude: 112.7,
          insideGeofence: false,
        },
      });
    const outside = await pending(2);
    const inside = await pending(0);
    expect(await press(limited, `checkin:review:${outside.id}:ok`)).toMatch(/tidak berwenang/);
    expect(await press(other, `checkin:review:${inside.id}:ok`)).toMatch(/tidak berwenang/);
    expect(await press(limited, `checkin:review:${inside.id}:ok`)).toMatch(/disimpan/);
    const reviews = await db.checkIn.findMany({ where: { id: { in: [outside.id, inside.id] } } });
    expect(Object.fromEntries(reviews.map((row) => [row.id, row.review]))).toEqual({
      [outside.id]: "PENDING",
      [inside.id]: "CONFIRMED",
    });
  });

  it("refuses a participant pressing staff buttons, and a coordinator of another program, changing nothing", async () => {
    const db = bot.db.prisma;
    const participant = bot.api.user(person(3).telegramId);
    const checkIn = await db.checkIn.findFirstOrThrow({ where: { review: "PENDING" } });
    const invitesBefore = await db.invite.count();
    expect(await press(participant, `checkin:review:${checkIn.id}:no`)).toMatch(/tidak berwenang/);
    for (const forged of [
      `inv:new:KN:${cohort.programId}`,
      `inv:ku:${unit(1).id}`,
      `bc:list:${cohort.programId}`,
      `imp:prog:${cohort.programId}`,
      `libur:prog:${cohort.programId}`,
    ]) {
      expect(await press(participant, forged)).toMatch(/hanya untuk koordinator/);
      expect(await press(other, forged)).toMatch(/hanya untuk koordinator/);
    }
    const status = await reply(other, () => other.sendCommand("/status"), /Jumlah peserta/);
    expect(status.text).toContain("Jumlah peserta: 0");
    await reply(
      other,
      () => other.sendCommand(`/peserta ${person(0).nip}`),
      /Peserta .* tidak ditemukan/,
    );
    expect((await db.checkIn.findUniqueOrThrow({ where: { id: checkIn.id } })).review).toBe(
      "PENDING",
    );
    expect(await db.invite.count()).toBe(invitesBefore);
    expect(await db.holiday.count({ where: { kind: "PROGRAM" } })).toBe(0);
    expect(bot.api.unansweredCallbackQueries()).toEqual([]);
  });

  it("answers personal-data commands in a group with one line and posts nothing personal", async () => {
    const group = bot.api.group(groupId, "Panitia Magang");
    group.addBot(whole);
    const sentBefore = group.sent().length;
    for (const [user, command] of [
      [whole, `/peserta ${person(0).name}`],
      [whole, "/rekap"],
      [whole, "/status"],
      [whole, `/status ${unit(0).shortName}`],
      [whole, "/undang peserta"],
      [admin, "/audit"],
      [bot.api.user(person(0).telegramId), "/dataku"],
      [bot.api.user(person(0).telegramId), "/riwayat"],
    ] as const) {
      const line = group.waitForMessage(/hanya dijawab di chat pribadi/, { onlyNew: true });
      group.sendCommand(user, command);
      expect((await line).text).toContain("t.me/");
    }
    const linked = group.waitForMessage(/akan menerima rekap harian/, { onlyNew: true });
    group.sendCommand(whole, "/grupkoordinator");
    await linked;
    const posted = group.sent().slice(sentBefore);
    expect(posted.every((record) => record.method === "sendMessage")).toBe(true);
    const text = posted.map((record) => record.text ?? "").join("\n");
    for (const participant of people) {
      expect(text).not.toContain(participant.name);
      expect(text).not.toContain(participant.nip);
    }
    expect(await bot.db.prisma.invite.count({ where: { role: "PARTICIPANT" } })).toBe(0);
  });

  it("sends the daily recap to the group as counts only, and to each coordinator within its scope", async () => {
    clock.set(new Date("2026-11-24T10:00:00Z")); // 17:00 WIB
    await bot.app.background.scheduler.runTick();
    const recapOf = (id: number) => (record: SentRecord) =>
      record.chat_id === id && /Rekap harian/.test(record.text ?? "");
    await bot.api.waitUntil(
      () => [groupId, wholeId, limitedId].every((id) => bot.api.sent(id).some(recapOf(id))),
      long,
    );
    const recap = (id: number) => bot.api.sent(id).find(recapOf(id))?.text ?? "";
    // Participants 1 and 3 never checked in: the coordinators see who, the group only how many.
    expect(recap(wholeId)).toContain(person(1).name);
    expect(recap(wholeId)).toContain(person(3).name);
    expect(recap(limitedId)).toContain(person(1).name);
    expect(recap(limitedId)).not.toContain(person(3).name);
    expect(recap(groupId)).toMatch(/Tanpa keterangan|Belum presensi/);
    for (const participant of people) expect(recap(groupId)).not.toContain(participant.name);
  });

  it("lists scheduled announcements and cancels one with a button (audited)", async () => {
    clock.set(new Date("2026-11-24T05:00:00Z"));
    const id = await schedule(whole, "Rapat koordinasi Rabu pagi.", "bc:aud:all", /26 orang/);
    const list = await reply(whole, () => whole.sendCommand("/pengumuman"), /terjadwal/);
    expect(list.text).toContain("Rapat koordinasi Rabu pagi.");
    expect(buttonsOf(list)).toEqual([`bc:del:${id}`]);
    // Nobody else may cancel it: a coordinator limited to one agency (not its creator), another
    // program's coordinator, a participant.
    expect(await press(limited, `bc:del:${id}`)).toMatch(scopeDenied);
    await reply(limited, () => limited.sendCommand("/pengumuman"), /Tidak ada pengumuman/);
    expect(await press(other, `bc:del:${id}`)).toMatch(/hanya untuk koordinator/);
    expect(await press(bot.api.user(person(0).telegramId), `bc:del:${id}`)).toMatch(
      /hanya untuk koordinator/,
    );
    await reply(
      whole,
      () => whole.pressButton(list.message_id ?? 0, `bc:del:${id}`),
      /dibatalkan; tidak ada yang dikirim/,
    );
    const row = await bot.db.prisma.broadcast.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("CANCELLED");
    const audit = await bot.db.prisma.auditEntry.findFirstOrThrow({
      where: { action: "broadcast.cancelled" },
    });
    expect(audit.details).toMatchObject({ broadcastId: id, reason: "cancelled_by_coordinator" });
    await reply(whole, () => whole.sendCommand("/umumkan daftar"), /Tidak ada pengumuman/);
  });

  it("stores nothing when the role is revoked while the schedule time is being typed", async () => {
    clock.set(new Date("2026-11-24T05:00:00Z"));
    const deputyId = 813;
    const deputy = await bot.db.prisma.person.create({
      data: {
        fullName: "Koordinator Pengganti",
        account: { create: { telegramUserId: BigInt(deputyId) } },
        roles: { create: { role: "COORDINATOR", programId: cohort.programId } },
      },
      include: { roles: true },
    });
    const user = bot.api.user(deputyId, { first_name: "Pengganti" });
    await reply(user, () => user.sendCommand("/umumkan"), /Silakan kirim isi pengumuman/);
    const audiences = await reply(user, () => user.sendText("Tidak boleh tersimpan."), /Kepada/);
    const summary = await reply(
      user,
      () => user.pressButton(audiences.message_id ?? 0, "bc:aud:all"),
      /Kirim sekarang atau jadwalkan/,
    );
    await reply(
      user,
      () => user.pressButton(summary.message_id ?? 0, "bc:schedule"),
      /Tulis tanggal dan jam/,
    );
    await bot.db.prisma.roleGrant.update({
      where: { id: deputy.roles[0]?.id ?? "" },
      data: { revokedAt: new Date("2026-11-24T05:00:00Z") },
    });
    await reply(user, () => user.sendText("25-11-2026 08:00"), /hanya untuk koordinator/);
    expect(await bot.db.prisma.broadcast.count({ where: { text: "Tidak boleh tersimpan." } })).toBe(
      0,
    );
    expect(await bot.db.prisma.chatState.count({ where: { key: `flow:${deputyId}` } })).toBe(0);
  });

  it("cancels a revoked coordinator's scheduled announcement when it is due and tells the creator", async () => {
    clock.set(new Date("2026-11-24T05:00:00Z"));
    // The limited coordinator addresses its own agency's participants only (2 of 26).
    const id = await schedule(limited, "Kumpul di lobi pukul 07.30.", "bc:aud:all", /2 orang/);
    await bot.db.prisma.roleGrant.update({
      where: { id: limitedGrantId },
      data: { revokedAt: new Date("2026-11-24T06:00:00Z") },
    });
    clock.set(new Date("2026-11-25T01:00:00Z"));
    const tick = await bot.app.background.scheduler.runTick();
    expect(tick.broadcasts).toEqual([]);
    expect(tick.cancelledBroadcasts).toEqual([id]);
    await limited.waitForMessage(/dibatalkan dan tidak dikirim kepada siapa pun/, long);
    const row = await bot.db.prisma.broadcast.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("CANCELLED");
    expect(await bot.db.prisma.outboxMessage.count({ where: { broadcastId: id } })).toBe(0);
    for (const participant of people) {
      expect(bot.api.sent(participant.telegramId).map((r) => r.text)).not.toContain(
        "Kumpul di lobi pukul 07.30.",
      );
    }
    // A second tick changes nothing.
    expect((await bot.app.background.scheduler.runTick()).cancelledBroadcasts).toEqual([]);
  });

  /** Composes and schedules an announcement for 25-11-2026 08:00 WIB; returns its id. */
  async function schedule(
    user: UserHandle,
    text: string,
    audience: string,
    count: RegExp,
  ): Promise<string> {
    await reply(user, () => user.sendCommand("/umumkan"), /Silakan kirim isi pengumuman/);
    const audiences = await reply(user, () => user.sendText(text), /Kepada siapa/);
    // Staff audiences are offered to coordinators of the whole program only.
    expect(buttonsOf(audiences).includes("bc:aud:coordinators")).toBe(user === whole);
    const summary = await reply(
      user,
      () => user.pressButton(audiences.message_id ?? 0, audience),
      /Kirim sekarang atau jadwalkan/,
    );
    expect(summary.text).toMatch(count);
    await reply(
      user,
      () => user.pressButton(summary.message_id ?? 0, "bc:schedule"),
      /Tulis tanggal dan jam/,
    );
    await reply(user, () => user.sendText("25-11-2026 08:00"), /dijadwalkan pada/);
    const row = await bot.db.prisma.broadcast.findFirstOrThrow({
      where: { status: "SCHEDULED", text },
    });
    return row.id;
  }
});
