/** What can be imported, and the columns of each kind's file (Indonesian headers first). */
export const importKinds = ["roster", "host_units", "placements", "schedule"] as const;
export type ImportKind = (typeof importKinds)[number];

/** The word coordinators type: `/impor peserta|instansi|penempatan|jadwal`. */
export const importKindWords: Record<string, ImportKind> = {
  peserta: "roster",
  roster: "roster",
  instansi: "host_units",
  opd: "host_units",
  penempatan: "placements",
  jadwal: "schedule",
};

export const importKindWord: Record<ImportKind, string> = {
  roster: "peserta",
  host_units: "instansi",
  placements: "penempatan",
  schedule: "jadwal",
};

export interface ColumnSpec {
  /** The canonical (Indonesian) header, also the field name in validated rows. */
  header: string;
  aliases: string[];
  required: boolean;
  /** Example value for the template file. */
  example: string;
}

export const columnsOf: Record<ImportKind, ColumnSpec[]> = {
  roster: [
    { header: "nip", aliases: [], required: true, example: "198503122010011003" },
    {
      header: "nama",
      aliases: ["nama_lengkap", "name", "full_name"],
      required: true,
      example: "Andi Putra",
    },
    {
      header: "jabatan",
      aliases: ["position", "job_title"],
      required: false,
      example: "Analis SDM Aparatur",
    },
    {
      header: "unit_asal",
      aliases: ["opd_asal", "instansi_asal", "own_agency", "agency"],
      required: false,
      example: "Badan Kepegawaian Daerah Provinsi Sumatera Barat",
    },
    {
      header: "telepon",
      aliases: ["hp", "no_hp", "phone", "telp"],
      required: false,
      example: "+6281266000100",
    },
  ],
  host_units: [
    {
      header: "nama",
      aliases: ["name", "instansi"],
      required: true,
      example: "Badan Kepegawaian Daerah Provinsi Jawa Timur",
    },
    {
      header: "singkatan",
      aliases: ["short_name", "abbreviation"],
      required: false,
      example: "BKD Jatim",
    },
    {
      header: "alamat",
      aliases: ["address"],
      required: false,
      example: "Jl. Jemur Andayani I No. 1, Surabaya",
    },
    { header: "lat", aliases: ["latitude", "lintang"], required: false, example: "-7.3305" },
    { header: "lon", aliases: ["longitude", "lng", "bujur"], required: false, example: "112.7344" },
    { header: "radius_m", aliases: ["radius"], required: false, example: "200" },
    { header: "kapasitas", aliases: ["capacity"], required: false, example: "2" },
    { header: "pembimbing", aliases: ["mentor"], required: false, example: "Sri Wahyuni" },
    {
      header: "telepon_pembimbing",
      aliases: ["mentor_phone", "hp_pembimbing"],
      required: false,
      example: "+6281230000011",
    },
    {
      header: "padanan",
      aliases: ["counterparts", "counterpart", "mitra"],
      required: false,
      example: "Badan Kepegawaian Daerah Provinsi Sumatera Barat",
    },
  ],
  placements: [
    { header: "nip", aliases: [], required: true, example: "198503122010011003" },
    {
      header: "instansi",
      aliases: ["agency", "host_unit", "opd_tuan_rumah", "instansi_penerima"],
      required: true,
      example: "BKD Jatim",
    },
  ],
  schedule: [
    { header: "tanggal", aliases: ["date"], required: true, example: "26-02-2024" },
    { header: "mulai", aliases: ["start", "jam_mulai"], required: true, example: "08:00" },
    { header: "selesai", aliases: ["end", "jam_selesai"], required: false, example: "12:00" },
    {
      header: "kegiatan",
      aliases: ["activity", "title", "acara"],
      required: true,
      example: "Pembukaan dan orientasi",
    },
    {
      header: "tempat",
      aliases: ["place", "location", "lokasi"],
      required: false,
      example: "Aula BPSDM Jatim",
    },
    { header: "instansi", aliases: ["agency", "host_unit"], required: false, example: "" },
  ],
};

export function normaliseHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, "_");
}
