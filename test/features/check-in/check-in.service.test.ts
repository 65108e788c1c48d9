import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/client.ts";
import { seedCohort } from "../../../src/db/seed/seed-cohort.ts";
import {
  recordAbsenceCheckIn,
  recordLocationCheckIn,
} from "../../../src/features/check-in/check-in.service.ts";
import { findParticipantPlacement } from "../../../src/features/shared/participant-placement.ts";
import { createTestDatabase } from "../../support/test-database.ts";

describe("check-in service", () => {
  let database: Database;
  let cohort: Awaited<ReturnType<typeof seedCohort>>;
  const now = new Date("2026-11-24T00:20:00Z");
  beforeAll(async () => {
    database = await createTestDatabase();
    cohort = await seedCohort(database.prisma, {
      telegramIdBase: 710000,
      placed: true,
      startDate: "2026-11-23",
    });
  });
  afterAll(() => database.close());

  const placementOf = async (index: number) => {
    const lookup = await findParticipantPlacement(
      database.prisma,
      cohort.participants[index]?.personId,
      now,
    );
    if (!lookup.ok) throw new Error(lookup.reason);
    return lookup.placement;
  };

  it("keeps one check-in a day when two arrive at once; the other sees the first", async () => {
    const placement = await placementOf(0);
    const outcomes = await Promise.all([
      recordAbsenceCheckIn(database.prisma, placement, "SAKIT", "Demam", now),
      recordLocationCheckIn(
        database.prisma,
        placement,
        {
          latitude: placement.hostUnit.latitude ?? 0,
          longitude: placement.hostUnit.longitude ?? 0,
          accuracyM: 5,
          locatedAt: now,
        },
        now,
      ),
    ]);
    expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(["already", "recorded"]);
    const recorded = outcomes.find((outcome) => outcome.kind === "recorded");
    const already = outcomes.find((outcome) => outcome.kind === "already");
    expect(already && "checkIn" in already ? already.checkIn.id : undefined).toBe(
      recorded && "checkIn" in recorded ? recorded.checkIn.id : "",
    );
    expect(
      await database.prisma.checkIn.count({
        where: { enrollmentId: placement.enrollment.id },
      }),
    ).toBe(1);
  });

  it("flags a check-in when the office has no coordinates", async () => {
    const placement = await placementOf(2);
    await database.prisma.hostUnit.update({
      where: { id: placement.hostUnit.id },
      data: { latitude: null, longitude: null },
    });
    const outcome = await recordLocationCheckIn(
      database.prisma,
      await placementOf(2),
      { latitude: -7.3, longitude: 112.7, accuracyM: null, locatedAt: now },
      now,
    );
    expect(outcome).toMatchObject({
      kind: "recorded",
      checkIn: { review: "PENDING", insideGeofence: null, distanceM: null, status: "HADIR" },
    });
  });
});
