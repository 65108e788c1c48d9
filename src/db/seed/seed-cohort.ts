import { addDays } from "../../domain/time.ts";
import type { DbOrTx } from "../client.ts";
import {
  type CohortParticipant,
  cohortHostUnits,
  cohortParticipants,
  cohortProgram,
  sumbarAgencies,
} from "./sumbar-jatim-cohort.ts";

export interface SeedCohortOptions {
  /** Shifts the program to start on this date (YYYY-MM-DD, a Monday), keeping five working days. */
  startDate?: string;
  /** Also register the participants (person + Telegram account + enrollment), with these ids. */
  telegramIdBase?: number;
  /** Place each registered participant at the counterpart of their agency, two per unit. */
  placed?: boolean;
  participants?: CohortParticipant[];
}

export interface SeededCohort {
  programId: string;
  hostUnitIds: string[];
  participants: { personId: string; enrollmentId: string; telegramUserId: bigint; nip: string }[];
}

/**
 * Seeds the Sumbar → Jatim cohort: program, host units, roster, and optionally registered and
 * placed participants. Shared by tests and the demo.
 */
export async function seedCohort(
  db: DbOrTx,
  options: SeedCohortOptions = {},
): Promise<SeededCohort> {
  const startDate = options.startDate ?? cohortProgram.startDate;
  const endDate = options.startDate ? addDays(startDate, 4) : cohortProgram.endDate;
  const participants = options.participants ?? cohortParticipants;
  await db.agency.createMany({
    data: sumbarAgencies.map((name) => ({ provinceCode: cohortProgram.sendingProvinceCode, name })),
    skipDuplicates: true,
  });
  const program = await db.program.create({
    data: {
      name: cohortProgram.name,
      sendingProvinceCode: cohortProgram.sendingProvinceCode,
      hostProvinceCode: cohortProgram.hostProvinceCode,
      startDate: new Date(`${startDate}T00:00:00Z`),
      endDate: new Date(`${endDate}T00:00:00Z`),
      agreementRef: cohortProgram.agreementRef,
      status: "ACTIVE",
    },
  });
  const hostUnitIds: string[] = [];
  for (const unit of cohortHostUnits) {
    const created = await db.hostUnit.create({ data: { ...unit, programId: program.id } });
    hostUnitIds.push(created.id);
  }
  await db.rosterEntry.createMany({
    data: participants.map((person) => ({
      programId: program.id,
      nip: person.nip,
      fullName: person.fullName,
      position: person.position,
      ownAgency: person.ownAgency,
      phone: person.phone,
    })),
  });
  const registered: SeededCohort["participants"] = [];
  if (options.telegramIdBase !== undefined) {
    for (const [index, person] of participants.entries()) {
      const telegramUserId = BigInt(options.telegramIdBase + index);
      const hostUnitId = options.placed
        ? hostUnitIds[Math.floor(index / 2) % hostUnitIds.length]
        : undefined;
      const created = await db.person.create({
        data: {
          fullName: person.fullName,
          nip: person.nip,
          nipKind: "PNS",
          position: person.position,
          ownAgency: person.ownAgency,
          phone: person.phone,
          account: { create: { telegramUserId, firstName: person.fullName.split(" ")[0] ?? "" } },
          consents: {
            create: { textVersion: "2024-01", acceptedAt: new Date(`${startDate}T00:00:00Z`) },
          },
          enrollments: {
            create: {
              programId: program.id,
              hostUnitId: hostUnitId ?? null,
              placedAt: hostUnitId ? new Date(`${startDate}T00:00:00Z`) : null,
            },
          },
        },
        include: { enrollments: true },
      });
      registered.push({
        personId: created.id,
        enrollmentId: created.enrollments[0]?.id ?? "",
        telegramUserId,
        nip: person.nip,
      });
    }
  }
  return { programId: program.id, hostUnitIds, participants: registered };
}
