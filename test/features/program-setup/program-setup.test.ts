import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantRole } from "../../support/factories.ts";
import { type InProcessBot, startInProcessBot } from "../../support/in-process-bot.ts";

describe("program-setup: /programbaru and /programbalasan (in process)", () => {
  let t: InProcessBot;
  /** «Buat program» as first shown, kept to press it again once it is stale. */
  let createData: string | undefined;
  const coordinatorId = 1010;
  beforeAll(async () => {
    t = await startInProcessBot();
    await grantRole(t.db.prisma, coordinatorId, "COORDINATOR", null);
  });
  afterAll(() => t.stop());

  const programs = () => t.db.prisma.program.findMany({ orderBy: { createdAt: "asc" } });

  it("creates a program step by step, asking again after a sticker, a same province and an end before the start", async () => {
    const coordinator = t.user(coordinatorId);
    await coordinator.sendCommand("/programbaru");
    expect(coordinator.lastText()).toMatch(/^Apa nama programnya\?/);
    const replies = () => coordinator.sinceLastAction().map((m) => m.text);
    await coordinator.sendSticker();
    expect(replies()[0]).toBe(
      "Mohon tulis nama program sebagai teks (paling banyak 150 karakter).",
    );
    await coordinator.sendText("Magang ASN Sumbar di Jatim 2026");
    expect(coordinator.lastText()).toMatch(/^Provinsi pengirim/);
    await coordinator.sendText("Sumbar");
    expect(coordinator.lastText()).toMatch(/^Provinsi tuan rumah/);
    await coordinator.sendText("Sumatera Barat");
    expect(replies()[0]).toMatch(/^Provinsi tuan rumah harus berbeda/);
    await coordinator.sendText("Jatim");
    expect(coordinator.lastText()).toMatch(/^Tanggal mulai\?/);
    await coordinator.sendText("2026-02-26"); // year first is read too
    expect(coordinator.lastText()).toMatch(/^Tanggal selesai\?/);
    await coordinator.sendText("25-02-2026");
    expect(replies()[0]).toBe("Tanggal selesai tidak boleh sebelum tanggal mulai.");
    await coordinator.sendText("06-03-2026");
    expect(coordinator.lastText()).toMatch(/^Nomor\/nama perjanjian kerja sama/);
    await coordinator.pressButton("Lewati");
    const summary = coordinator.lastText();
    expect(summary).toContain("Nama: Magang ASN Sumbar di Jatim 2026");
    expect(summary).toContain("Provinsi pengirim: Sumatera Barat");
    expect(summary).toContain("Provinsi tuan rumah: Jawa Timur");
    expect(await programs()).toEqual([]);

    createData = coordinator
      .last()
      ?.inline?.flat()
      .find((b) => b.text === "✅ Buat program")?.data;
    await coordinator.pressButton("✅ Buat program");
    const [program] = await programs();
    expect(program).toMatchObject({
      name: "Magang ASN Sumbar di Jatim 2026",
      sendingProvinceCode: "13",
      hostProvinceCode: "35",
      startDate: new Date("2026-02-26T00:00:00Z"),
      endDate: new Date("2026-03-06T00:00:00Z"),
    });
    expect(coordinator.lastText()).toContain(`Id program: ${program?.id}`);
    const grants = await t.db.prisma.roleGrant.findMany({
      where: { programId: program?.id ?? "", role: "COORDINATOR" },
    });
    expect(grants).toHaveLength(1);
  });

  it("creates the return visit with the provinces swapped", async () => {
    const coordinator = t.user(coordinatorId);
    await coordinator.sendCommand("/programbalasan");
    expect(coordinator.lastText()).toMatch(/^Kapan kunjungan balasan dimulai\?/);
    await coordinator.sendText("+90");
    expect(coordinator.lastText()).toMatch(
      /^✅ Program kunjungan balasan Magang ASN Sumbar di Jatim 2026 \(Kunjungan Balasan\)/,
    );
    const [, visit] = await programs();
    expect(visit).toMatchObject({ sendingProvinceCode: "35", hostProvinceCode: "13" });
  });

  it("answers a stale «Buat program» button without creating a second program", async () => {
    const coordinator = t.user(coordinatorId);
    const before = (await programs()).length;
    // The keyboard is gone from the message, so press the data it carried when first shown.
    expect(createData).toBeDefined();
    const answer = await coordinator.pressCallback(createData ?? "");
    expect(answer?.text).toMatch(/tidak berlaku/);
    expect(await programs()).toHaveLength(before);
  });

  it("refuses a user without a staff role", async () => {
    const stranger = t.user(1011);
    await stranger.sendCommand("/programbaru");
    expect(stranger.lastText()).toMatch(/^Mohon maaf, perintah atau tombol ini hanya untuk/);
    await stranger.sendText("Program gelap");
    expect(await programs()).toHaveLength(2);
  });
});
