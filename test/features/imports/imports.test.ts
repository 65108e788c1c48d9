import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCohort } from "../../../src/db/seed/seed-cohort.ts";
import { grantRole } from "../../support/factories.ts";
import { type InProcessBot, startInProcessBot } from "../../support/in-process-bot.ts";
import { PROGRAM_START } from "../cohort-fixture.ts";

describe("imports: /template and /impor with documents (in process)", () => {
  let t: InProcessBot;
  let programId: string;
  const coordinatorId = 810;
  beforeAll(async () => {
    t = await startInProcessBot();
    programId = (await seedCohort(t.db.prisma, { startDate: PROGRAM_START, participants: [] }))
      .programId;
    await grantRole(t.db.prisma, coordinatorId, "COORDINATOR", programId);
  });
  afterAll(() => t.stop());

  const rosterSize = () => t.db.prisma.rosterEntry.count({ where: { programId } });

  it("sends the roster template, which imported back as is adds its example row after Konfirmasi", async () => {
    const coordinator = t.user(coordinatorId);
    await coordinator.sendCommand("/template peserta");
    const [template] = coordinator.documents();
    expect(template?.file_name).toMatch(/\.xlsx$/);
    expect(template?.content.subarray(0, 2).toString()).toBe("PK");

    await coordinator.sendCommand("/impor peserta");
    expect(coordinator.lastText()).toMatch(
      /^Silakan kirim berkas daftar peserta \(CSV atau XLSX, paling besar 5 MB\) untuk program Magang ASN Sumbar di Jatim 2024/,
    );
    await coordinator.sendDocument({
      file_name: template?.file_name ?? "",
      content: template?.content ?? Buffer.alloc(0),
      mime_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });
    expect(coordinator.lastText()).toMatch(/^Pratinjau impor daftar peserta/);
    expect(coordinator.lastText()).toMatch(/• baru: 1/);
    expect(await rosterSize()).toBe(0);

    const answer = await coordinator.pressButton("Konfirmasi");
    expect(answer).toBeDefined();
    expect(coordinator.lastText()).toBe(
      "✅ Impor daftar peserta selesai: 1 baru, 0 diperbarui, 0 tidak berubah.",
    );
    expect(await rosterSize()).toBe(1);
  });

  it("lists the row with a bad NIP, offers the valid rows only, and saves nothing", async () => {
    const coordinator = t.user(coordinatorId);
    await coordinator.sendDocument({
      file_name: "peserta.csv",
      content: "nip,nama\n12345,Budi Santoso\n198001012005011002,Rudi Hartono\n",
      mime_type: "text/csv",
      caption: "/impor peserta",
    });
    const replies = coordinator.sinceLastAction();
    expect(replies.map((m) => m.text).join("\n")).toMatch(
      /Ditemukan 1 masalah\. 1 dari 2 baris valid\. Belum ada data yang disimpan\./,
    );
    expect(replies.map((m) => m.text).join("\n")).toMatch(/Baris 2, kolom nip: .*\(isi: “12345”\)/);
    // A short list needs no attachment.
    expect(replies.some((m) => m.document)).toBe(false);
    expect(
      coordinator
        .last()
        .inline?.flat()
        .map((b) => b.text),
    ).toContain("Impor hanya 1 baris yang valid");
    expect(await rosterSize()).toBe(1);

    await coordinator.pressButton("Batal");
    expect(coordinator.lastText()).toBe("Impor dibatalkan. Tidak ada data yang diubah.");
    expect(await rosterSize()).toBe(1);
  });

  it("treats a Konfirmasi button with another token as stale and imports nothing", async () => {
    const coordinator = t.user(coordinatorId);
    await coordinator.sendDocument({
      file_name: "peserta.csv",
      content: "nip,nama\n198001012005011002,Rudi Hartono\n",
      mime_type: "text/csv",
      caption: "/impor peserta",
    });
    const confirm = coordinator
      .last()
      .inline?.flat()
      .find((b) => b.text === "Konfirmasi");
    expect(confirm?.data).toBeDefined();
    const data = confirm?.data ?? "";
    const token = data.slice(-8);
    const forged = data.slice(0, -8) + (token === "AAAAAAAA" ? "BBBBBBBB" : "AAAAAAAA");
    const answer = await coordinator.pressCallback(forged);
    expect(answer?.text).toMatch(/tidak berlaku/);
    expect(await rosterSize()).toBe(1);
  });

  it("refuses /impor and /template to a participant-to-be", async () => {
    const stranger = t.user(811);
    await stranger.sendCommand("/impor peserta");
    expect(stranger.lastText()).toMatch(/^Mohon maaf, perintah atau tombol ini hanya untuk/);
    await stranger.sendCommand("/template");
    expect(stranger.lastText()).toMatch(/^Mohon maaf, perintah atau tombol ini hanya untuk/);
    expect(stranger.documents()).toEqual([]);
  });
});
