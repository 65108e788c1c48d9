import type { NipKind } from "../../generated/prisma/enums.ts";
import type { DbOrTx } from "../client.ts";

export interface PersonDetails {
  fullName: string;
  nip: string;
  nipKind: NipKind;
  position: string;
  ownAgency: string;
  phone: string;
}

export function findPersonById(db: DbOrTx, personId: string) {
  return db.person.findUnique({
    where: { id: personId },
    include: { consents: { where: { withdrawnAt: null }, orderBy: { acceptedAt: "desc" } } },
  });
}

export function findPersonByNip(db: DbOrTx, nip: string) {
  return db.person.findUnique({ where: { nip }, include: { account: true } });
}

export function insertPerson(db: DbOrTx, details: PersonDetails) {
  return db.person.create({ data: details });
}

export function updatePersonDetails(db: DbOrTx, personId: string, details: PersonDetails) {
  return db.person.update({ where: { id: personId }, data: details });
}

export function insertConsent(
  db: DbOrTx,
  consent: { personId: string; textVersion: string; acceptedAt: Date; telegramMessageId: number },
) {
  return db.consentRecord.create({ data: consent });
}

export function findEnrollmentOfPerson(db: DbOrTx, personId: string, programId: string) {
  return db.enrollment.findUnique({ where: { programId_personId: { programId, personId } } });
}

export function insertEnrollment(
  db: DbOrTx,
  enrollment: {
    personId: string;
    programId: string;
    registeredAt: Date;
    hostUnitId?: string;
    placedAt?: Date;
  },
) {
  return db.enrollment.create({ data: { ...enrollment, status: "REGISTERED" } });
}

/** Everything stored about one person, for a copy under UU 27/2022 (right of access). */
export function findPersonWithEverything(db: DbOrTx, personId: string) {
  return db.person.findUnique({
    where: { id: personId },
    include: {
      account: true,
      consents: { orderBy: { acceptedAt: "asc" } },
      roles: { orderBy: { grantedAt: "asc" } },
      enrollments: {
        orderBy: { registeredAt: "asc" },
        include: {
          program: {
            select: {
              id: true,
              name: true,
              startDate: true,
              endDate: true,
              hostProvinceCode: true,
            },
          },
          hostUnit: { select: { id: true, name: true } },
          checkIns: { orderBy: { localDate: "asc" } },
          dailyReports: { orderBy: { localDate: "asc" } },
          finalReport: true,
          feedback: true,
        },
      },
    },
  });
}

export type PersonWithEverything = NonNullable<
  Awaited<ReturnType<typeof findPersonWithEverything>>
>;
