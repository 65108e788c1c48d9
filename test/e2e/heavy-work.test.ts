import type { SentRecord, UserHandle } from "@tandang/fake-bot-api";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { grantRole } from "../support/factories.ts";
import { xlsxBomb } from "../support/zip-files.ts";

// Tuesday 24 November 2026, 07:30 WIB; the program started on Monday.
const now = new Date("2026-11-24T00:30:00Z");
const coordinatorId = 811;
const otherUserId = 812;
const participantBase = 810_000;
const hostileName = '=HYPERLINK("http://x","y")';
const wait = { onlyNew: true, timeoutMs: 120_000 };
const slow = 180_000;

/** A roster CSV of realistic rows, just under `bytes` (the 5 MB upload cap). */
function rosterCsv(bytes: number): Buffer {
  const lines = ["nip,nama,jabatan,unit_asal,telepon"];
  let size = lines[0]?.length ?? 0;
  for (let i = 0; ; i++) {
    const line = `19850312201001${String(i % 10_000).padStart(4, "0")},Peserta Nomor ${i},Analis SDM Aparatur,Badan Kepegawaian Daerah Provinsi Sumatera Barat,+6281266${String(i).padStart(6, "0")}`;
    if (size + line.length + 1 > bytes) break;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(lines.join("\n"));
}

describe("heavy work runs off the event loop, within caps", () => {
  let bot: TestBot;
  let coordinator: UserHandle;
  let other: UserHandle;
  let programId: string;

  beforeAll(async () => {
    bot = await startTestBot({ clock: fixedClock(now) });
    const db = bot.db.prisma;
    const cohort = await seedCohort(db, {
      telegramIdBase: participantBase,
      startDate: "2026-11-23",
    });
    programId = cohort.programId;
    await grantRole(db, coordinatorId, "COORDINATOR", programId);
    // A participant who typed a formula as their name at registration.
    await db.person.update({
      where: { id: cohort.participants[0]?.personId ?? "" },
      data: { fullName: hostileName },
    });
    coordinator = bot.api.user(coordinatorId, { first_name: "Koordinator" });
    other = bot.api.user(otherUserId, { first_name: "Lain" });
  });
  afterAll(() => bot?.stop());

  async function rosterState() {
    const db = bot.db.prisma;
    const [roster, pending] = await Promise.all([
      db.rosterEntry.findMany({ where: { programId }, orderBy: { nip: "asc" } }),
      db.chatState.findMany({ where: { key: { contains: String(coordinatorId) } } }),
    ]);
    return { roster, pending };
  }

  /** The importer sends the file and, at once, another user asks /help; both are answered. */
  async function importWhileOtherAsksHelp(
    file: { file_name: string; mime_type: string; content: Buffer; declared_size?: number },
    refusal: RegExp,
  ): Promise<{ refused: SentRecord; help: SentRecord }> {
    const refused = coordinator.waitForMessage(refusal, wait);
    const help = other.waitForMessage(/Bantuan Tandang/, wait);
    coordinator.sendDocument({ ...file, caption: "/impor peserta" });
    other.sendCommand("/help");
    return { refused: await refused, help: await help };
  }

  it(
    "a 5 MB CSV: another user's /help is answered, the importer hears the row cap, nothing is kept",
    async () => {
      const before = await rosterState();
      const csv = rosterCsv(5 * 1024 * 1024 - 1024);
      expect(csv.length).toBeGreaterThan(4.9 * 1024 * 1024);
      const { refused, help } = await importWhileOtherAsksHelp(
        { file_name: "peserta.csv", mime_type: "text/csv", content: csv },
        /lebih dari 20000 baris/,
      );
      expect(refused.text).toContain("Belum ada data yang disimpan");
      expect(help.text).toContain("Bantuan Tandang");
      expect(await rosterState()).toEqual(before);
    },
    slow,
  );

  it(
    "an XLSX zip bomb (400 MB sheet): /help is answered, the importer hears the unpacked-size cap",
    async () => {
      const before = await rosterState();
      const bomb = xlsxBomb(400);
      expect(bomb.length).toBeLessThan(5 * 1024 * 1024);
      const { refused } = await importWhileOtherAsksHelp(
        {
          file_name: "peserta.xlsx",
          mime_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          content: bomb,
        },
        /setelah dibuka lebih dari 50 MB/,
      );
      expect(refused.text).toContain("Belum ada data yang disimpan");
      expect(await rosterState()).toEqual(before);
    },
    slow,
  );

  it(
    "a file whose size Telegram understates: the download stops at the byte cap",
    async () => {
      const before = await rosterState();
      // 19 MB: under Telegram's 20 MB download limit, so only the bot's own cap can stop it.
      const content = Buffer.alloc(19 * 1024 * 1024, "x");
      const { refused } = await importWhileOtherAsksHelp(
        { file_name: "peserta.csv", mime_type: "text/csv", content, declared_size: 1024 },
        /terlalu besar: lebih dari 5 MB/,
      );
      expect(refused.text).toContain("Belum ada data yang disimpan");
      const fileId = documentFileId();
      // The stream was abandoned early: not all 19 MB were handed out.
      expect(bot.api.bytesServed(fileId)).toBeGreaterThan(5 * 1024 * 1024);
      expect(bot.api.bytesServed(fileId)).toBeLessThan(content.length);
      expect(await rosterState()).toEqual(before);
    },
    slow,
  );

  it(
    "a file over Telegram's 20 MB download limit gets the byte-cap answer, not an error",
    async () => {
      const { refused } = await importWhileOtherAsksHelp(
        {
          file_name: "peserta.csv",
          mime_type: "text/csv",
          content: Buffer.alloc(21 * 1024 * 1024, "x"),
          declared_size: 1024,
        },
        /terlalu besar: lebih dari 5 MB/,
      );
      expect(refused.text).toContain("Belum ada data yang disimpan");
    },
    slow,
  );

  it(
    "a file of the right size is still read, checked in the worker and previewed",
    async () => {
      const csv = Buffer.from(
        [
          "nip,nama,jabatan,unit_asal,telepon",
          "198503122010011003,Andi Putra,Analis,BKD Sumbar,+6281266000100",
        ].join("\n"),
      );
      const preview = coordinator.waitForMessage(/Pratinjau impor/, wait);
      coordinator.sendDocument({
        file_name: "peserta.csv",
        mime_type: "text/csv",
        content: csv,
        caption: "/impor peserta",
      });
      const record = await preview;
      expect(record.text).toContain("berkas peserta.csv, 1 baris");
      expect(record.text).toContain("baru: 1");
    },
    slow,
  );

  it(
    "/rekap: the chart, XLSX and CSV come from the worker with the formula name made inert",
    async () => {
      const before = bot.api.sent(coordinatorId).length;
      coordinator.sendCommand("/rekap");
      const uploads = () =>
        bot.api
          .sent(coordinatorId)
          .slice(before)
          .filter((record) => record.method === "sendPhoto" || record.method === "sendDocument");
      await bot.api.waitUntil(() => uploads().length >= 3, { timeoutMs: 120_000 });
      const [, xlsx, csv] = uploads();
      const csvText = bot.api.fileContent(csv?.uploads?.[0]?.file_id ?? "")?.toString("utf8") ?? "";
      expect(csvText).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
      expect(csvText).not.toMatch(/(^|[,;])"?=HYPERLINK/m);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bot.api.fileContent(xlsx?.uploads?.[0]?.file_id ?? "") as never);
      const names: ExcelJS.Cell[] = [];
      workbook.eachSheet((sheet) =>
        sheet.eachRow((row) =>
          row.eachCell((cell) => {
            if (String(cell.value).includes("HYPERLINK")) names.push(cell);
          }),
        ),
      );
      expect(names.length).toBeGreaterThan(0);
      for (const cell of names) {
        expect(cell.value).toBe(`'${hostileName}`);
        expect(cell.formula).toBeUndefined();
      }
    },
    slow,
  );

  /** The file_id of the document the coordinator sent last (the /help came from someone else). */
  function documentFileId(): string {
    const message = bot.api.message(coordinatorId, coordinator.lastMessageId ?? 0);
    const fileId = message?.document?.file_id;
    if (!fileId) throw new Error("the coordinator sent no document");
    return fileId;
  }
});
