/**
 * One colour per attendance status, from the Okabe–Ito palette (distinguishable with the
 * common colour-vision deficiencies), shared by the charts and the recap workbook's grid.
 * `text` is the font colour that stays readable on the fill.
 */
export const STATUS_PALETTE = {
  HADIR: { fill: "#009E73", text: "#FFFFFF" },
  TERLAMBAT: { fill: "#E69F00", text: "#000000" },
  IZIN: { fill: "#56B4E9", text: "#000000" },
  SAKIT: { fill: "#CC79A7", text: "#000000" },
  DINAS_LUAR: { fill: "#0072B2", text: "#FFFFFF" },
  ALPA: { fill: "#D55E00", text: "#FFFFFF" },
  PENDING: { fill: "#F0E442", text: "#000000" },
  /** No record yet on a day still open (belum). */
  missing: { fill: "#BBBBBB", text: "#000000" },
} as const;

export type PaletteKey = keyof typeof STATUS_PALETTE;
