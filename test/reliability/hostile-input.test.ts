import type { SentRecord, UserHandle } from "@tandang/fake-bot-api";
import fc from "fast-check";
// Property runs: seed: the suite's fixed one, printed on every run (test/support/fast-check-seed.ts);
// FC_SEED=random or FC_SEED=<n> changes it; a failing seed found becomes a regression case.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flowKey } from "../../src/bot/flows.ts";
import {
  readChatStateRow,
  writeChatState,
} from "../../src/db/repositories/chat-state.repository.ts";
import { seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { eventually } from "../support/eventually.ts";
import { grantRole, openProgramInvite } from "../support/factories.ts";

/**
 * Random and malformed updates at every conversation step, through the fake Bot API and the
 * real bot. For each one: the bot neither crashes nor leaks a rejection, answers politely (a
 * message, or the callback answered) without the generic apology, and leaves the database as
 * it was where the input must change nothing.
 */

// Tuesday 24 November 2026, 07:30 WIB: a working day of the seeded program, check-in open.
const now = new Date("2026-11-24T00:30:00Z");
const apology = /Maaf, terjadi kesalahan|Sorry, something went wrong/;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let inputsTried = 0;

interface StepUser {
  label: string;
  user: UserHandle;
  /** The flow state to restore after each input (undefined: no flow). */
  state: unknown;
}

type Junk =
  | { kind: "text"; text: string }
  | { kind: "command"; command: string }
  | { kind: "sticker"; emoji: string }
  | { kind: "voice"; duration: number; size: number }
  | { kind: "photo"; caption?: string; size: number }
  | { kind: "document"; name: string; mime: string; size: number; caption?: string }
  | {
      kind: "location";
      latitude: number;
      longitude: number;
      accuracy?: number;
      live?: number;
      forwarded: boolean;
    }
  | { kind: "contact"; phone: string; otherUser: number | null }
  | { kind: "callback"; data: string };

const uuid = fc.uuid();
const extremeCoordinate = fc.oneof(
  fc.constantFrom(90, -90, 180, -180, 0, 1e308, -1e308, 91, -181, Number.NaN, Infinity, -0),
  fc.double(),
);
const htmlish = fc
  .array(
    fc.constantFrom(
      "<b>",
      "</b>",
      "<i>",
      "&",
      "&amp;",
      "&lt",
      "<script>",
      "<a href='x'>",
      "\u0000",
      "\u202e",
      "👩‍👩‍👧",
      "ـ",
      "\n",
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(""));
const randomText = fc.oneof(
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 120 }),
  fc.string({ unit: "binary", minLength: 1, maxLength: 60 }),
  htmlish.filter((text) => text.length > 0),
  fc.string({ unit: "grapheme-ascii", minLength: 5000, maxLength: 6000 }),
);
const forgedCallback = fc.oneof(
  uuid.map((id) => `checkin:review:${id}:ok`),
  uuid.map((id) => `checkin:review:${id}:no`),
  fc.constantFrom(
    "lang:xx",
    "lang:",
    "checkin:",
    "checkin:alt:liburan",
    "bc:send",
    "bc:aud:everyone",
    "reg:consent:maybe",
    "",
  ),
  uuid.map((id) => `reg:agency:${id}`),
  // The mentor's assessment: compact ids that name nobody, or garbage, with any scores.
  fc
    .tuple(
      fc.constantFrom("r", "s", "o", "k", "x"),
      fc.string({ unit: "grapheme-ascii", minLength: 22, maxLength: 22 }),
      fc.string({ unit: fc.constantFrom("0", "1", "3", "5", "9"), maxLength: 14 }),
    )
    .map(([action, id, digits]) => `asm:${action}:${id}:${digits}`),
  uuid.map((id) => `bc:unit:${id}`),
  uuid.map((id) => `bc:prog:${id}`),
  fc
    .string({ unit: "grapheme-ascii", minLength: 22, maxLength: 22 })
    .map((s) => `status:person:${s}`),
  fc.string({ unit: "grapheme-ascii", minLength: 64, maxLength: 64 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 64 }),
);
const junk: fc.Arbitrary<Junk> = fc.oneof(
  randomText.map((text) => ({ kind: "text" as const, text })),
  fc
    .tuple(
      fc.constantFrom(
        "/start",
        "/hadir",
        "/laporan",
        "/status",
        "/rekap",
        "/umumkan",
        "/help",
        "/dataku",
        "/riwayat",
        "/xyz_unknown",
      ),
      fc.oneof(
        fc.constant(""),
        fc.string({ unit: "grapheme", maxLength: 80 }),
        fc.constant("extra"),
      ),
    )
    .map(([command, payload]) => ({
      kind: "command" as const,
      command: `${command} ${payload}`.trimEnd(),
    })),
  fc
    .string({ unit: "grapheme", maxLength: 4 })
    .map((emoji) => ({ kind: "sticker" as const, emoji })),
  fc
    .record({
      duration: fc.integer({ min: 0, max: 100_000 }),
      size: fc.integer({ min: 0, max: 20_000 }),
    })
    .map((v) => ({ kind: "voice" as const, ...v })),
  fc
    .record({
      caption: fc.option(randomText, { nil: undefined }),
      size: fc.integer({ min: 1, max: 20_000 }),
    })
    .map((v) => ({ kind: "photo" as const, ...v })),
  fc
    .record({
      name: fc.oneof(
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 300 }),
        fc.constantFrom(
          "../../etc/passwd",
          "laporan.pdf.exe",
          "CON",
          ".",
          "a\u0000b.pdf",
          "<b>x</b>.docx",
        ),
      ),
      mime: fc.constantFrom(
        "application/pdf",
        "application/x-msdownload",
        "",
        "text/html",
        "image/svg+xml",
        "application/octet-stream",
      ),
      size: fc.integer({ min: 0, max: 30_000 }),
      caption: fc.option(randomText, { nil: undefined }),
    })
    .map((v) => ({ kind: "document" as const, ...v })),
  fc
    .record({
      latitude: extremeCoordinate,
      longitude: extremeCoordinate,
      accuracy: fc.option(fc.oneof(fc.double(), fc.constantFrom(0, 1500, 1e9, -1)), {
        nil: undefined,
      }),
      live: fc.option(fc.integer({ min: 60, max: 86_400 }), { nil: undefined }),
      forwarded: fc.boolean(),
    })
    .map((v) => ({ kind: "location" as const, ...v })),
  fc
    .record({
      phone: fc.oneof(fc.string({ maxLength: 30 }), fc.constant("+6281234567890")),
      otherUser: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 2 ** 40 })),
    })
    .map((v) => ({ kind: "contact" as const, ...v })),
  forgedCallback.map((data) => ({ kind: "callback" as const, data })),
);

