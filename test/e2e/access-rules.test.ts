import type { SentRecord, UserHandle } from "@tandang/fake-bot-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { issueInvite } from "../../src/features/invites/invite.service.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { reply } from "../support/reply.ts";

const denied = /hanya untuk koordinator/;
const adminId = 900;
const coordinatorA = 801;
const coordinatorB = 802;
const participantBase = 7000;

function buttonsOf(record: SentRecord): string[] {
  return (record.message?.reply_markup?.inline_keyboard ?? [])
    .flat()
    .map((b) => String(b.callback_data));
}

describe("access rules for coordinator commands and buttons", () => {
  let bot: TestBot;
  let programA: string;
  let programB: string;
  let unitA: string;

  beforeAll(async () => {
    bot = await startTestBot({
      clock: fixedClock(new Date("2026-11-24T00:30:00Z")),
      env: { ADMIN_TELEGRAM_IDS: String(adminId) },
    });
    const db = bot.db.prisma;
    const a = await seedCohort(db, { startDate: "2026-11-30", telegramIdBase: participantBase });
    programA = a.programId;
    unitA = a.hostUnitIds[0] ?? "";
    programB = (await seedCohort(db, { startDate: "2026-12-07", participants: [] })).programId;
    for (const [telegramId, programId] of [
      [coordinatorA, programA],
      [coordinatorB, programB],
    ] as const) {
      await db.person.create({
        data: {
          fullName: `Koordinator ${telegramId}`,
          account: { create: { telegramUserId: BigInt(telegramId), firstName: "Koor" } },
          roles: { create: { role: "COORDINATOR", programId } },
        },
      });
    }
  });
  afterAll(() => bot.stop());

  /** A message of the bot in the user's chat to hang forged buttons on. */
  async function anyMessageOf(user: UserHandle): Promise<number> {
    const last = user.lastSent()?.message_id;
    if (last) return last;
    return (await reply(user, () => user.sendCommand("/help"), /Bantuan/)).message_id ?? 0;
  }

  async function pressDenied(user: UserHandle, data: string) {
    const messageId = await anyMessageOf(user);
    const before = bot.api.callbackAnswers.length;
    user.pressButton(messageId, data, { allowMissingButton: true });
    await bot.api.waitUntil(() =>
      bot.api.callbackAnswers
        .slice(before)
        .some((answer) => denied.test(String(answer.text ?? ""))),
    );
  }

  it("answers a participant trying coordinator and administrator commands, and does nothing", async () => {
    const participant = bot.api.user(participantBase);
    for (const command of [
      "/programbaru",
      "/programbalasan",
      "/impor peserta",
      "/undang peserta",
      "/undang daftar",
      "/libur tambah 01-12-2026 Libur",
      "/beriperan 7001 koordinator",
      "/cabutperan 801 koordinator",
      "/audit",
    ]) {
      await reply(participant, () => participant.sendCommand(command), denied);
    }
    expect(await bot.db.prisma.holiday.count({ where: { kind: "PROGRAM" } })).toBe(0);
    expect(await bot.db.prisma.invite.count()).toBe(0);
    expect(
      await bot.db.prisma.roleGrant.count({
        where: { person: { account: { telegramUserId: 7001n } } },
      }),
    ).toBe(0);
    expect(
      await bot.db.prisma.chatState.findUnique({ where: { key: `flow:${participantBase}` } }),
    ).toBeNull();
  });

  it("refuses forged buttons naming another coordinator's program", async () => {
    const other = bot.api.user(coordinatorB);
    await pressDenied(other, `imp:prog:${programA}`);
    await pressDenied(other, `libur:prog:${programA}`);
    await pressDenied(other, `inv:new:PN:${programA}`);
    await pressDenied(other, `inv:new:KH:${programA}`);
    await pressDenied(other, `inv:list:${programA}`);
    await pressDenied(other, `inv:u:${unitA}`);
    await pressDenied(other, `prog:ret:${programA}`);
    const invite = await issueInvite(bot.db.prisma, {
      role: "PARTICIPANT",
      programId: programA,
      expiresAt: null,
      maxUses: null,
      createdById: null,
    });
    await pressDenied(other, `inv:rev:${invite.id}`);
    expect(
      (await bot.db.prisma.invite.findUniqueOrThrow({ where: { id: invite.id } })).revokedAt,
    ).toBeNull();
    expect(await bot.db.prisma.invite.count({ where: { programId: programA } })).toBe(1);
    expect(await bot.db.prisma.program.count({ where: { returnOfProgramId: programA } })).toBe(0);
    expect(bot.api.unansweredCallbackQueries()).toEqual([]);
  });

  it("answers a stale or forged import button politely", async () => {
    const other = bot.api.user(coordinatorB);
    const messageId = await anyMessageOf(other);
    const before = bot.api.callbackAnswers.length;
    other.pressButton(messageId, "imp:ok:AAAAAAAA", { allowMissingButton: true });
    await bot.api.waitUntil(() =>
      bot.api.callbackAnswers.slice(before).some((a) => /tidak berlaku/.test(String(a.text ?? ""))),
    );
    expect(
      await bot.db.prisma.auditEntry.count({ where: { action: { startsWith: "import." } } }),
    ).toBe(0);
  });

  it("keeps a coordinator to their own program: /libur acts on program B only", async () => {
    const other = bot.api.user(coordinatorB);
    await reply(other, () => other.sendCommand("/libur tambah 08-12-2026 Rapat"), /ditambahkan/);
    const holidays = await bot.db.prisma.holiday.findMany({ where: { kind: "PROGRAM" } });
    expect(holidays.map((h) => h.programId)).toEqual([programB]);
  });

  it("invites a mentor for one host unit and a host-side coordinator", async () => {
    const coordinator = bot.api.user(coordinatorA);
    const units = await reply(
      coordinator,
      () => coordinator.sendCommand("/undang pembimbing"),
      /instansi yang mana/,
    );
    expect(buttonsOf(units)).toContain(`inv:u:${unitA}`);
    const link = await reply(
      coordinator,
      () => coordinator.pressButton(units.message_id ?? 0, `inv:u:${unitA}`),
      /Tautan undangan/,
    );
    const code = /start=([A-Za-z0-9_-]+)/.exec(link.text ?? "")?.[1] ?? "";
    const mentor = bot.api.user(820, { first_name: "Sri", last_name: "Wahyuni" });
    await reply(mentor, () => mentor.sendCommand(`/start ${code}`), /pembimbing/);
    const mentorGrant = await bot.db.prisma.roleGrant.findFirstOrThrow({
      where: { person: { account: { telegramUserId: 820n } } },
    });
    expect([mentorGrant.role, mentorGrant.programId, mentorGrant.hostUnitId]).toEqual([
      "MENTOR",
      programA,
      unitA,
    ]);
    // The mentor cannot manage the program.
    await reply(mentor, () => mentor.sendCommand("/undang peserta"), denied);

    const hostLink = await reply(
      coordinator,
      () => coordinator.sendCommand("/undang koordinator tuanrumah"),
      /Tautan undangan/,
    );
    const hostCode = /start=([A-Za-z0-9_-]+)/.exec(hostLink.text ?? "")?.[1] ?? "";
    const host = bot.api.user(821, { first_name: "Agus" });
    await reply(host, () => host.sendCommand(`/start ${hostCode}`), /koordinator/);
    const hostGrant = await bot.db.prisma.roleGrant.findFirstOrThrow({
      where: { person: { account: { telegramUserId: 821n } } },
    });
    expect([hostGrant.role, hostGrant.programId, hostGrant.side]).toEqual([
      "COORDINATOR",
      programA,
      "HOST",
    ]);
  });

  it("lists invites with a revoke button that works for the program's coordinator", async () => {
    const coordinator = bot.api.user(coordinatorA);
    const list = await reply(
      coordinator,
      () => coordinator.sendCommand("/undang daftar"),
      /Undangan yang masih berlaku/,
    );
    const revoke = buttonsOf(list).find((data) => data.startsWith("inv:rev:")) ?? "";
    await reply(
      coordinator,
      () => coordinator.pressButton(list.message_id ?? 0, revoke),
      /telah dicabut/,
    );
    const inviteId = revoke.slice("inv:rev:".length);
    expect(
      (await bot.db.prisma.invite.findUniqueOrThrow({ where: { id: inviteId } })).revokedAt,
    ).not.toBeNull();
  });

  it("stops a coordinator whose role was revoked", async () => {
    const admin = bot.api.user(adminId);
    await reply(
      admin,
      () => admin.sendCommand(`/cabutperan ${coordinatorB} koordinator`),
      /dicabut/,
    );
    const other = bot.api.user(coordinatorB);
    await reply(other, () => other.sendCommand("/libur"), denied);
    await pressDenied(other, `libur:prog:${programB}`);
  });
});
