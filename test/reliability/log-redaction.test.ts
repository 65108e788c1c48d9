import type { UserHandle } from "@tandang/fake-bot-api";
import { Api, GrammyError, HttpError } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbOrTx } from "../../src/db/client.ts";
import { storeUpdates } from "../../src/db/repositories/inbox.repository.ts";
import { seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { createLogger, redactSecrets, serializeError } from "../../src/logger.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { startTestBot, type TestBot, testToken } from "../support/bot-harness.ts";
import { eventually } from "../support/eventually.ts";
import { openProgramInvite } from "../support/factories.ts";
import { createTestDatabase } from "../support/test-database.ts";

/**
 * Telegram calls fail (through the fake Bot API's faults) while the real bot handles a
 * registration, a check-in and a daily report; every log line is captured and scanned for the
 * token, the NIP, the phone number, the coordinates and the texts the user sent or was sent.
 */

// Tuesday 24 November 2026, 07:30 WIB: a working day of the seeded program, check-in open.
const now = new Date("2026-11-24T00:30:00Z");
const tokenSecret = testToken.split(":")[1] as string;
const name = "Sitti Rahasiawati";
const nip = "19850312 201001 2 007";
const phone = "6281234567890";
const position = "Analis Rahasia Negara";
const latitude = -0.947_123;
const longitude = 100.417_456;
const reportText = "Laporan sangat pribadi tentang rapat dengan Bapak Kepala Dinas";

describe("logs while Telegram calls fail", () => {
  let bot: TestBot;
  const lines: string[] = [];
  const log = () => lines.join("");

  async function handled(updateId: number) {
    await eventually(
      async () => {
        const row = await bot.db.prisma.inboxUpdate.findUnique({
          where: { updateId: BigInt(updateId) },
        });
        if (!row?.handledAt) throw new Error(`update ${updateId} not handled yet`);
      },
      { timeoutMs: 20_000, intervalMs: 20 },
    );
  }

  async function answered(user: UserHandle, act: () => unknown, matcher: RegExp) {
    const next = user.waitForMessage(matcher, { onlyNew: true, timeoutMs: 10_000 });
    act();
    return next;
  }

  beforeAll(async () => {
    // No secrets passed: the patterns alone must catch the token.
    const logger = createLogger("debug", { write: (line: string) => void lines.push(line) });
    bot = await startTestBot({ clock: fixedClock(now), logger });
    const db = bot.db.prisma;
    const code = await openProgramInvite(db);

    // Registration up to the consent question, with Telegram working.
    const user = bot.api.user(6301, { first_name: "Sitti" });
    await answered(user, () => user.sendCommand(`/start ${code}`), /nama lengkap/);
    await answered(user, () => user.sendText(name), /NIP/);
    await answered(user, () => user.sendText(nip), /jabatan/);
    await answered(user, () => user.sendText(position), /instansi asal/);
    await answered(user, () => user.sendText("Dinas Uji Coba"), /nomor telepon/);
    const consent = await answered(
      user,
      () => user.sendContact({ phone_number: phone }),
      /Persetujuan/,
    );
    // From here every message to this user fails: the summary (name, NIP, phone) cannot be sent.
    bot.api.injectFault({ chatId: user.id, kind: "400-chat-not-found", times: Infinity });
    await handled(user.pressButton(consent.message_id as number, "reg:consent:yes"));

    // A check-in and a daily report while sends fail with 500 (retried, then given up).
    const placed = await seedCohort(db, {
      startDate: "2026-11-23",
      telegramIdBase: 7300,
      placed: true,
    });
    const [first, second] = placed.participants;
    const checker = bot.api.user(Number(first?.telegramUserId), { first_name: "Peserta" });
    await answered(checker, () => checker.sendCommand("/hadir"), /lokasi|location/i);
    bot.api.injectFault({ chatId: checker.id, kind: "400-chat-not-found", times: Infinity });
    await handled(checker.sendLocation({ latitude, longitude, horizontal_accuracy: 12 }));
    const reporter = bot.api.user(Number(second?.telegramUserId), { first_name: "Pelapor" });
    await answered(reporter, () => reporter.sendCommand("/laporan"), /./);
    bot.api.injectFault({ chatId: reporter.id, kind: "400-chat-not-found", times: Infinity });
    await handled(reporter.sendText(reportText));
  }, 90_000);

  afterAll(async () => {
    await bot?.stop();
  });

  it("logged the failed calls (method and Telegram's answer)", () => {
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const failed = records.filter((record) => record.msg === "update.failed");
    expect(failed.length).toBeGreaterThanOrEqual(3);
    for (const record of failed) {
      expect(record.err).toMatchObject({
        type: "GrammyError",
        method: "sendMessage",
        error_code: 400,
      });
    }
  });

  it("a network failure of a real grammY call, logged, shows neither token nor payload", async () => {
    // auto-retry keeps retrying network failures, so the bot's own calls do not surface one
    // here: the same call without it yields the HttpError (node-fetch names the URL inside).
    const api = new Api(testToken, { apiRoot: bot.api.apiRoot });
    bot.api.injectFault({ method: "sendMessage", kind: "network", times: 1 });
    const error = await api.sendMessage(6399, `${name} ${nip}`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect(String((error as HttpError).error)).toContain(tokenSecret);
    bot.app.deps.logger.error({ err: error }, "telegram.call_failed");
    const record = JSON.parse(lines.at(-1) as string) as { err: { error?: unknown } };
    expect(record.err.error).toBeDefined();
  });

  it("no line carries the token, the NIP, the phone, the coordinates or a message text", () => {
    const text = log();
    const digitsOnly = text.replace(/[\s.-]/g, "");
    expect(text).not.toContain(tokenSecret);
    expect(text).not.toContain(testToken);
    expect(text).not.toContain(nip);
    expect(digitsOnly).not.toContain(nip.replace(/\s/g, ""));
    expect(digitsOnly).not.toContain(phone.slice(2));
    expect(text).not.toContain(String(latitude));
    expect(text).not.toContain(String(longitude));
    expect(text).not.toContain("0.947");
    expect(text).not.toContain("100.417");
    for (const sent of [name, "Rahasiawati", position, reportText, "Mohon periksa data"]) {
      expect(text).not.toContain(sent);
    }
  });
});

describe("redaction pieces", () => {
  it("keeps only the codes and frames of a database error, whose message quotes the data", async () => {
    const db = await createTestDatabase();
    const store = (client: DbOrTx) =>
      storeUpdates(
        client,
        [{ update_id: 1, message: { chat: { id: `x${name}` }, text: reportText } } as never],
        now,
        now,
      ).catch((caught: unknown) => caught);
    try {
      // Straight through node-postgres (the hot path), and through Prisma inside a transaction.
      const direct = await store(db.prisma);
      const viaPrisma = await db.prisma.$transaction((tx) => store(tx));
      for (const [error, type] of [
        [direct, "DatabaseError"],
        [viaPrisma, "PrismaClientKnownRequestError"],
      ] as const) {
        expect(String(error)).toContain(name);
        const serialized = JSON.stringify(serializeError(error));
        expect(serialized).toContain('"sqlstate":"22P02"');
        expect(serialized).toContain(type);
        expect(serialized).not.toContain(name);
        expect(serialized).not.toContain(reportText);
      }
    } finally {
      await db.close();
    }
  });

  it("removes a token in a URL, a bare token, a NIP and a phone from any text", () => {
    const text = redactSecrets(
      "GET https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage " +
        "token 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw nip 198503122010012007 " +
        "nip 19850312 201001 2 007 phone +6281234567890 phone 0812-3456-7890 update 912345678",
    );
    expect(text).not.toMatch(/AAHdq|198503122010012007|19850312 201001|81234567890|0812-3456/);
    expect(text).toContain("update 912345678");
  });

  it("keeps a GrammyError's method and answer, never its payload; walks causes", () => {
    const grammy = new GrammyError(
      "Call to 'sendMessage' failed!",
      { ok: false, error_code: 400, description: "Bad Request: chat not found" },
      "sendMessage",
      { chat_id: 1, text: `${name} ${nip}`, latitude },
    );
    const wrapped = new Error("outer", { cause: new Error("inner", { cause: grammy }) });
    const serialized = JSON.stringify(serializeError(wrapped));
    expect(serialized).toContain("chat not found");
    expect(serialized).toContain("sendMessage");
    expect(serialized).not.toContain(name);
    expect(serialized).not.toContain(String(latitude));
  });
});
