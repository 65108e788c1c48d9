import { type CohortParticipant, cohortParticipants } from "../db/seed/sumbar-jatim-cohort.ts";

/**
 * The people of the demo world. All invented: the cohort's participants come from the shared
 * seed; the coordinator and the official exist only here. Telegram ids sit far from the fake
 * Bot API's own bot id (7000000001) and stay below Number.MAX_SAFE_INTEGER.
 */

/** A fixed token: the built-in Bot API accepts only this one, so a real token is never needed. */
export const DEMO_BOT_TOKEN = "7000000001:TANDANG-demo_local-only";
export const DEMO_BOT_USERNAME = "tandang_demo_bot";

/** Registered participants get consecutive ids from here (the first is the one you play). */
export const PARTICIPANT_ID_BASE = 7_100_000_001;
/** Everyone in the cohort but the last registers up front; the last joins through the invite. */
export const REGISTERED_PARTICIPANTS = cohortParticipants.slice(0, -1);
export const NEWCOMER = cohortParticipants.at(-1) as CohortParticipant;
export const NEWCOMER_TELEGRAM_ID = 7_100_000_100;

export interface DemoStaffPerson {
  telegramId: number;
  fullName: string;
  firstName: string;
  position: string;
  ownAgency: string;
  phone: string;
  role: "COORDINATOR" | "OFFICIAL";
}

export const DEMO_COORDINATOR: DemoStaffPerson = {
  telegramId: 7_100_000_200,
  fullName: "Yulia Rahmawati",
  firstName: "Yulia",
  position: "Analis Pengembangan Kompetensi ASN",
  ownAgency: "Badan Pengembangan Sumber Daya Manusia",
  phone: "+6281266001200",
  role: "COORDINATOR",
};

export const DEMO_OFFICIAL: DemoStaffPerson = {
  telegramId: 7_100_000_300,
  fullName: "Hendra Gunawan",
  firstName: "Hendra",
  position: "Kepala Badan Pengembangan Sumber Daya Manusia",
  ownAgency: "Badan Pengembangan Sumber Daya Manusia",
  phone: "+6281266001300",
  role: "OFFICIAL",
};

/** The agenda of the demo week, Monday to Friday, for the whole program. */
export const DEMO_AGENDA = [
  { title: "Pembukaan dan orientasi", startTime: "08:00", endTime: "10:00", place: "BPSDM Jatim" },
  {
    title: "Paparan program unggulan",
    startTime: "09:00",
    endTime: "11:30",
    place: "OPD tuan rumah",
  },
  { title: "Kunjungan lapangan", startTime: "08:00", endTime: "15:00", place: "OPD tuan rumah" },
  { title: "Diskusi", startTime: "13:00", endTime: "15:00", place: "OPD tuan rumah" },
  {
    title: "Presentasi hasil magang",
    startTime: "09:00",
    endTime: "12:00",
    place: "Gedung Negara Grahadi, Surabaya",
  },
] as const;
