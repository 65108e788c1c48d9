import { describe, expect, it } from "vitest";
import { MAX_CRITERIA } from "../../../src/domain/assessment.ts";
import {
  parseSettingChange,
  readSignatories,
} from "../../../src/features/program-settings/program-settings.service.ts";

const now = new Date("2026-12-01T03:00:00Z");
const parse = (key: string, value: string) => parseSettingChange(key, value, now);

describe("/pengaturan values", () => {
  it("takes JP, attendance and the final-report switch, refusing values out of range", () => {
    expect(parse("jp", "32")).toEqual({ ok: true, change: { setting: "jp", hours: 32 } });
    expect(parse("JP", "hapus")).toEqual({ ok: true, change: { setting: "jp", hours: null } });
    expect(parse("jp", "0")).toMatchObject({ ok: false, problem: { key: "settings.error.jp" } });
    expect(parse("jp", "3,5")).toMatchObject({ ok: false });
    expect(parse("kehadiran", "75%")).toEqual({
      ok: true,
      change: { setting: "kehadiran", percent: 75 },
    });
    expect(parse("kehadiran", "101")).toMatchObject({
      ok: false,
      problem: { key: "settings.error.kehadiran" },
    });
    expect(parse("laporanakhir", "Tidak")).toEqual({
      ok: true,
      change: { setting: "laporanakhir", required: false },
    });
    expect(parse("laporanakhir", "mungkin")).toMatchObject({ ok: false });
  });

  it("takes a signatory with a valid NIP (grouped or not), without one, or clears it", () => {
    expect(parse("penandatangan", "1 Dr. Budi; Kepala BPSDM; 19700101 199503 1 001")).toEqual({
      ok: true,
      change: {
        setting: "penandatangan",
        slot: 1,
        signatory: { name: "Dr. Budi", position: "Kepala BPSDM", nip: "197001011995031001" },
      },
    });
    expect(parse("penandatangan", "2 Ir. Sari; Sekretaris")).toMatchObject({
      ok: true,
      change: { slot: 2, signatory: { name: "Ir. Sari", position: "Sekretaris" } },
    });
    expect(parse("penandatangan", "2 hapus")).toEqual({
      ok: true,
      change: { setting: "penandatangan", slot: 2, signatory: null },
    });
    const badNip = parse("penandatangan", "1 Budi; Kepala; 19701301199503100");
    expect(badNip).toMatchObject({ ok: false, problem: { key: "settings.error.nip" } });
    expect(badNip.ok ? undefined : badNip.problem.nipProblem?.code).toBe("wrong_length");
    expect(parse("penandatangan", "3 Budi; Kepala")).toMatchObject({ ok: false });
    expect(parse("penandatangan", "1 Budi")).toMatchObject({ ok: false });
  });

  it("maps the known criteria from either language to their keys and keeps others as written", () => {
    expect(parse("kriteria", "Disiplin, kerja sama , Kualitas kerja, Presentasi")).toEqual({
      ok: true,
      change: {
        setting: "kriteria",
        criteria: ["discipline", "cooperation", "work_quality", "Presentasi"],
      },
    });
    expect(parse("kriteria", "disiplin, discipline")).toMatchObject({
      ok: false,
      problem: { key: "settings.error.kriteria_duplicate" },
    });
    expect(
      parse("kriteria", Array.from({ length: MAX_CRITERIA + 1 }, (_, i) => `k${i}`).join(",")),
    ).toMatchObject({ ok: false, problem: { key: "settings.error.kriteria" } });
  });

  it("takes the assessment closing date as DD-MM-YYYY or automatic, and names an unknown key", () => {
    expect(parse("batasnilai", "11-12-2026")).toEqual({
      ok: true,
      change: { setting: "batasnilai", date: "2026-12-11" },
    });
    expect(parse("batasnilai", "otomatis")).toEqual({
      ok: true,
      change: { setting: "batasnilai", date: null },
    });
    expect(parse("batasnilai", "31-02-2026")).toMatchObject({ ok: false });
    expect(parse("warna", "biru")).toMatchObject({
      ok: false,
      problem: { key: "settings.error.unknown_key", vars: { key: "warna" } },
    });
  });

  it("reads stored signatories defensively, two at most", () => {
    expect(readSignatories(null)).toEqual([]);
    expect(
      readSignatories([
        { name: "A", position: "P", nip: "" },
        { name: 3 },
        { name: "B", position: "Q", nip: "197001011995031001" },
        { name: "C", position: "R" },
      ]),
    ).toEqual([{ name: "A", position: "P" }]);
  });
});
