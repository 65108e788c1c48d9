/**
 * Fuzzy matching of regional agency (OPD) names across provinces, so "Dinas Perhubungan
 * Provinsi Sumatera Barat" finds its counterpart "Dishub" in Jawa Timur. Provinces name and
 * merge agencies differently ("Dinas Komunikasi dan Informatika" vs "Dinas Komunikasi
 * Informatika dan Statistik"), hence a similarity score rather than equality.
 */

/** Similarity at or above which two agencies count as counterparts. */
export const COUNTERPART_SIMILARITY_THRESHOLD = 0.5;

// Abbreviations common in regional government; expanded so both spellings compare equal.
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  bkd: "badan kepegawaian daerah",
  bkpsdm: "badan kepegawaian dan pengembangan sumber daya manusia",
  bpsdm: "badan pengembangan sumber daya manusia",
  bapenda: "badan pendapatan daerah",
  bpkad: "badan pengelolaan keuangan dan aset daerah",
  bpkd: "badan pengelolaan keuangan daerah",
  bappeda: "badan perencanaan pembangunan daerah",
  bpbd: "badan penanggulangan bencana daerah",
  kesbangpol: "kesatuan bangsa dan politik",
  bakesbangpol: "badan kesatuan bangsa dan politik",
  dishub: "dinas perhubungan",
  kominfo: "komunikasi dan informatika",
  diskominfo: "dinas komunikasi dan informatika",
  diskominfotik: "dinas komunikasi informatika dan statistik",
  disnaker: "dinas tenaga kerja",
  disnakertrans: "dinas tenaga kerja dan transmigrasi",
  dkp: "dinas kelautan dan perikanan",
  dpmd: "dinas pemberdayaan masyarakat dan desa",
  disnak: "dinas peternakan",
  disnakkeswan: "dinas peternakan dan kesehatan hewan",
  dinkes: "dinas kesehatan",
  disdik: "dinas pendidikan",
  dispar: "dinas pariwisata",
  dinsos: "dinas sosial",
  dlh: "dinas lingkungan hidup",
  dpmptsp: "dinas penanaman modal dan pelayanan terpadu satu pintu",
  disperindag: "dinas perindustrian dan perdagangan",
  pupr: "pekerjaan umum dan penataan ruang",
  bmcktr: "bina marga cipta karya dan tata ruang",
  setda: "sekretariat daerah",
  sekda: "sekretariat daerah",
  itda: "inspektorat daerah",
  rsud: "rumah sakit umum daerah",
};

// Words every agency name has; sharing them says nothing about being counterparts.
const GENERIC_WORDS = new Set([
  "dinas",
  "badan",
  "biro",
  "kantor",
  "daerah",
  "dan",
  "serta",
  "uptd",
  "upt",
  "unit",
  "bidang",
  "bagian",
  "pelaksana",
  "teknis",
]);

// Everything after these words names the province, which differs between counterparts.
const REGION_QUALIFIERS = new Set(["provinsi", "prov", "pemprov"]);

/** Lower-case, unaccented, abbreviations expanded, region qualifier dropped. */
export function normaliseAgencyName(name: string): string {
  const words = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " dan ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter((word) => word !== "");
  const regionStart = words.findIndex((word, index) => index > 0 && REGION_QUALIFIERS.has(word));
  const withoutRegion = regionStart === -1 ? words : words.slice(0, regionStart);
  return withoutRegion.map((word) => ABBREVIATIONS[word] ?? word).join(" ");
}

/** Dice coefficient over the distinctive words of both names, 0 (unrelated) to 1. */
export function agencySimilarity(a: string, b: string): number {
  const normalisedA = normaliseAgencyName(a);
  const normalisedB = normaliseAgencyName(b);
  if (normalisedA === "" || normalisedB === "") return 0;
  if (normalisedA === normalisedB) return 1;
  const wordsA = distinctiveWords(normalisedA);
  const wordsB = distinctiveWords(normalisedB);
  if (wordsA.size === 0 || wordsB.size === 0) return 0;
  let shared = 0;
  for (const word of wordsA) if (wordsB.has(word)) shared++;
  return (2 * shared) / (wordsA.size + wordsB.size);
}

export function matchAgencyCounterpart(ownAgency: string, hostUnitName: string): boolean {
  return agencySimilarity(ownAgency, hostUnitName) >= COUNTERPART_SIMILARITY_THRESHOLD;
}

function distinctiveWords(normalisedName: string): Set<string> {
  return new Set(normalisedName.split(" ").filter((word) => !GENERIC_WORDS.has(word)));
}
