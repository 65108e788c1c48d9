import { describe, expect, it } from "vitest";
import type { Actor, RoleGrantView } from "../../../src/bot/actor.ts";
import { canReviewCheckIns } from "../../../src/features/access/access.ts";
import {
  coversUnit,
  mayIssueInvite,
  resolveProgramScope,
} from "../../../src/features/access/scope.ts";

const program = "p1";
const unitA = "unit-a";
const unitB = "unit-b";

function actor(grants: Partial<RoleGrantView>[], isAdmin = false): Actor {
  return {
    telegramUserId: 1n,
    personId: "person",
    locale: null,
    isAdmin,
    grants: grants.map((grant) => ({
      role: "COORDINATOR",
      programId: program,
      hostUnitId: null,
      side: null,
      ...grant,
    })),
  };
}

describe("resolveProgramScope: the one scope model", () => {
  it("limits a coordinator with unit grants to those units, on the host side", () => {
    const scope = resolveProgramScope(
      actor([{ hostUnitId: unitA, side: "HOST" }, { hostUnitId: unitB }]),
      program,
      "manage",
    );
    expect(scope?.hostUnitIds).toEqual([unitA, unitB]);
    expect(scope?.side).toBe("HOST");
    expect(resolveProgramScope(actor([{}]), "other", "manage")).toBeUndefined();
  });

  it("never widens what a limited coordinator manages through an official grant", () => {
    const both = actor([{ hostUnitId: unitA, side: "HOST" }, { role: "OFFICIAL" }]);
    expect(resolveProgramScope(both, program, "manage")?.hostUnitIds).toEqual([unitA]);
    expect(resolveProgramScope(both, program, "view")?.hostUnitIds).toBeNull();
  });

  it("gives officials read-only access to the whole program and mentors their unit only", () => {
    const official = actor([{ role: "OFFICIAL" }]);
    expect(resolveProgramScope(official, program, "manage")).toBeUndefined();
    expect(resolveProgramScope(official, program, "view")?.hostUnitIds).toBeNull();
    const mentor = actor([{ role: "MENTOR", hostUnitId: unitA }]);
    expect(resolveProgramScope(mentor, program, "view")?.hostUnitIds).toEqual([unitA]);
    expect(canReviewCheckIns(mentor, program, unitA)).toBe(true);
    expect(canReviewCheckIns(mentor, program, unitB)).toBe(false);
    expect(resolveProgramScope(actor([{ role: "MENTOR" }]), program, "view")).toBeUndefined();
  });

  it("covers unplaced participants for the whole program only", () => {
    const limited = resolveProgramScope(actor([{ hostUnitId: unitA }]), program, "manage");
    const whole = resolveProgramScope(actor([{}]), program, "manage");
    if (!limited || !whole) throw new Error("scope");
    expect([
      coversUnit(limited, null),
      coversUnit(limited, unitA),
      coversUnit(limited, unitB),
    ]).toEqual([false, true, false]);
    expect(coversUnit(whole, null)).toBe(true);
  });
});

describe("mayIssueInvite: within one's own scope, never wider", () => {
  const limited = resolveProgramScope(
    actor([{ hostUnitId: unitA, side: "HOST" }]),
    program,
    "manage",
  );
  const sending = resolveProgramScope(actor([{ side: "SENDING" }]), program, "manage");
  const creator = resolveProgramScope(actor([{}]), program, "manage");
  const admin = resolveProgramScope(actor([], true), program, "manage");
  const coordinator = (side: "SENDING" | "HOST" | null, hostUnitId: string | null = null) => ({
    role: "COORDINATOR" as const,
    side,
    hostUnitId,
  });

  it("lets only administrators create a coordinator invite without limits", () => {
    expect(mayIssueInvite(admin, coordinator(null))).toBe(true);
    for (const scope of [limited, sending, creator]) {
      expect(mayIssueInvite(scope, coordinator(null))).toBe(false);
    }
  });

  it("keeps a unit-limited coordinator to host coordinators and mentors of its units", () => {
    expect(mayIssueInvite(limited, coordinator("HOST", unitA))).toBe(true);
    expect(mayIssueInvite(limited, coordinator("HOST", unitB))).toBe(false);
    expect(mayIssueInvite(limited, coordinator("HOST"))).toBe(false);
    expect(mayIssueInvite(limited, coordinator("SENDING"))).toBe(false);
    expect(mayIssueInvite(limited, { role: "OFFICIAL", side: null, hostUnitId: null })).toBe(false);
    expect(mayIssueInvite(limited, { role: "PARTICIPANT", side: null, hostUnitId: null })).toBe(
      false,
    );
    expect(mayIssueInvite(limited, { role: "MENTOR", side: null, hostUnitId: unitA })).toBe(true);
    expect(mayIssueInvite(limited, { role: "MENTOR", side: null, hostUnitId: unitB })).toBe(false);
  });

  it("keeps a side-limited coordinator to its side", () => {
    expect(mayIssueInvite(sending, coordinator("SENDING"))).toBe(true);
    expect(mayIssueInvite(sending, coordinator("HOST"))).toBe(false);
    expect(mayIssueInvite(creator, coordinator("HOST", unitB))).toBe(true);
    expect(mayIssueInvite(undefined, { role: "PARTICIPANT", side: null, hostUnitId: null })).toBe(
      false,
    );
  });
});
