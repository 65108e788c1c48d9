import { describe, expect, it } from "vitest";
import {
  agencySimilarity,
  matchAgencyCounterpart,
  normaliseAgencyName,
} from "../../src/domain/agency-names.ts";

describe("normaliseAgencyName", () => {
  it("drops the province and expands abbreviations", () => {
    expect(normaliseAgencyName("Dinas Perhubungan Provinsi Sumatera Barat")).toBe(
      "dinas perhubungan",
    );
    expect(normaliseAgencyName("BKD Prov. Jatim")).toBe("badan kepegawaian daerah");
    expect(normaliseAgencyName("Biro Organisasi Setda")).toBe("biro organisasi sekretariat daerah");
    expect(normaliseAgencyName("Dinas Kelautan & Perikanan")).toBe("dinas kelautan dan perikanan");
  });
});

describe("matchAgencyCounterpart", () => {
  it.each([
    ["Dinas Perhubungan Provinsi Sumatera Barat", "Dinas Perhubungan Provinsi Jawa Timur"],
    ["BKD", "Badan Kepegawaian Daerah"],
    ["Bapenda Sumbar", "Badan Pendapatan Daerah Provinsi Jawa Timur"],
    ["Diskominfo Provinsi Sumatera Barat", "Dinas Komunikasi Informatika dan Statistik"],
    ["Disnakertrans", "Dinas Tenaga Kerja dan Transmigrasi"],
    ["Inspektorat", "Inspektorat Daerah Provinsi Jawa Timur"],
    ["Dinas Peternakan dan Kesehatan Hewan", "Dinas Peternakan"],
  ])("pairs %j with %j", (own, host) => {
    expect(matchAgencyCounterpart(own, host)).toBe(true);
  });

  it.each([
    ["BKD", "Bapenda"],
    ["Dinas Perhubungan", "Dinas Kesehatan"],
    ["Badan Kepegawaian Daerah", "Badan Pendapatan Daerah"],
    [
      "Dinas Pemberdayaan Masyarakat dan Desa",
      "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
    ],
    ["", "Dinas Perhubungan"],
  ])("does not pair %j with %j", (own, host) => {
    expect(matchAgencyCounterpart(own, host)).toBe(false);
  });

  it("scores identical names 1 and is symmetric", () => {
    expect(agencySimilarity("Dishub", "Dinas Perhubungan")).toBe(1);
    expect(agencySimilarity("Diskominfo", "Dinas Komunikasi Informatika dan Statistik")).toBe(
      agencySimilarity("Dinas Komunikasi Informatika dan Statistik", "Diskominfo"),
    );
  });
});
