import type { DbOrTx } from "../client.ts";

/** What the verification page and /verifikasi show: holder, program, period, status. */
export function findCertificateForVerification(db: DbOrTx, number: string) {
  return db.certificate.findUnique({
    where: { number },
    select: {
      number: true,
      holderName: true,
      status: true,
      revokedAt: true,
      program: {
        select: {
          name: true,
          startDate: true,
          endDate: true,
          hostProvince: { select: { timeZone: true } },
        },
      },
    },
  });
}

/** Everything printed on one certificate. */
export function findCertificateForDocument(db: DbOrTx, certificateId: string) {
  return db.certificate.findUnique({
    where: { id: certificateId },
    select: {
      id: true,
      number: true,
      holderName: true,
      status: true,
      issuedAt: true,
      enrollment: {
        select: {
          id: true,
          person: {
            select: {
              id: true,
              nip: true,
              account: { select: { telegramUserId: true, locale: true } },
            },
          },
          hostUnit: { select: { name: true } },
        },
      },
      program: {
        select: {
          id: true,
          name: true,
          startDate: true,
          endDate: true,
          certificateHours: true,
          certificateSignatories: true,
          hostProvince: { select: { name: true, shortName: true, timeZone: true } },
          sendingProvince: { select: { name: true, shortName: true } },
        },
      },
    },
  });
}

export type CertificateDocumentRow = NonNullable<
  Awaited<ReturnType<typeof findCertificateForDocument>>
>;

/** The program's certificates (newest first), optionally only participants placed in some units. */
export function listCertificatesOfProgram(
  db: DbOrTx,
  programId: string,
  hostUnitIds: readonly string[] | null,
) {
  return db.certificate.findMany({
    where: {
      programId,
      ...(hostUnitIds ? { enrollment: { hostUnitId: { in: [...hostUnitIds] } } } : {}),
    },
    select: {
      id: true,
      number: true,
      holderName: true,
      status: true,
      issuedAt: true,
      revokedAt: true,
      deliveredAt: true,
      enrollmentId: true,
      replacesId: true,
    },
    orderBy: [{ holderName: "asc" }, { issuedAt: "asc" }],
  });
}

export function findValidCertificatesOfProgram(db: DbOrTx, programId: string) {
  return db.certificate.findMany({
    where: { programId, status: "VALID" },
    select: { id: true, enrollmentId: true, number: true },
  });
}

export function findCertificateByNumber(db: DbOrTx, number: string) {
  return db.certificate.findUnique({
    where: { number },
    select: {
      id: true,
      number: true,
      programId: true,
      enrollmentId: true,
      holderName: true,
      status: true,
      program: { select: { name: true } },
      enrollment: {
        select: {
          hostUnitId: true,
          person: {
            select: {
              id: true,
              account: { select: { telegramUserId: true, locale: true, unreachableAt: true } },
            },
          },
        },
      },
    },
  });
}

/**
 * Serialises numbering per year (a transaction-scoped advisory lock), then returns the highest
 * sequence used so far that year (0 when none).
 */
export async function lockAndReadLastSequence(db: DbOrTx, prefix: string): Promise<number> {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`certificate:${prefix}`}))`;
  const rows = await db.$queryRaw<{ last: number | null }[]>`
    SELECT MAX(CAST(split_part(substr("number", ${prefix.length + 1}), '-', 1) AS integer)) AS "last"
    FROM "Certificate" WHERE "number" LIKE ${`${prefix}%`}`;
  return Number(rows[0]?.last ?? 0);
}

export interface NewCertificate {
  number: string;
  programId: string;
  enrollmentId: string;
  holderName: string;
  issuedAt: Date;
  issuedById: string | null;
  replacesId?: string | null;
}

export function insertCertificate(db: DbOrTx, certificate: NewCertificate) {
  return db.certificate.create({
    data: { ...certificate, replacesId: certificate.replacesId ?? null },
    select: { id: true, number: true, enrollmentId: true },
  });
}

/** Revokes a valid certificate; false when it was not valid (already revoked). */
export async function revokeCertificate(
  db: DbOrTx,
  id: string,
  revocation: { at: Date; reason: string; byId: string | null },
): Promise<boolean> {
  const result = await db.certificate.updateMany({
    where: { id, status: "VALID" },
    data: {
      status: "REVOKED",
      revokedAt: revocation.at,
      revokedReason: revocation.reason,
      revokedById: revocation.byId,
    },
  });
  return result.count === 1;
}

export function markCertificateDelivered(db: DbOrTx, id: string, at: Date) {
  return db.certificate.updateMany({
    where: { id, deliveredAt: null },
    data: { deliveredAt: at },
  });
}

/** Enrollments of the program (not withdrawn) with what eligibility needs besides attendance. */
export function listEnrollmentsForCertificates(db: DbOrTx, programId: string) {
  return db.enrollment.findMany({
    where: { programId, status: { not: "WITHDRAWN" } },
    select: {
      id: true,
      hostUnitId: true,
      person: {
        select: {
          id: true,
          fullName: true,
          account: { select: { telegramUserId: true, locale: true, unreachableAt: true } },
        },
      },
      finalReport: { select: { id: true } },
    },
  });
}

export function findEnrollmentForCertificate(db: DbOrTx, enrollmentId: string) {
  return db.enrollment.findUnique({
    where: { id: enrollmentId },
    select: {
      id: true,
      programId: true,
      hostUnitId: true,
      status: true,
      person: { select: { id: true, fullName: true } },
      finalReport: { select: { id: true } },
    },
  });
}

// ── Personal data (the registry) ──

export function listCertificatesOfEnrollments(db: DbOrTx, enrollmentIds: string[]) {
  return db.certificate.findMany({
    where: { enrollmentId: { in: enrollmentIds } },
    select: {
      number: true,
      holderName: true,
      status: true,
      issuedAt: true,
      revokedAt: true,
      revokedReason: true,
      deliveredAt: true,
      program: { select: { id: true, name: true } },
    },
    orderBy: { issuedAt: "asc" },
  });
}

export async function deleteCertificatesOfEnrollments(
  db: DbOrTx,
  enrollmentIds: string[],
): Promise<number> {
  return (await db.certificate.deleteMany({ where: { enrollmentId: { in: enrollmentIds } } }))
    .count;
}

/** A person who issued or revoked certificates is erased: their id goes, the record stays. */
export async function forgetCertificateStaff(db: DbOrTx, personId: string): Promise<number> {
  const issued = await db.certificate.updateMany({
    where: { issuedById: personId },
    data: { issuedById: null },
  });
  const revoked = await db.certificate.updateMany({
    where: { revokedById: personId },
    data: { revokedById: null },
  });
  return issued.count + revoked.count;
}

/** Whether the program's certificate delivery job has run (the working day after the end). */
export async function certificateDeliveryRan(db: DbOrTx, programId: string): Promise<boolean> {
  const run = await db.scheduledJobRun.findFirst({
    where: { programId, kind: "CERTIFICATE_DELIVERY" },
    select: { id: true },
  });
  return run !== null;
}

/** Valid certificates not delivered yet, with the holder's account. */
export function listUndeliveredValidCertificates(db: DbOrTx, programId: string) {
  return db.certificate.findMany({
    where: { programId, status: "VALID", deliveredAt: null },
    select: {
      id: true,
      number: true,
      program: { select: { name: true } },
      enrollment: {
        select: {
          person: {
            select: {
              id: true,
              account: { select: { telegramUserId: true, locale: true, unreachableAt: true } },
            },
          },
        },
      },
    },
    orderBy: { issuedAt: "asc" },
  });
}
