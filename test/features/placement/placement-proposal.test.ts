import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/client.ts";
import { seedCohort } from "../../../src/db/seed/seed-cohort.ts";
import {
  confirmProposal,
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

  it("never moves, on confirmation, someone placed by hand after the proposal was made", async () => {
    // Its own database: the cohort's people are already registered in the shared one.
    const own = await createTestDatabase();
    try {
      await confirmDoesNotMovePlacedByHand(own);
    } finally {
      await own.close();
    }
  });
});

/** Places one participant by hand after the proposal, then confirms the proposal. */
async function confirmDoesNotMovePlacedByHand(db: Database) {
  const cohort = await seedCohort(db.prisma, { telegramIdBase: 730000, startDate: "2026-11-23" });
  const proposal = await proposePlacement(db.prisma, cohort.programId, "abc125", new Date());
  const first = proposal.participants[0];
  const proposedUnit = proposal.units[proposal.assignment[0] ?? -1];
  const otherUnit = proposal.units.find((unit) => unit.id !== proposedUnit?.id);
  if (!first || !proposedUnit || !otherUnit) throw new Error("unexpected proposal");
  // A coordinator places this participant by hand while the proposal is still open.
  await db.prisma.enrollment.update({
    where: { id: first.enrollmentId },
    data: { hostUnitId: otherUnit.id, placedAt: new Date() },
  });

  const notified = await confirmProposal(db.prisma, proposal, null, new Date());

  const kept = await db.prisma.enrollment.findUniqueOrThrow({
    where: { id: first.enrollmentId },
  });
  expect(kept.hostUnitId).toBe(otherUnit.id);
  expect(notified).not.toContain(first.enrollmentId);
  expect(notified).toHaveLength(25);
}
