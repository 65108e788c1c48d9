import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.ts";
import type { Database } from "../../src/db/client.ts";
import { cohortParticipants } from "../../src/db/seed/sumbar-jatim-cohort.ts";
import { createI18n, translatorFor } from "../../src/i18n/i18n.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { createTestDatabase } from "../support/test-database.ts";

describe("command-line tool", () => {
  let db: Database;
  let dir: string;
  let out: string[];
  let errors: string[];
  const run = (...argv: string[]) => {
    out = [];
    errors = [];
    return runCli(argv, {
      openDatabase: async () => db,
      t: translatorFor(createI18n("id"), "id"),
      helpT: translatorFor(createI18n("id"), "en"),
      clock: fixedClock(new Date("2026-11-24T00:00:00Z")),
      print: (line) => out.push(line),
      printError: (line) => errors.push(line),
    });
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), "tandang-cli-"));
  });
  afterAll(() => db.close());

  it("writes example files with Indonesian headers, as CSV and XLSX", async () => {
    expect(await run("template", join(dir, "contoh"))).toBe(0);
    const files = (await readdir(join(dir, "contoh"))).sort();
    expect(files).toEqual([
      "contoh-instansi.csv",
      "contoh-instansi.xlsx",
      "contoh-jadwal.csv",
      "contoh-jadwal.xlsx",
      "contoh-penempatan.csv",
      "contoh-penempatan.xlsx",
      "contoh-peserta.csv",
      "contoh-peserta.xlsx",
    ]);
    const roster = await readFile(join(dir, "contoh", "contoh-peserta.csv"), "utf8");
    expect(roster.split("\n")[0]).toBe("nip,nama,jabatan,unit_asal,telepon");
  });

  it("creates a program and imports the template files into it", async () => {
    expect(
      await run(
        "program",
        "create",
        "--name",
        "Magang CLI",
        "--sending",
        "Sumbar",
        "--host",
        "Jatim",
        "--start",
        "30-11-2026",
        "--end",
        "04-12-2026",
      ),
    ).toBe(0);
    const programId = /id: (\S+)/.exec(out[0] ?? "")?.[1] ?? "";
    const program = await db.prisma.program.findUniqueOrThrow({ where: { id: programId } });
    expect([program.sendingProvinceCode, program.hostProvinceCode]).toEqual(["13", "35"]);

    expect(
      await run(
        "import",
        "instansi",
        join(dir, "contoh", "contoh-instansi.xlsx"),
        "--program",
        programId,
      ),
    ).toBe(0);
    expect(out[0]).toContain("1 baru");
    expect(
      await run(
        "import",
        "peserta",
        join(dir, "contoh", "contoh-peserta.csv"),
        "--program",
        programId,
      ),
    ).toBe(0);
    expect(await db.prisma.rosterEntry.count({ where: { programId } })).toBe(1);
  });

  it("prints every problem and saves nothing unless --valid-only", async () => {
    const programId = (await db.prisma.program.findFirstOrThrow({ where: { name: "Magang CLI" } }))
      .id;
    const file = join(dir, "rusak.csv");
    await writeFile(file, `nip,nama\n${cohortParticipants[2]?.nip},Yuliani\n123,Salah\n`);
    expect(await run("import", "peserta", file, "--program", programId)).toBe(1);
    expect(errors[0]).toBe("Baris 3, kolom nip: NIP harus 18 angka (isi: “123”)");
    expect(errors[1]).toContain("Tidak ada yang disimpan");
    expect(await db.prisma.rosterEntry.count({ where: { programId } })).toBe(1);
    expect(await run("import", "peserta", file, "--program", programId, "--valid-only")).toBe(0);
    expect(await db.prisma.rosterEntry.count({ where: { programId } })).toBe(2);
  });

  it("refuses bad arguments with the usage", async () => {
    expect(
      await run(
        "program",
        "create",
        "--name",
        "X",
        "--sending",
        "Sumbar",
        "--host",
        "Sumbar",
        "--start",
        "01-12-2026",
        "--end",
        "02-12-2026",
      ),
    ).toBe(2);
    expect(await run("import", "peserta", join(dir, "x.pdf"), "--program", "p")).toBe(1);
    expect(await run("bantu")).toBe(2);
    expect(errors[0]).toContain("npm run cli -- template");
  });

  it("prints its help in English with Indonesian examples, on stdout for `help`", async () => {
    expect(await run("help")).toBe(0);
    const text = out.join("\n");
    expect(errors).toEqual([]);
    expect(text).toMatch(/^Usage:/);
    expect(text).toContain("import peserta daftar-peserta-sumbar.xlsx");
    expect(text).toContain(
      '--name "Magang ASN Sumbar di Jatim 2026" --sending Sumbar --host Jatim',
    );
    expect(text).toContain("backup cadangan-tandang-2026-12-01.jsonl.gz");
    expect(await run("--help")).toBe(0);
    expect(await run("bantu")).toBe(2);
    expect(errors.join("\n")).toMatch(/^Usage:/);
    expect(out).toEqual([]);
  });
});