describe("hostile input at every conversation step", () => {
  let bot: TestBot;
  const clock = fixedClock(now);
  const steps: StepUser[] = [];
  let englishUser: UserHandle;

  async function reply(user: UserHandle, act: () => unknown, matcher: RegExp) {
    const next = user.waitForMessage(matcher, { onlyNew: true, timeoutMs: 60_000 });
    act();
    return next;
  }

  async function snapshot(label: string, user: UserHandle) {
    const state = (await readChatStateRow(bot.db.prisma, flowKey(user.id)))?.value;
    steps.push({ label, user, state });
  }

  beforeAll(async () => {
    process.on("unhandledRejection", onUnhandled);
    bot = await startTestBot({ clock });
    const db = bot.db.prisma;
    const placed = await seedCohort(db, {
      startDate: "2026-11-23",
      telegramIdBase: 7000,
      placed: true,
    });
    const code = await openProgramInvite(db);
    await grantRole(db, 9001, "COORDINATOR", placed.programId);

    // Registration, one user parked at each step.
    const answers: Array<[string, (user: UserHandle, n: number) => unknown, RegExp]> = [
      ["name", (user) => user.sendCommand(`/start ${code}`), /nama lengkap/],
      ["nip", (user) => user.sendText("Budi Hostile"), /NIP/],
      ["position", (user, n) => user.sendText(`19850312 201001 1 ${String(100 + n)}`), /jabatan/],
      ["agency", (user) => user.sendText("Analis Kepegawaian"), /instansi asal/],
      ["phone", (user) => user.sendText("Dinas Uji Coba"), /nomor telepon/],
      ["consent", (user) => user.sendContact({ phone_number: "6281234567890" }), /Persetujuan/],
    ];
    for (let stop = 0; stop < answers.length; stop++) {
      const user = bot.api.user(6100 + stop, { first_name: `Reg${stop}` });
      for (let index = 0; index <= stop; index++) {
        const [, act, matcher] = answers[index] ?? [];
        if (act && matcher) await reply(user, () => act(user, stop), matcher);
      }
      await snapshot(`registration:${answers[stop]?.[0]}`, user);
    }
    const [first, second, third] = placed.participants;
    const checkIn = bot.api.user(Number(first?.telegramUserId), { first_name: "Peserta" });
    await reply(checkIn, () => checkIn.sendCommand("/hadir"), /lokasi|location/i);
    await snapshot("check-in:location", checkIn);
    const report = bot.api.user(Number(second?.telegramUserId), { first_name: "Pelapor" });
    await reply(report, () => report.sendCommand("/laporan"), /./);
    await snapshot("daily-report", report);
    const coordinator = bot.api.user(9001, { first_name: "Koordinator" });
    await reply(coordinator, () => coordinator.sendCommand("/umumkan"), /./);
    await snapshot("broadcast:compose", coordinator);
    const idle = bot.api.user(Number(third?.telegramUserId), { first_name: "Santai" });
    await reply(idle, () => idle.sendCommand("/help"), /./);
    await snapshot("participant:idle", idle);
    const stranger = bot.api.user(6900, { first_name: "Asing" });
    await reply(stranger, () => stranger.sendCommand("/help"), /./);
    await snapshot("stranger", stranger);
    englishUser = bot.api.user(6901, { first_name: "Visitor", language_code: "en" });
    await reply(englishUser, () => englishUser.sendCommand("/help"), /./);
    await db.telegramAccount.update({ where: { telegramUserId: 6901n }, data: { locale: "en" } });
    await snapshot("stranger:en", englishUser);
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    process.off("unhandledRejection", onUnhandled);
    // The report reads this line: how many inputs the properties threw at the bot.
    process.stdout.write(`hostile-input: ${inputsTried} inputs tried\n`);
  });

  function send(user: UserHandle, input: Junk): number {
    switch (input.kind) {
      case "text":
        return user.sendText(input.text);
      case "command":
        return user.sendCommand(input.command);
      case "sticker":
        return user.sendSticker({ emoji: input.emoji });
      case "voice":
        return user.sendVoice({ duration: input.duration, size: input.size });
      case "photo":
        return user.sendPhoto({ caption: input.caption, size: input.size });
      case "document":
        return user.sendDocument({
          file_name: input.name,
          mime_type: input.mime,
          content: Buffer.alloc(input.size, 7),
          caption: input.caption,
        });
      case "location":
        return user.sendLocation({
          latitude: input.latitude,
          longitude: input.longitude,
          horizontal_accuracy: input.accuracy,
          live_period: input.live,
          forwarded: input.forwarded,
        });
      case "contact":
        return user.sendContact({ phone_number: input.phone, user_id: input.otherUser });
      case "callback": {
        const target = user.lastSent() ?? user.sent().at(-1);
        if (!target?.message_id) throw new Error(`no bot message in chat ${user.id} to press on`);
        return user.pressButton(target.message_id, input.data, { allowMissingButton: true });
      }
    }
  }

  async function counts() {
    const db = bot.db.prisma;
    const [persons, enrollments, checkIns, consents, broadcasts, outbox] = await Promise.all([
      db.person.count(),
      db.enrollment.count(),
      db.checkIn.count(),
      db.consentRecord.count(),
      db.broadcast.count(),
      db.outboxMessage.count(),
    ]);
    return { persons, enrollments, checkIns, consents, broadcasts, outbox };
  }

  /** Sends one input, waits until the inbox marks it handled, and checks the answer. */
  async function throwAt(step: StepUser, input: Junk) {
    inputsTried++;
    const before = await counts();
    const seq = bot.api.attempts().at(-1)?.seq ?? -1;
    const answersBefore = bot.api.callbackAnswers.length;
    const updateId = send(step.user, input);
    await eventually(
      async () => {
        const row = await bot.db.prisma.inboxUpdate.findUnique({
          where: { updateId: BigInt(updateId) },
        });
        if (!row?.handledAt) throw new Error(`update ${updateId} (${input.kind}) not handled yet`);
      },
      { timeoutMs: 60_000, intervalMs: 10 },
    );
    const answers: SentRecord[] = bot.api
      .attempts(step.user.id)
      .filter((record) => record.seq > seq);
    const texts = answers.map((record) => record.text ?? "");
    const context = `${step.label} ← ${JSON.stringify(input).slice(0, 300)}; got ${JSON.stringify(texts).slice(0, 400)}`;
    for (const text of texts) expect(text, context).not.toMatch(apology);
    expect(
      answers.every((record) => record.ok),
      context,
    ).toBe(true);
    if (input.kind === "callback") {
      expect(bot.api.callbackAnswers.length, context).toBeGreaterThan(answersBefore);
      expect(bot.api.unansweredCallbackQueries(), context).toEqual([]);
    } else {
      const replies = answers.filter((record) => record.method.startsWith("send"));
      expect(replies.length, `no answer: ${context}`).toBeGreaterThan(0);
    }
    if (step.user === englishUser) {
      for (const text of texts) expect(text, context).not.toMatch(/\b(Anda|Silakan|Maaf)\b/);
    }
    const after = await counts();
    // Nothing a junk input does may register anyone or touch enrollments, consents, sends.
    expect(after.persons, context).toBe(before.persons);
    expect(after.enrollments, context).toBe(before.enrollments);
    expect(after.consents, context).toBe(before.consents);
    expect(after.broadcasts, context).toBe(before.broadcasts);
    // A location at the check-in step may be a real check-in (odd, but it is where they are).
    const mayCheckIn = step.label === "check-in:location" && input.kind === "location";
    expect(after.checkIns - before.checkIns, context).toBeLessThanOrEqual(mayCheckIn ? 1 : 0);
    if (input.kind === "sticker" || input.kind === "voice" || input.kind === "callback") {
      // Same flow at the same step (a re-asked question may note its new message id).
      const where = (state: unknown) => {
        const { flow, step: at } = (state ?? {}) as { flow?: string; step?: string };
        return { flow, step: at };
      };
      const state = (await readChatStateRow(bot.db.prisma, flowKey(step.user.id)))?.value;
      expect(where(state), `flow moved: ${context}`).toEqual(where(step.state));
    }
  }

  /** Puts the user back where the step parked them (commands may start other flows). */
  async function restore(step: StepUser) {
    const db = bot.db.prisma;
    if (step.state === undefined)
      await db.chatState.deleteMany({ where: { key: flowKey(step.user.id) } });
    else await writeChatState(db, flowKey(step.user.id), step.state);
    await db.checkIn.deleteMany({
      where: { recordedAt: { gte: new Date(now.getTime() - 60_000) } },
    });
  }

  /**
   * Failures random seeds once found, replayed on every run: the location 1e308/3e57 reached the
   * geofence (error apology), and a lone surrogate made the inbox refuse its whole batch.
   */
  function regressions(): [number, Junk][] {
    const at = (label: string) => steps.findIndex((step) => step.label === label);
    const impossible: Junk = {
      kind: "location",
      latitude: 1e308,
      longitude: 3e57,
      forwarded: false,
    };
    return [
      [at("check-in:location"), impossible],
      [at("stranger:en"), impossible],
      [at("registration:nip"), { kind: "text", text: "\ud800" }],
      [at("check-in:location"), { kind: "text", text: "a\udc00\ud800b" }],
    ];
  }

  // Generous ceilings: 300 round trips through the real bot take minutes on a busy machine.
  it("answers junk politely at every step and changes nothing it must not", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: steps.length - 1 }), junk, async (index, input) => {
        const step = steps[index] as StepUser;
        try {
          await throwAt(step, input);
        } finally {
          await restore(step);
        }
      }),
      { numRuns: 300, endOnFailure: true, examples: regressions() },
    );
  }, 600_000);

  it("refuses forged callback data from every step without touching the data", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: steps.length - 1 }), forgedCallback, async (index, data) => {
        const step = steps[index] as StepUser;
        try {
          await throwAt(step, { kind: "callback", data });
        } finally {
          await restore(step);
        }
      }),
      { numRuns: 150, endOnFailure: true },
    );
  }, 600_000);

  it("left no unhandled rejection behind", () => {
    expect(unhandled).toEqual([]);
  });
});
