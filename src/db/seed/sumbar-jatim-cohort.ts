/**
 * The cohort the project comes from: 26 ASN of Sumatera Barat interned for five working days in
 * 13 agencies of Jawa Timur (26 Feb – 1 Mar 2024, under a PKS between the two provinces).
 * Agency names are from the news; people, NIPs and phone numbers are invented, and office
 * coordinates are approximate (Surabaya), for the demo and the tests.
 */
export interface CohortHostUnit {
  name: string;
  shortName: string;
  address: string;
  latitude: number;
  longitude: number;
  capacity: number;
  mentorName: string;
  mentorPhone: string;
}

export interface CohortParticipant {
  fullName: string;
  nip: string;
  position: string;
  ownAgency: string;
  phone: string;
}

export const cohortProgram = {
  name: "Magang ASN Sumbar di Jatim 2024",
  sendingProvinceCode: "13",
  hostProvinceCode: "35",
  startDate: "2024-02-26",
  endDate: "2024-03-01",
  agreementRef: "PKS Pemprov Sumbar – Pemprov Jatim",
} as const;

export const cohortHostUnits: CohortHostUnit[] = [
  [
    "Badan Pengembangan Sumber Daya Manusia Provinsi Jawa Timur",
    "BPSDM Jatim",
    "Jl. Balongsari Tama No. 1, Surabaya",
    -7.2597,
    112.6761,
    "Dwi Hartono",
  ],
  [
    "Badan Kepegawaian Daerah Provinsi Jawa Timur",
    "BKD Jatim",
    "Jl. Jemur Andayani I No. 1, Surabaya",
    -7.3305,
    112.7344,
    "Sri Wahyuni",
  ],
  [
    "Badan Pendapatan Daerah Provinsi Jawa Timur",
    "Bapenda Jatim",
    "Jl. Manyar Kertoarjo No. 1, Surabaya",
    -7.2806,
    112.7645,
    "Agus Santoso",
  ],
  [
    "Badan Pengelola Keuangan dan Aset Daerah Provinsi Jawa Timur",
    "BPKAD Jatim",
    "Jl. Pahlawan No. 116, Surabaya",
    -7.2459,
    112.7378,
    "Lilik Suryani",
  ],
  [
    "Dinas Kelautan dan Perikanan Provinsi Jawa Timur",
    "DKP Jatim",
    "Jl. Ahmad Yani No. 152B, Surabaya",
    -7.3196,
    112.7307,
    "Bambang Irawan",
  ],
  [
    "Dinas Tenaga Kerja dan Transmigrasi Provinsi Jawa Timur",
    "Disnakertrans Jatim",
    "Jl. Dukuh Menanggal No. 124-126, Surabaya",
    -7.3446,
    112.7196,
    "Endah Puspitasari",
  ],
  [
    "Dinas Pemberdayaan Masyarakat dan Desa Provinsi Jawa Timur",
    "DPMD Jatim",
    "Jl. Ahmad Yani No. 152, Surabaya",
    -7.3201,
    112.731,
    "Heru Prasetyo",
  ],
  [
    "Inspektorat Daerah Provinsi Jawa Timur",
    "Inspektorat Jatim",
    "Jl. Raya Bandara Juanda, Sidoarjo",
    -7.3782,
    112.7687,
    "Ratna Dewi",
  ],
  [
    "Dinas Peternakan Provinsi Jawa Timur",
    "Disnak Jatim",
    "Jl. Ahmad Yani No. 202, Surabaya",
    -7.3335,
    112.729,
    "Yusuf Efendi",
  ],
  [
    "Dinas Bina Marga Cipta Karya dan Tata Ruang Provinsi Jawa Timur",
    "DBMCKTR Jatim",
    "Jl. Gayung Kebonsari No. 167, Surabaya",
    -7.337,
    112.7236,
    "Wahyu Nugroho",
  ],
  [
    "Dinas Perhubungan Provinsi Jawa Timur",
    "Dishub Jatim",
    "Jl. Ahmad Yani No. 268, Surabaya",
    -7.3425,
    112.7285,
    "Fajar Kurniawan",
  ],
  [
    "Dinas Komunikasi dan Informatika Provinsi Jawa Timur",
    "Kominfo Jatim",
    "Jl. Ahmad Yani No. 242-244, Surabaya",
    -7.338,
    112.73,
    "Nur Aini",
  ],
  [
    "Biro Organisasi Sekretariat Daerah Provinsi Jawa Timur",
    "Biro Organisasi Jatim",
    "Jl. Pahlawan No. 110, Surabaya",
    -7.2464,
    112.7375,
    "Teguh Wibowo",
  ],
].map(([name, shortName, address, latitude, longitude, mentorName], index) => ({
  name: String(name),
  shortName: String(shortName),
  address: String(address),
  latitude: Number(latitude),
  longitude: Number(longitude),
  capacity: 2,
  mentorName: String(mentorName),
  mentorPhone: `+62812300000${String(index + 10)}`,
}));

