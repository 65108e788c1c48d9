/**
 * Indonesia's 38 provinces, keyed on the Kemendagri code. BPS codes differ for the Papua
 * provinces, so no other code system is accepted as a key.
 */

import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { type IndonesianZone, isValidTimeZone, zoneLabelFor } from "./time.ts";

export interface Province {
  /** Kemendagri code, e.g. "35" (Jawa Timur). */
  code: string;
  name: string;
  /** ISO 3166-2, e.g. "ID-JI". */
  iso: string;
  /** Everyday abbreviation, e.g. "Jatim", "Sumbar". */
  shortName: string;
  zone: IndonesianZone;
  /** IANA zone; Kalimantan Barat and Tengah are WIB but "Asia/Pontianak". */
  timeZone: string;
}

const PROVINCES_CSV_URL = new URL("../../data/provinces.csv", import.meta.url);

const provinceRowSchema = z
  .object({
    kemendagri_code: z.string().regex(/^\d{2}$/),
    name: z.string().min(1),
    iso_3166_2: z.string().regex(/^ID-[A-Z]{2}$/),
    short_name: z.string().min(1),
    zone: z.enum(["WIB", "WITA", "WIT"]),
    iana_time_zone: z.string().refine(isValidTimeZone, "unknown IANA time zone"),
  })
  .refine((row) => zoneLabelFor(row.iana_time_zone) === row.zone, {
    message: "zone does not match the IANA time zone",
    path: ["zone"],
  });

/** Parses the provinces CSV (header row required); throws naming the offending line. */
export function parseProvincesCsv(text: string): Province[] {
  const rows = parse(text, {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
  }) as unknown[];
  const provinces = rows.map((row, index) => {
    const result = provinceRowSchema.safeParse(row);
    if (!result.success) {
      // +2: one for the header, one because lines are counted from 1.
      const issues = result.error.issues
        .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
        .join("; ");
      throw new Error(`provinces CSV line ${index + 2}: ${issues}`);
    }
    const valid = result.data;
    return {
      code: valid.kemendagri_code,
      name: valid.name,
      iso: valid.iso_3166_2,
      shortName: valid.short_name,
      zone: valid.zone,
      timeZone: valid.iana_time_zone,
    } satisfies Province;
  });
  assertUnique(provinces, "code", (province) => province.code);
  assertUnique(provinces, "ISO code", (province) => province.iso);
  return provinces;
}

let cachedProvinces: readonly Province[] | undefined;

/** Reads the bundled `data/provinces.csv` once and caches it. */
export function loadProvinces(): readonly Province[] {
  cachedProvinces ??= Object.freeze(parseProvincesCsv(readFileSync(PROVINCES_CSV_URL, "utf8")));
  return cachedProvinces;
}

/**
 * Finds a province by Kemendagri code ("35"), short name ("Jatim"), ISO code ("ID-JI") or
 * name ("Jawa Timur", also "Provinsi Jawa Timur", "DKI Jakarta", "DI Yogyakarta"),
 * ignoring case and extra spaces.
 */
export function findProvince(
  query: string,
  provinces: readonly Province[] = loadProvinces(),
): Province | undefined {
  const wanted = normaliseProvinceQuery(query);
  if (wanted === "") return undefined;
  return provinces.find((province) => provinceKeys(province).includes(wanted));
}

function provinceKeys(province: Province): string[] {
  const name = normaliseProvinceQuery(province.name);
  const keys = [province.code, province.iso.toLowerCase(), province.shortName.toLowerCase(), name];
  // Official names are spelled out, but people write the abbreviated forms.
  const abbreviated = name
    .replace(/^daerah khusus ibukota /, "dki ")
    .replace(/^daerah istimewa /, "di ");
  if (abbreviated !== name) keys.push(abbreviated);
  return keys;
}

function normaliseProvinceQuery(value: string): string {
  return value
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^(provinsi|prov\.?) /, "");
}

function assertUnique(
  provinces: readonly Province[],
  label: string,
  keyOf: (province: Province) => string,
): void {
  const seen = new Set<string>();
  for (const province of provinces) {
    const key = keyOf(province);
    if (seen.has(key)) throw new Error(`provinces CSV: duplicate ${label} ${key}`);
    seen.add(key);
  }
}
