// Pictures for docs/panduan-panitia.md, taken from the real bot: starts the demo (built-in Bot
// API, real bot, embedded database) in a fresh temporary folder on a fixed week, lets the cohort
// check in for three days through the bot, drives the coordinator's and a participant's chats,
// and screenshots the demo's own web chat with headless Chromium after each step. The /rekap
// files the bot sent are saved too, and printed to PNG through LibreOffice and pdftoppm.
//
// Usage (Debian: apt-get install chromium libreoffice-calc-nogui poppler-utils pngquant):
//   npx tsx scripts/demo-screenshots.ts [--out docs/img] [--files <folder for the recap files>]
// Each PNG is squeezed with pngquant when it is installed. Nothing here runs in the tests.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { MessageMatcher, SentRecord, UserHandle } from "@tandang/fake-bot-api";
import { DEMO_TIME_ZONE } from "../src/demo/seed-demo.ts";
import { startDemo } from "../src/demo/start-demo.ts";
import { zonedDateTimeToInstant } from "../src/domain/time.ts";
import type { Clock } from "../src/shared/clock.ts";

const { values } = parseArgs({
  options: {
    out: { type: "string", default: "docs/img" },
    files: { type: "string" },
    chromium: { type: "string", default: "chromium" },
  },
});
const outDir = resolve(values.out as string);
const work = mkdtempSync(join(tmpdir(), "tandang-shots-"));
// As root the embedded PostgreSQL runs as `nobody`, which must be able to reach its folder.
chmodSync(work, 0o755);
const filesDir = resolve(values.files ?? join(work, "files"));
mkdirSync(outDir, { recursive: true });
mkdirSync(filesDir, { recursive: true });

// The demo week is the week of the clock: Monday 23 – Friday 27 November 2026, Jawa Timur (WIB).
const MONDAY = "2026-11-23";
const TUESDAY = "2026-11-24";
const WEDNESDAY = "2026-11-25";
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
function at(date: string, time: string): void {
  offsetMs = zonedDateTimeToInstant(date, time, DEMO_TIME_ZONE).getTime() - Date.now();
}
at(MONDAY, "07:00");

const started = Date.now();
const step = (what: string) =>
  process.stdout.write(`${Math.round((Date.now() - started) / 1000)} s: ${what}\n`);
const demo = await startDemo({
  port: 0,
  dataDir: join(work, "demo"),
  reset: true,
  clock,
  logLevel: "warn",
});
const WAIT = { timeoutMs: 30_000 };

