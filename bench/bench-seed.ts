import type { DbOrTx } from "../src/db/client.ts";

/**
 * Bulk seeds for the benchmarks: each table filled by one INSERT … SELECT over generate_series,
 * so 10,000 participants or 50,000 check-ins take a second, not minutes of row-by-row creates.
 * Ids are md5-derived UUIDs so rows of one program link up without a round trip.
 */

export interface BenchProgram {
  programId: string;
  hostUnitIds: string[];
  /** Office coordinates of each host unit (index-aligned with hostUnitIds). */
  offices: { latitude: number; longitude: number }[];
}

export interface ProgramSpec {
  tag: string;
  name: string;
  hostProvinceCode: string;
  sendingProvinceCode?: string;
  /** YYYY-MM-DD (Monday); the program runs five working days. */
  startDate: string;
  endDate: string;
  hostUnits?: number;
}

export async function seedBenchProgram(db: DbOrTx, spec: ProgramSpec): Promise<BenchProgram> {
  const program = await db.program.create({
    data: {
      name: spec.name,
      sendingProvinceCode: spec.sendingProvinceCode ?? "13",
      hostProvinceCode: spec.hostProvinceCode,
      startDate: new Date(`${spec.startDate}T00:00:00Z`),
      endDate: new Date(`${spec.endDate}T00:00:00Z`),
      status: "ACTIVE",
    },
  });
  const hostUnitIds: string[] = [];
  const offices: BenchProgram["offices"] = [];
  for (let index = 0; index < (spec.hostUnits ?? 20); index++) {
    const office = { latitude: -7.25 + index * 0.01, longitude: 112.75 + index * 0.01 };
    const unit = await db.hostUnit.create({
      data: {
        programId: program.id,
        name: `Dinas Uji ${spec.tag} ${index + 1}`,
        shortName: `DU${index + 1}`,
        address: `Jl. Uji No. ${index + 1}`,
        ...office,
        geofenceRadiusM: 200,
      },
    });
    hostUnitIds.push(unit.id);
    offices.push(office);
  }
  return { programId: program.id, hostUnitIds, offices };
}

export interface ParticipantSpec {
  tag: string;
  count: number;
  /** Telegram user ids are telegramIdBase + 1 … telegramIdBase + count. */
  telegramIdBase: number;
  /** Leave this check-in flow step open for each participant (as after /hadir). */
  openCheckInFlow?: boolean;
}

/** Registered, consented and placed participants (round-robin over the host units). */
export async function seedParticipants(
  db: DbOrTx,
  program: BenchProgram,
  spec: ParticipantSpec,
): Promise<void> {
  const { tag, count, telegramIdBase } = spec;
  const units = program.hostUnitIds;
  await db.$executeRawUnsafe(
    `INSERT INTO "Person"(id, "fullName", nip, "nipKind", position, "ownAgency", "updatedAt")
     SELECT md5($1::text || ':p:' || g)::uuid::text, 'Peserta ' || $1::text || ' ' || g,
            to_char(date '1975-01-01' + (g / 900) + $3::int, 'YYYYMMDD') || '200503' || '1' ||
              lpad((g % 900 + 1)::text, 3, '0') || '',
            'PNS', 'Analis Kebijakan', 'Badan Kepegawaian Daerah', now()
     FROM generate_series(1, $2::int) AS g`,
    tag,
    count,
    // Distinct birth dates per program keep NIPs unique when several programs are seeded.
    Math.floor(telegramIdBase / 1_000_000) * 20,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "TelegramAccount"("telegramUserId", "personId", locale, "firstName")
     SELECT $3::bigint + g, md5($1::text || ':p:' || g)::uuid::text, 'id', 'Peserta'
     FROM generate_series(1, $2::int) AS g`,
    tag,
    count,
    telegramIdBase,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "ConsentRecord"(id, "personId", "textVersion", "acceptedAt")
     SELECT md5($1::text || ':c:' || g)::uuid::text, md5($1::text || ':p:' || g)::uuid::text, '2024-01', now()
     FROM generate_series(1, $2::int) AS g`,
    tag,
    count,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "Enrollment"(id, "programId", "personId", status, "hostUnitId", "placedAt",
                              "placementNotifiedAt")
     SELECT md5($1::text || ':e:' || g)::uuid::text, $3::text, md5($1::text || ':p:' || g)::uuid::text,
            'REGISTERED', ($4::text[])[1 + g % cardinality($4::text[])], now(), now()
     FROM generate_series(1, $2::int) AS g`,
    tag,
    count,
    program.programId,
    units,
  );
  if (spec.openCheckInFlow) {
    await db.$executeRawUnsafe(
      `INSERT INTO "ChatState"(key, value, "updatedAt")
       SELECT 'flow:' || ($2::bigint + g),
              jsonb_build_object('flow', 'checkin', 'step', 'location', 'data', '{}'::jsonb,
                                 'startedAt', now()),
              now()
       FROM generate_series(1, $1::int) AS g`,
      count,
      telegramIdBase,
    );
  }
}

/** One check-in per participant per day: mostly on time, some late, a few excused. */
export async function seedCheckIns(
  db: DbOrTx,
  tag: string,
  count: number,
  days: string[],
): Promise<void> {
  await db.$executeRawUnsafe(
    `INSERT INTO "CheckIn"(id, "enrollmentId", "programId", "hostUnitId", "localDate", status,
                           reason, latitude, longitude, "accuracyM", "distanceM", "insideGeofence",
                           review, "recordedAt")
     SELECT md5($1::text || ':k:' || g || ':' || d)::uuid::text, e.id, e."programId", e."hostUnitId",
            d::date,
            (CASE WHEN g % 10 = 0 THEN 'TERLAMBAT' WHEN g % 37 = 0 THEN 'IZIN' ELSE 'HADIR' END)
              ::"AttendanceStatus",
            CASE WHEN g % 37 = 0 AND g % 10 <> 0 THEN 'Urusan keluarga' END,
            -7.25, 112.75, 10, 35, true, 'NONE', d::date + time '00:20'
     FROM generate_series(1, $2::int) AS g
     JOIN "Enrollment" e ON e.id = md5($1::text || ':e:' || g)::uuid::text
     CROSS JOIN unnest($3::text[]) AS d`,
    tag,
    count,
    days,
  );
}

/** A coordinator of the program (sending side), with a Telegram account. */
export async function seedCoordinator(
  db: DbOrTx,
  programId: string,
  telegramUserId: number,
): Promise<void> {
  await db.person.create({
    data: {
      fullName: "Koordinator Uji",
      account: { create: { telegramUserId: BigInt(telegramUserId), locale: "id" } },
      roles: { create: { role: "COORDINATOR", programId, side: "SENDING" } },
    },
  });
}