/** The twelve sending agencies of Sumatera Barat offered as buttons during registration. */
export const sumbarAgencies = [
  "Badan Pengembangan Sumber Daya Manusia Provinsi Sumatera Barat",
  "Badan Kepegawaian Daerah Provinsi Sumatera Barat",
  "Badan Pendapatan Daerah Provinsi Sumatera Barat",
  "Badan Keuangan Daerah Provinsi Sumatera Barat",
  "Dinas Kelautan dan Perikanan Provinsi Sumatera Barat",
  "Dinas Tenaga Kerja dan Transmigrasi Provinsi Sumatera Barat",
  "Dinas Pemberdayaan Masyarakat dan Desa Provinsi Sumatera Barat",
  "Inspektorat Daerah Provinsi Sumatera Barat",
  "Dinas Peternakan dan Kesehatan Hewan Provinsi Sumatera Barat",
  "Dinas Bina Marga Cipta Karya dan Tata Ruang Provinsi Sumatera Barat",
  "Dinas Perhubungan Provinsi Sumatera Barat",
  "Dinas Komunikasi Informatika dan Statistik Provinsi Sumatera Barat",
];

const givenNames = [
  "Andi",
  "Rahmat",
  "Yuliani",
  "Fitri",
  "Hendra",
  "Rina",
  "Zulkifli",
  "Desi",
  "Irwan",
  "Mira",
  "Ferdi",
  "Nelvi",
  "Syafrizal",
  "Wulan",
  "Edwar",
  "Lusi",
  "Arif",
  "Yenni",
  "Rizal",
  "Sari",
  "Doni",
  "Elvira",
  "Gusri",
  "Hayati",
  "Riko",
  "Mega",
];
const familyNames = [
  "Putra",
  "Syahputra",
  "Sari",
  "Yanti",
  "Saputra",
  "Wati",
  "Hidayat",
  "Lestari",
];
const positions = [
  "Analis SDM Aparatur",
  "Pranata Komputer",
  "Perencana",
  "Analis Kebijakan",
  "Auditor",
];

/** 26 participants from the 12 agencies: three each from BPSDM and BKD, two from every other. */
export const cohortParticipants: CohortParticipant[] = givenNames.map((given, index) => {
  const agencyIndex =
    [0, 0, 0, 1, 1, 1, 2, 2, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 3, 3][index] ?? 0;
  const female = index % 3 === 2 || /a$|i$/.test(given);
  const birthYear = 1975 + (index % 20);
  const birth = `${birthYear}${String((index % 12) + 1).padStart(2, "0")}${String((index % 27) + 1).padStart(2, "0")}`;
  const appointment = `${birthYear + 24}${String(((index + 3) % 12) + 1).padStart(2, "0")}`;
  return {
    fullName: `${given} ${familyNames[index % familyNames.length]}`,
    nip: `${birth}${appointment}${female ? "2" : "1"}${String(index + 1).padStart(3, "0")}`,
    position: positions[index % positions.length] ?? "Analis",
    ownAgency: sumbarAgencies[agencyIndex] ?? "",
    phone: `+6281266000${String(index + 100)}`,
  };
});
