import { describe, expect, it } from "vitest";
import { findProvince, loadProvinces, parseProvincesCsv } from "../../src/domain/provinces.ts";

const HEADER = "kemendagri_code,name,iso_3166_2,short_name,short_name_source,zone,iana_time_zone";

describe("loadProvinces", () => {
  it("loads all 38 provinces from the bundled CSV", () => {
    const provinces = loadProvinces();
    expect(provinces).toHaveLength(38);
    expect(new Set(provinces.map((province) => province.code)).size).toBe(38);
  });

  it("assigns zones by province", () => {
    expect(findProvince("13")).toMatchObject({
      name: "Sumatera Barat",
      shortName: "Sumbar",
      iso: "ID-SB",
      zone: "WIB",
      timeZone: "Asia/Jakarta",
    });
    expect(findProvince("Kalbar")).toMatchObject({ zone: "WIB", timeZone: "Asia/Pontianak" });
    expect(findProvince("Bali")).toMatchObject({ zone: "WITA", timeZone: "Asia/Makassar" });
    expect(findProvince("Maluku")).toMatchObject({ zone: "WIT", timeZone: "Asia/Jayapura" });
  });
});

describe("findProvince", () => {
  it.each([
    ["35", "35"],
    ["Jatim", "35"],
    ["JATIM", "35"],
    ["ID-JI", "35"],
    ["id-ji", "35"],
    ["Jawa Timur", "35"],
    ["  jawa   timur ", "35"],
    ["Provinsi Jawa Timur", "35"],
    ["Sumbar", "13"],
    ["DKI Jakarta", "31"],
    ["DKI", "31"],
    ["DI Yogyakarta", "34"],
    ["Papua Barat Daya", "96"],
    ["PBD", "96"],
  ])("finds %j", (query, code) => {
    expect(findProvince(query)?.code).toBe(code);
  });

  it("does not confuse Papua with Papua Barat", () => {
    expect(findProvince("Papua")?.code).toBe("91");
    expect(findProvince("Papua Barat")?.code).toBe("92");
  });

  it("returns undefined for unknown or empty queries", () => {
    expect(findProvince("Atlantis")).toBeUndefined();
    expect(findProvince("   ")).toBeUndefined();
    expect(findProvince("Jawa")).toBeUndefined();
  });

  it("searches a given list instead of the bundled one", () => {
    const custom = parseProvincesCsv(
      `${HEADER}\n13,Sumatera Barat,ID-SB,Sumbar,verified,WIB,Asia/Jakarta\n`,
    );
    expect(findProvince("Sumbar", custom)?.name).toBe("Sumatera Barat");
    expect(findProvince("Jatim", custom)).toBeUndefined();
  });
});

describe("parseProvincesCsv", () => {
  it("parses a byte-order mark and blank lines", () => {
    const provinces = parseProvincesCsv(
      `\uFEFF${HEADER}\n\n51,Bali,ID-BA,Bali,verified,WITA,Asia/Makassar\n`,
    );
    expect(provinces).toEqual([
      {
        code: "51",
        name: "Bali",
        iso: "ID-BA",
        shortName: "Bali",
        zone: "WITA",
        timeZone: "Asia/Makassar",
      },
    ]);
  });

  it("names the line with an invalid row", () => {
    expect(() =>
      parseProvincesCsv(
        `${HEADER}\n51,Bali,ID-BA,Bali,verified,WITA,Asia/Makassar\n52,NTB,ID-NB,NTB,verified,WIB,Asia/Makassar\n`,
      ),
    ).toThrow(/line 3: zone/);
    expect(() =>
      parseProvincesCsv(`${HEADER}\n51,Bali,ID-BA,Bali,verified,WITA,Asia/Denpasar\n`),
    ).toThrow(/line 2: iana_time_zone/);
  });

  it("rejects duplicate codes", () => {
    expect(() =>
      parseProvincesCsv(
        `${HEADER}\n51,Bali,ID-BA,Bali,verified,WITA,Asia/Makassar\n51,Bali,ID-BX,Bali,verified,WITA,Asia/Makassar\n`,
      ),
    ).toThrow(/duplicate code 51/);
  });
});
