import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/client.ts";
import { seedCohort } from "../../../src/db/seed/seed-cohort.ts";
import {
  proposalLoad,
  proposePlacement,
} from "../../../src/features/placement/placement.service.ts";
import { createTestDatabase } from "../../support/test-database.ts";

describe("automatic placement proposal", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it("places the 26 participants two per unit, at their counterpart where there is room", async () => {
    const cohort = await seedCohort(db.prisma, { telegramIdBase: 720000, startDate: "2026-11-23" });
    const proposal = await proposePlacement(db.prisma, cohort.programId, "abc123", new Date());
    expect(proposal.participants).toHaveLength(26);
    expect(proposal.assignment.every((index) => index !== null)).toBe(true);
    expect(proposalLoad(proposal)).toEqual(Array(13).fill(2));
    expect(proposal.preferredCount).toBeGreaterThanOrEqual(20);
    const unitOf = (name: string) => {
      const index = proposal.participants.findIndex((p) => p.fullName === name);
      const unitIndex = proposal.assignment[index];
      return unitIndex === null || unitIndex === undefined
        ? undefined
        : proposal.units[unitIndex]?.label;
    };
    const dishub = proposal.participants.filter((p) => /Perhubungan/.test(p.ownAgency));
    expect(dishub).toHaveLength(2);
    for (const participant of dishub) expect(unitOf(participant.fullName)).toBe("Dishub Jatim");
    expect(proposal.notRegistered).toBe(0);
  });

  it("counts those already placed against the room and reports roster rows not registered", async () => {
    const cohort = await seedCohort(db.prisma, { startDate: "2026-11-23" });
    const proposal = await proposePlacement(db.prisma, cohort.programId, "abc124", new Date());
    expect(proposal.participants).toHaveLength(0);
    expect(proposal.notRegistered).toBe(26);
  });
});
