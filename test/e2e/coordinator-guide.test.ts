import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pngDimensions } from "../../src/charts/render-png.ts";
import { seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { grantRole } from "../support/factories.ts";
import { reply } from "../support/reply.ts";

const now = new Date("2026-11-24T00:30:00Z");
const adminId = 900;
const coordinatorId = 501;
const inviterId = 502;
const chatScope = (id: number) => ({ type: "chat", chat_id: id });

describe("a coordinator's first steps: /id, menus per role, /help, /template, printable invites", () => {
  let bot: TestBot;
  let programId: string;

  beforeAll(async () => {
    bot = await startTestBot({
      clock: fixedClock(now),
      env: { ADMIN_TELEGRAM_IDS: String(adminId) },
    });
    programId = (await seedCohort(bot.db.prisma, { startDate: "2026-11-30", participants: [] }))
      .programId;
  });
  afterAll(() => bot.stop());

  // /start and /id of a user without a role, an official's /help and /template refused to a
  // user without a staff role are tested in process (test/features/start, core, imports).

  it("gives a coordinator the staff menu in their chat when granted, and takes it away on revocation", async () => {
    const coordinator = bot.api.user(coordinatorId, { first_name: "Rudi" });
    await reply(coordinator, () => coordinator.sendCommand("/start"), /Selamat datang/);
    expect(bot.api.commands({ scope: chatScope(coordinatorId) })).toEqual([]);
    const admin = bot.api.user(adminId, { first_name: "Admin" });
    await reply(
      admin,
      () => admin.sendCommand(`/beriperan ${coordinatorId} koordinator`),
      /telah diberikan/,
    );
    const menu = bot.api.commands({ scope: chatScope(coordinatorId) }).map((c) => c.command);
    expect(menu).toEqual(expect.arrayContaining(["programbaru", "impor", "template", "undang"]));
    expect(menu).not.toContain("hadir");
    expect(menu).not.toContain("beriperan");
    const english = bot.api.commands({ scope: chatScope(coordinatorId), language_code: "en" });
    expect(english.find((c) => c.command === "template")?.description).toMatch(/example files/);
    const indonesian = bot.api.commands({ scope: chatScope(coordinatorId), language_code: "id" });
    expect(indonesian.find((c) => c.command === "template")?.description).toMatch(/berkas contoh/);

    await reply(
      admin,
      () => admin.sendCommand(`/cabutperan ${coordinatorId} koordinator`),
      /dicabut/,
    );
    expect(bot.api.commands({ scope: chatScope(coordinatorId) })).toEqual([]);
    expect(bot.api.commands({ scope: chatScope(coordinatorId), language_code: "en" })).toEqual([]);
    // The default menu (participants') is still there for everyone else.
    expect(bot.api.commands().map((c) => c.command)).toContain("hadir");
  });

  it("lists /programbaru and the coordinator commands in an administrator's /help", async () => {
    const admin = bot.api.user(adminId, { first_name: "Admin" });
    const help = await reply(admin, () => admin.sendCommand("/help"), /Bantuan Tandang/);
    expect(help.text).toContain("/programbaru");
    expect(help.text).toContain("/beriperan");
    expect(help.text).toContain("/template");
    expect(help.text).not.toContain("/hadir");
    // /start gives a configured administrator their menu (no grant event exists for them).
    await reply(admin, () => admin.sendCommand("/start"), /Halo lagi/);
    const menu = bot.api.commands({ scope: chatScope(adminId) }).map((c) => c.command);
    expect(menu).toEqual(expect.arrayContaining(["programbaru", "beriperan", "audit"]));
  });

  it("sends the four XLSX templates with an instructions sheet, and /impor points to them", async () => {
    await grantRole(bot.db.prisma, inviterId, "COORDINATOR", programId);
    const coordinator = bot.api.user(inviterId, { first_name: "Sari" });
    const usage = await reply(coordinator, () => coordinator.sendCommand("/impor"), /Cara pakai/);
    expect(usage.text).toContain("/template");
    expect(usage.text).not.toContain("npm run");
    await reply(coordinator, () => coordinator.sendCommand("/template"), /berkas contoh/);
    await bot.api.waitUntil(
      () => bot.api.sent(inviterId).filter((r) => r.method === "sendDocument").length === 4,
    );
    const documents = bot.api.sent(inviterId).filter((r) => r.method === "sendDocument");
    const names = documents.map((r) => r.message?.document?.file_name).sort();
    expect(names).toEqual([
      "contoh-instansi.xlsx",
      "contoh-jadwal.xlsx",
      "contoh-penempatan.xlsx",
      "contoh-peserta.xlsx",
    ]);
    const roster = documents.find((r) => r.message?.document?.file_name === "contoh-peserta.xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bot.api.fileContent(roster?.uploads?.[0]?.file_id ?? "") as never);
    const [data, help] = workbook.worksheets;
    expect(data?.getRow(1).values).toEqual([
      undefined,
      "nip",
      "nama",
      "jabatan",
      "unit_asal",
      "telepon",
    ]);
    expect(data?.getCell("A2").value).toBe("198503122010011003");
    expect(help?.name).toBe("Petunjuk");
    const helpText = (help?.getSheetValues() ?? []).flat().map(String).join("\n");
    expect(helpText).toContain("/impor peserta");
    expect(helpText).toContain("NIP 18 digit");
  });

  it("sends a printable invite: program, link and expiry in WIB on the image and in the caption", async () => {
    const coordinator = bot.api.user(inviterId, { first_name: "Sari" });
    const text = await reply(
      coordinator,
      () => coordinator.sendCommand("/undang peserta"),
      /Tautan undangan/,
    );
    const link = /https:\/\/t\.me\/\S+/.exec(text.text ?? "")?.[0] ?? "";
    expect(link).toContain("start=");
    const photo = await coordinator.waitForMessage((record) => record.method === "sendPhoto");
    const caption = photo.message?.caption ?? "";
    expect(caption).toContain("Magang ASN Sumbar di Jatim 2024");
    expect(caption).toContain(link);
    // Created 24 Nov 2026 07:30 WIB; invites last a fixed number of days, shown in the host zone.
    expect(caption).toMatch(/Berlaku sampai .*2026 \d{2}[.:]\d{2} WIB/);
    const png = bot.api.fileContent(photo.uploads?.[0]?.file_id ?? "") ?? Buffer.alloc(0);
    const size = pngDimensions(png);
    expect(size?.width).toBe(720);
    expect(size?.height).toBeGreaterThan(600);
    expect(size?.height).toBeLessThan(1100);
  });

  it("gives an official who accepts an invite the official's menu", async () => {
    const coordinator = bot.api.user(inviterId, { first_name: "Sari" });
    const text = await reply(
      coordinator,
      () => coordinator.sendCommand("/undang pejabat"),
      /Tautan undangan/,
    );
    const code = /start=([A-Za-z0-9_-]+)/.exec(text.text ?? "")?.[1] ?? "";
    const official = bot.api.user(612, { first_name: "Pak Sekda" });
    expect(bot.api.commands({ scope: chatScope(612) })).toEqual([]);
    await reply(official, () => official.sendCommand(`/start ${code}`), /terdaftar sebagai/);
    const menu = bot.api.commands({ scope: chatScope(612), language_code: "id" });
    expect(menu.map((c) => c.command)).toEqual(
      expect.arrayContaining(["status", "peserta", "rekap", "id"]),
    );
    expect(menu.map((c) => c.command)).not.toContain("hadir");
    expect(menu.map((c) => c.command)).not.toContain("impor");
  });
});