try {
  const { world, api, chat } = demo;
  const db = demo.app.deps.db;
  const enrollments = await db.enrollment.findMany({
    where: { programId: world.programId, person: { account: { isNot: null } } },
    include: { person: { include: { account: true } }, hostUnit: true },
    orderBy: { person: { fullName: "asc" } },
  });
  const cohort = enrollments
    .map((enrollment) => ({
      telegramId: Number(enrollment.person.account?.telegramUserId ?? 0),
      latitude: enrollment.hostUnit?.latitude ?? null,
      longitude: enrollment.hostUnit?.longitude ?? null,
    }))
    .filter((person) => person.telegramId !== world.participant.telegramId)
    .filter((person) => person.latitude !== null && person.longitude !== null);

  const member = (index: number) => {
    const person = cohort[index];
    if (!person) throw new Error(`the demo cohort has no participant ${index}`);
    return person;
  };

  async function reply(
    user: UserHandle,
    act: () => unknown,
    matcher: MessageMatcher,
  ): Promise<SentRecord> {
    const next = user.waitForMessage(matcher, { onlyNew: true, ...WAIT });
    act();
    return next;
  }

  /** One participant's check-in through the bot: at the office, far away, or izin/sakit. */
  async function checkIn(
    person: (typeof cohort)[number],
    how: "office" | "far" | "izin" | "sakit",
  ): Promise<void> {
    const user = api.user(person.telegramId);
    const prompt = await reply(user, () => user.sendCommand("/hadir"), /Tekan tombol|sudah/);
    if (!/Tekan tombol/.test(prompt.text ?? "")) return;
    if (how === "izin" || how === "sakit") {
      await reply(
        user,
        () => user.pressButton(prompt.message_id ?? 0, `checkin:alt:${how}`),
        /alasannya/,
      );
      await reply(
        user,
        () => user.sendText(how === "izin" ? "Urusan keluarga" : "Demam, surat dokter menyusul"),
        /tercatat/,
      );
      return;
    }
    const latitude = (person.latitude ?? 0) + (how === "far" ? 0.03 : 0.0001);
    await reply(
      user,
      () =>
        user.sendLocation({
          latitude,
          longitude: person.longitude ?? 0,
          horizontal_accuracy: 12,
        }),
      /tercatat/,
    );
  }

  // Monday and Tuesday: most at the office, a few late, one izin, one sakit; the rest absent.
  for (const [day, plan] of [
    [MONDAY, { office: 19, late: 2, izin: 1, sakit: 0 }],
    [TUESDAY, { office: 20, late: 1, izin: 0, sakit: 1 }],
  ] as const) {
    at(day, "07:05");
    let index = 0;
    for (let n = 0; n < plan.office; n++) await checkIn(member(index++), "office");
    for (let n = 0; n < plan.izin; n++) await checkIn(member(index++), "izin");
    for (let n = 0; n < plan.sakit; n++) await checkIn(member(index++), "sakit");
    at(day, "07:48");
    for (let n = 0; n < plan.late; n++) await checkIn(member(index++), "office");
  }

  step("Monday and Tuesday checked in");
  // Wednesday morning: the pictures.
  at(WEDNESDAY, "07:10");
  for (const person of cohort.slice(0, 15)) await checkIn(person, "office");

  const coordinator = chat.identity("koordinator");
  const participant = chat.identity("peserta");
  if (!coordinator || !participant) throw new Error("the demo has no koordinator or peserta");
  const coordinatorUser = api.user(coordinator.telegramId);
  const participantUser = api.user(participant.telegramId);
  /** The demo's web chat of `as`, showing only what came after `since`, as a PNG. */
  async function shoot(name: string, as: string, since: number, height = 900): Promise<void> {
    const file = join(outDir, `${name}.png`);
    const profile = mkdtempSync(join(work, "chromium-"));
    const url = `${demo.url}?as=${as}&since=${since}&plain=1`;
    // Asynchronously: the demo's web server lives in this process and must answer the page.
    const result = await run(
      values.chromium as string,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        `--user-data-dir=${profile}`,
        `--window-size=420,${height}`,
        "--force-device-scale-factor=1.5",
        "--virtual-time-budget=5000",
        `--screenshot=${file}`,
        url,
      ],
      120_000,
    );
    if (result.status !== 0 || !existsSync(file)) {
      throw new Error(`chromium wrote no ${file}: ${result.stdout}\n${result.stderr}`.slice(-2000));
    }
    squeeze(file);
    process.stdout.write(`${file} (${Math.round(statSync(file).size / 1024)} KB)\n`);
  }
  const since = (telegramId: number) => chat.log.lastSeq(telegramId);

  // The coordinator opens the chat once, so the first picture is not the welcome.
  await reply(
    coordinatorUser,
    () => chat.perform(coordinator, { type: "text", text: "/start" }),
    /./,
  );

  // 1. The invite and its printable card.
  let mark = since(coordinator.telegramId);
  await reply(
    coordinatorUser,
    () => chat.perform(coordinator, { type: "text", text: "/undang peserta" }),
    (record) => record.method === "sendPhoto",
  );
  await shoot("undangan", "koordinator", mark);

  // 2. An import with a broken row: named by line and column.
  mark = since(coordinator.telegramId);
  await reply(
    coordinatorUser,
    () => chat.perform(coordinator, { type: "text", text: "/impor peserta" }),
    /kirim berkas|Silakan kirim|program yang mana/i,
  );
  const csv = [
    "nip;nama;jabatan;unit_asal;telepon",
    "198601152010012004;Rina Marlina;Analis Kebijakan;Biro Organisasi;081266001401",
    "19860215201001200;Dedi Kurniawan;Pranata Komputer;Dinas Kominfo;081266001402",
    "198703202011011005;;Analis SDM Aparatur;BKD;081266001403",
  ].join("\n");
  await reply(
    coordinatorUser,
    () =>
      chat.perform(coordinator, {
        type: "document",
        fileName: "peserta-tambahan.csv",
        mimeType: "text/csv",
        content: Buffer.from(csv, "utf8"),
      }),
    /[Bb]aris/,
  );
  await new Promise((done) => setTimeout(done, 1500));
  await shoot("impor-baris-salah", "koordinator", mark);
  await reply(
    coordinatorUser,
    () => chat.perform(coordinator, { type: "text", text: "/batal" }),
    /./,
  );

  // 3. A participant's check-in at the office.
  at(WEDNESDAY, "07:20");
  mark = since(participant.telegramId);
  await reply(
    participantUser,
    () => chat.perform(participant, { type: "text", text: "/hadir" }),
    // The second prompt, which carries the "send my location" keyboard.
    /ketik \/batal/,
  );
  await reply(
    participantUser,
    () =>
      chat.perform(participant, {
        type: "location",
        latitude: participant.office.latitude + 0.00012,
        longitude: participant.office.longitude - 0.00009,
      }),
    /tercatat/,
  );
  await shoot("presensi-peserta", "peserta", mark);

  // 4. A check-in far from the office: the review request with its buttons.
  at(WEDNESDAY, "07:25");
  mark = since(coordinator.telegramId);
  const review = coordinatorUser.waitForMessage(/luar area kantor/, { onlyNew: true, ...WAIT });
  await checkIn(member(15), "far");
  await review;
  await shoot("tinjauan-presensi", "koordinator", mark, 760);

  // 5. Another one corrected with the ✏️ Koreksi button: code and reason in one answer.
  at(WEDNESDAY, "07:40");
  mark = since(coordinator.telegramId);
  const second = coordinatorUser.waitForMessage(/luar area kantor/, { onlyNew: true, ...WAIT });
  await checkIn(member(16), "far");
  const request = await second;
  const fix = request.message?.reply_markup?.inline_keyboard
    ?.flat()
    .find(
      (button) => "callback_data" in button && button.callback_data?.startsWith("checkin:fix:"),
    );
  if (!fix || !("callback_data" in fix) || !fix.callback_data) throw new Error("no Koreksi button");
  const fixData = fix.callback_data;
  await reply(
    coordinatorUser,
    () =>
      chat.perform(coordinator, {
        type: "button",
        messageId: request.message_id ?? 0,
        data: fixData,
      }),
    /Koreksi presensi/,
  );
  await reply(
    coordinatorUser,
    () =>
      chat.perform(coordinator, {
        type: "text",
        text: "DL rapat koordinasi di kantor gubernur, surat tugas ada",
      }),
    /dikoreksi/,
  );
  await shoot("koreksi-presensi", "koordinator", mark, 1250);

  // 5. /status and its chart, 6. /rekap with chart, XLSX and CSV (after the window closed).
  at(WEDNESDAY, "10:30");
  mark = since(coordinator.telegramId);
  await reply(
    coordinatorUser,
    () => chat.perform(coordinator, { type: "text", text: "/status" }),
    /Presensi hari ini/,
  );
  await shoot("status", "koordinator", mark, 1300);
  mark = since(coordinator.telegramId);
  await reply(
    coordinatorUser,
    () => chat.perform(coordinator, { type: "text", text: "/status grafik" }),
    (record) => record.method === "sendPhoto",
  );
  await shoot("status-grafik", "koordinator", mark, 640);

  mark = since(coordinator.telegramId);
  const isRecapFile = (record: SentRecord, ext: string) =>
    Boolean(record.uploads?.some((upload) => upload.file_name.endsWith(ext)));
  const xlsx = coordinatorUser.waitForMessage((record) => isRecapFile(record, ".xlsx"), {
    onlyNew: true,
    ...WAIT,
  });
  const csvFile = await reply(
    coordinatorUser,
    () => chat.perform(coordinator, { type: "text", text: "/rekap" }),
    (record) => isRecapFile(record, ".csv"),
  );
  const files = [await xlsx, csvFile];
  await shoot("rekap", "koordinator", mark, 1000);

  // Save the last recap files the bot sent.
  for (const record of files) {
    for (const upload of record.uploads ?? []) {
      if (!/\.(xlsx|csv)$/.test(upload.file_name)) continue;
      const content = api.fileContent(upload.file_id);
      if (content) writeFileSync(join(filesDir, upload.file_name), content);
    }
  }

  step("conversations done");

  // The recap as printed: XLSX and CSV through LibreOffice to PDF, the first page as PNG.
  for (const name of readdirSync(filesDir).filter((file) => /\.(xlsx|csv)$/.test(file))) {
    const source = join(filesDir, name);
    const isCsv = name.endsWith(".csv");
    execFileSync(
      "libreoffice",
      [
        `-env:UserInstallation=file://${join(work, "lo-profile")}`,
        "--headless",
        // A CSV as an Indonesian spreadsheet opens it: `;` between cells, UTF-8, Indonesian.
        ...(isCsv ? ["--infilter=CSV:59,34,76,1,,1057"] : []),
        "--convert-to",
        "pdf",
        "--outdir",
        join(filesDir, isCsv ? "csv" : "xlsx"),
        source,
      ],
      { stdio: "ignore", timeout: 180_000 },
    );
  }
  // pdftoppm: every page as PNG (100 dpi) beside its PDF, to look at.
  for (const kind of ["xlsx", "csv"]) {
    const dir = join(filesDir, kind);
    for (const name of readdirSync(dir).filter((file) => file.endsWith(".pdf"))) {
      execFileSync("pdftoppm", ["-png", "-r", "100", join(dir, name), join(dir, "halaman")]);
      process.stdout.write(`${join(dir, name)}: ${readdirSync(dir).length - 1} page(s)\n`);
    }
  }
  // The printed XLSX's first page (its summary sheet) goes into the guide, at 100 dpi.
  const printed = readdirSync(join(filesDir, "xlsx")).find((file) => file.endsWith(".pdf"));
  if (printed) {
    const prefix = join(work, "rekap-cetak");
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      "100",
      "-f",
      "1",
      "-l",
      "1",
      "-singlefile",
      join(filesDir, "xlsx", printed),
      prefix,
    ]);
    const target = join(outDir, "rekap-cetak.png");
    copyFileSync(`${prefix}.png`, target);
    squeeze(target);
    process.stdout.write(`${target} (${Math.round(statSync(target).size / 1024)} KB)\n`);
  }
} finally {
  await demo.stop();
  if (!values.files) rmSync(work, { recursive: true, force: true });
}

function run(
  command: string,
  args: string[],
  timeoutMs: number,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(command, args, { timeout: timeoutMs, encoding: "utf8" }, (error, stdout, stderr) => {
      done({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Palette PNG when pngquant is installed: a chat screenshot drops to a third of its size. */
function squeeze(file: string): void {
  const result = spawnSync("pngquant", [
    "--force",
    "--skip-if-larger",
    "--output",
    file,
    "--",
    file,
  ]);
  if (result.error) process.stdout.write("(pngquant not found; PNG left as Chromium wrote it)\n");
}
