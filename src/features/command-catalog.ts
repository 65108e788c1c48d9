import type { RoleName } from "../bot/actor.ts";

/**
 * Every command the bot knows, the role that may use it and the locale key describing it.
 * /help lists the ones the user's roles allow; setMyCommands publishes the participant ones as the
 * default menu and a staff member's own in their chat (command-menus.ts).
 * Features add their commands here.
 */
export interface CommandEntry {
  command: string;
  role: RoleName | "everyone";
  descriptionKey: string;
  /**
   * Answered in group chats too. Every other command answers only in a private chat (in a group
   * the bot says so in one line and shows nothing personal): see features/access/group-guard.ts.
   */
  inGroups?: true;
}

export const commandCatalog: CommandEntry[] = [
  { command: "start", role: "everyone", descriptionKey: "commands.start" },
  { command: "help", role: "everyone", descriptionKey: "commands.help", inGroups: true },
  { command: "bahasa", role: "everyone", descriptionKey: "commands.bahasa" },
  { command: "batal", role: "everyone", descriptionKey: "commands.batal" },
  { command: "id", role: "everyone", descriptionKey: "commands.id" },
  {
    command: "verifikasi",
    role: "everyone",
    descriptionKey: "commands.verifikasi",
    inGroups: true,
  },
  { command: "programbaru", role: "coordinator", descriptionKey: "commands.programbaru" },
  { command: "programbalasan", role: "coordinator", descriptionKey: "commands.programbalasan" },
  { command: "impor", role: "coordinator", descriptionKey: "commands.impor" },
  { command: "template", role: "coordinator", descriptionKey: "commands.template" },
  { command: "undang", role: "coordinator", descriptionKey: "commands.undang" },
  { command: "libur", role: "coordinator", descriptionKey: "commands.libur" },
  { command: "beriperan", role: "admin", descriptionKey: "commands.beriperan" },
  { command: "cabutperan", role: "admin", descriptionKey: "commands.cabutperan" },
  { command: "audit", role: "admin", descriptionKey: "commands.audit" },
  { command: "hadir", role: "participant", descriptionKey: "commands.hadir" },
  { command: "jadwal", role: "participant", descriptionKey: "commands.jadwal" },
  { command: "penempatan", role: "participant", descriptionKey: "commands.penempatan" },
  { command: "laporan", role: "participant", descriptionKey: "commands.laporan" },
  { command: "riwayat", role: "participant", descriptionKey: "commands.riwayat" },
  { command: "laporanakhir", role: "participant", descriptionKey: "commands.laporanakhir" },
  { command: "dataku", role: "participant", descriptionKey: "commands.dataku" },
  { command: "hapusdata", role: "participant", descriptionKey: "commands.hapusdata" },
  { command: "dosir", role: "participant", descriptionKey: "commands.dosir_self" },
  { command: "sertifikat", role: "participant", descriptionKey: "commands.sertifikat" },
  { command: "umumkan", role: "coordinator", descriptionKey: "commands.umumkan" },
  { command: "pengumuman", role: "coordinator", descriptionKey: "commands.pengumuman" },
  { command: "tempatkan", role: "coordinator", descriptionKey: "commands.tempatkan" },
  {
    command: "tempatkanotomatis",
    role: "coordinator",
    descriptionKey: "commands.tempatkanotomatis",
  },
  { command: "status", role: "coordinator", descriptionKey: "commands.status" },
  { command: "koreksi", role: "coordinator", descriptionKey: "commands.koreksi" },
  { command: "koreksi", role: "mentor", descriptionKey: "commands.koreksi" },
  { command: "peserta", role: "coordinator", descriptionKey: "commands.peserta" },
  { command: "rekap", role: "coordinator", descriptionKey: "commands.rekap" },
  {
    command: "grupkoordinator",
    role: "coordinator",
    descriptionKey: "commands.grupkoordinator",
    inGroups: true,
  },
  { command: "dosir", role: "coordinator", descriptionKey: "commands.dosir" },
  { command: "laporanprogram", role: "coordinator", descriptionKey: "commands.laporanprogram" },
  { command: "status", role: "official", descriptionKey: "commands.status" },
  { command: "peserta", role: "official", descriptionKey: "commands.peserta" },
  { command: "rekap", role: "official", descriptionKey: "commands.rekap" },
  { command: "laporanprogram", role: "official", descriptionKey: "commands.laporanprogram" },
  { command: "pengaturan", role: "coordinator", descriptionKey: "commands.pengaturan" },
  { command: "sertifikat", role: "coordinator", descriptionKey: "commands.sertifikat_staff" },
  { command: "pengaturan", role: "official", descriptionKey: "commands.pengaturan" },
  { command: "sertifikat", role: "official", descriptionKey: "commands.sertifikat_staff" },
  // Mentors see the same views, limited to their host agency (hostUnitScope).
  { command: "status", role: "mentor", descriptionKey: "commands.status" },
  { command: "peserta", role: "mentor", descriptionKey: "commands.peserta" },
  { command: "rekap", role: "mentor", descriptionKey: "commands.rekap" },
  // The mentor's assessment: coordinators and officials follow it, mentors assess from it.
  { command: "penilaian", role: "coordinator", descriptionKey: "commands.penilaian" },
  { command: "penilaian", role: "official", descriptionKey: "commands.penilaian" },
  { command: "penilaian", role: "mentor", descriptionKey: "commands.penilaian" },
];

/**
 * The commands the roles allow, each once (a command may be listed for several roles). An
 * administrator may use every coordinator command (/programbaru, /impor, …), so those are listed.
 */
export function commandsFor(roles: RoleName[]): CommandEntry[] {
  const effective: RoleName[] = roles.includes("admin") ? [...roles, "coordinator"] : roles;
  const allowed = commandCatalog.filter(
    (entry) => entry.role === "everyone" || effective.includes(entry.role),
  );
  return allowed.filter(
    (entry, index) => allowed.findIndex((other) => other.command === entry.command) === index,
  );
}

/** Commands answered in group chats (everything else: private chats only). */
export const groupCommands: ReadonlySet<string> = new Set(
  commandCatalog.filter((entry) => entry.inGroups).map((entry) => entry.command),
);
