import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantRole } from "../../support/factories.ts";
import { type InProcessBot, startInProcessBot } from "../../support/in-process-bot.ts";

describe("start: /start with and without a code (in process)", () => {
  let t: InProcessBot;
  beforeAll(async () => {
    t = await startInProcessBot();
  });
  afterAll(() => t.stop());

  it("tells a newcomer their Telegram id, which an administrator needs to give a role", async () => {
    const user = t.user(301, { first_name: "Sari" });
    await user.sendCommand("/start");
    expect(user.lastText()).toMatch(/Selamat datang di Tandang, Sari/);
    expect(user.lastText()).toContain("ID Telegram Bapak/Ibu: 301");
    await user.sendCommand("/id");
    expect(user.lastText()).toContain("301");
    expect(user.lastText()).toContain("ADMIN_TELEGRAM_IDS");
    // No staff role: no command menu of their own.
    expect(
      t.calls.filter(
        (call) =>
          call.method === "setMyCommands" &&
          (call.payload.scope as { chat_id?: number } | undefined)?.chat_id === 301,
      ),
    ).toEqual([]);
  });

  it("welcomes staff back and publishes their command menu for their chat", async () => {
    await grantRole(t.db.prisma, 302, "COORDINATOR", null);
    const coordinator = t.user(302, { first_name: "Wati" });
    await coordinator.sendCommand("/start");
    expect(coordinator.lastText()).toMatch(/Halo lagi, Wati/);
    const menu = t.calls.filter(
      (call) =>
        call.method === "setMyCommands" &&
        (call.payload.scope as { chat_id?: number } | undefined)?.chat_id === 302,
    );
    expect(menu.length).toBeGreaterThan(0);
    const commands = ((menu.at(-1)?.payload.commands ?? []) as { command: string }[]).map(
      (c) => c.command,
    );
    expect(commands).toContain("libur");
  });

  it("says so when the code of a link is unknown, and registers nothing", async () => {
    const user = t.user(303);
    await user.sendCommand("/start AbCdEfGh12345678");
    expect(user.lastText()).toMatch(/Kode undangan tidak dikenal/);
    const enrollments = await t.db.prisma.enrollment.count();
    expect(enrollments).toBe(0);
  });
});
