import fc from "fast-check";
// Property runs: seed: the suite's fixed one, printed on every run (test/support/fast-check-seed.ts);
// FC_SEED=random or FC_SEED=<n> changes it; a failing seed found becomes a regression case.
import { describe, expect, it } from "vitest";
import {
  type HostUnit,
  matchAgencyCounterpart,
  type PlacementParticipant,
  type PlacementResult,
  placeParticipants,
} from "../../src/domain/placement.ts";

function loadOf(result: PlacementResult): Map<string, number> {
  const load = new Map<string, number>();
  for (const unitId of result.assignments.values()) load.set(unitId, (load.get(unitId) ?? 0) + 1);
  return load;
}

function participantsOf(counts: Record<string, number>): PlacementParticipant[] {
  const participants: PlacementParticipant[] = [];
  for (const [ownAgency, count] of Object.entries(counts)) {
    for (let index = 1; index <= count; index++) {
      participants.push({ id: `p${String(participants.length + 1).padStart(2, "0")}`, ownAgency });
    }
  }
  return participants;
}

describe("placeParticipants: the Sumbar cohort in Jatim (Feb 2024)", () => {
  // 26 ASN from 12 Sumbar agencies; the Jatim side offered 13 agencies.
  const sumbarCohort = participantsOf({
    "BPSDM Provinsi Sumatera Barat": 3,
    "Badan Kepegawaian Daerah Provinsi Sumatera Barat": 3,
    "Bapenda Provinsi Sumatera Barat": 2,
    "BPKAD Provinsi Sumatera Barat": 2,
    "Dinas Kelautan dan Perikanan Provinsi Sumatera Barat": 2,
    "Disnakertrans Provinsi Sumatera Barat": 2,
    "Dinas Pemberdayaan Masyarakat dan Desa Provinsi Sumatera Barat": 2,
    "Inspektorat Provinsi Sumatera Barat": 2,
    "Dinas Peternakan dan Kesehatan Hewan Provinsi Sumatera Barat": 2,
    "Dinas Bina Marga Cipta Karya dan Tata Ruang Provinsi Sumatera Barat": 2,
    "Dinas Perhubungan Provinsi Sumatera Barat": 2,
    "Dinas Komunikasi Informatika dan Statistik Provinsi Sumatera Barat": 2,
  });
  const jatimUnits: HostUnit[] = [
    "BPSDM Provinsi Jawa Timur",
    "BKD Provinsi Jawa Timur",
    "Bapenda Provinsi Jawa Timur",
    "BPKAD Provinsi Jawa Timur",
    "Dinas Kelautan dan Perikanan Provinsi Jawa Timur",
    "Dinas Tenaga Kerja dan Transmigrasi Provinsi Jawa Timur",
    "Dinas Pemberdayaan Masyarakat dan Desa Provinsi Jawa Timur",
    "Inspektorat Daerah Provinsi Jawa Timur",
    "Dinas Peternakan Provinsi Jawa Timur",
    "Dinas Bina Marga Cipta Karya dan Tata Ruang Provinsi Jawa Timur",
    "Dinas Perhubungan Provinsi Jawa Timur",
    "Dinas Komunikasi Informatika dan Statistik Provinsi Jawa Timur",
    "Biro Organisasi Setda Provinsi Jawa Timur",
  ].map((name, index) => ({ id: `u${String(index + 1).padStart(2, "0")}`, name, capacity: 2 }));

  const result = placeParticipants({ participants: sumbarCohort, hostUnits: jatimUnits });

  it("places all 26, two in each of the 13 units", () => {
    expect(sumbarCohort).toHaveLength(26);
    expect(result.unplaced).toEqual([]);
    expect(result.assignments.size).toBe(26);
    expect([...loadOf(result).values()]).toEqual(Array(13).fill(2));
    expect(loadOf(result).size).toBe(13);
  });

  it("sends each agency to its counterpart while room lasts", () => {
    const byName = new Map(jatimUnits.map((unit) => [unit.id, unit.name]));
    const placedAtCounterpart = sumbarCohort.filter((participant) =>
      matchAgencyCounterpart(
        participant.ownAgency,
        byName.get(result.assignments.get(participant.id) ?? "") ?? "",
      ),
    );
    expect(placedAtCounterpart).toHaveLength(24);
    const preferred = [...result.reasons.values()].filter((reason) => reason.kind === "preferred");
    expect(preferred).toHaveLength(24);
  });

  it("spreads the overflow of BPSDM and BKD into the otherwise empty Biro Organisasi", () => {
    const biro = jatimUnits.find((unit) => unit.name.startsWith("Biro"));
    const atBiro = sumbarCohort.filter(
      (participant) => result.assignments.get(participant.id) === biro?.id,
    );
    expect(atBiro.map((participant) => participant.ownAgency).sort()).toEqual([
      "BPSDM Provinsi Sumatera Barat",
      "Badan Kepegawaian Daerah Provinsi Sumatera Barat",
    ]);
    for (const participant of atBiro) {
      expect(result.reasons.get(participant.id)).toMatchObject({
        kind: "balanced",
        fullPreferredUnitIds: [expect.any(String)],
      });
    }
  });
});

describe("placeParticipants: rules", () => {
  const units: HostUnit[] = [
    { id: "a", name: "Alpha", capacity: 2 },
    { id: "b", name: "Bravo", capacity: 2 },
    { id: "c", name: "Charlie", capacity: 4 },
  ];

  it("honours explicit preferences within capacity, choosing by participant id", () => {
    const participants = ["p3", "p1", "p2"].map((id) => ({ id, ownAgency: "Dinas X" }));
    const result = placeParticipants({
      participants,
      hostUnits: units,
      preferences: { "Dinas X": "a" },
    });
    expect(result.assignments.get("p1")).toBe("a");
    expect(result.assignments.get("p2")).toBe("a");
    // Bravo and Charlie are both empty; the tie goes to the first name.
    expect(result.assignments.get("p3")).toBe("b");
    expect(result.reasons.get("p1")).toEqual({ kind: "preferred", source: "explicit" });
    expect(result.reasons.get("p3")).toEqual({ kind: "balanced", fullPreferredUnitIds: ["a"] });
  });

  it("matches explicit preference keys through name normalisation", () => {
    const result = placeParticipants({
      participants: [{ id: "p1", ownAgency: "Dinas Perhubungan Provinsi Sumatera Barat" }],
      hostUnits: units,
      preferences: new Map([["Dishub", "b"]]),
    });
    expect(result.assignments.get("p1")).toBe("b");
  });

  it("spreads by lowest fill ratio, ties by unit name", () => {
    const participants = ["p1", "p2", "p3", "p4"].map((id) => ({ id, ownAgency: "Dinas X" }));
    const result = placeParticipants({ participants, hostUnits: units });
    // Empty units tie at 0 → Alpha, Bravo, Charlie; then Charlie (1/4) beats Alpha (1/2).
    expect(Object.fromEntries(result.assignments)).toEqual({ p1: "a", p2: "b", p3: "c", p4: "c" });
  });

  it("leaves participants unplaced when capacity runs out", () => {
    const participants = Array.from({ length: 10 }, (_, index) => ({
      id: `p${String(index).padStart(2, "0")}`,
      ownAgency: "Dinas X",
    }));
    const result = placeParticipants({ participants, hostUnits: units });
    expect(result.assignments.size).toBe(8);
    expect(result.unplaced).toEqual(["p08", "p09"]);
    expect(result.reasons.get("p09")).toEqual({ kind: "unplaced", cause: "no_capacity" });
  });

  it("keeps fixed placements and counts them against capacity", () => {
    const participants = ["p1", "p2", "p3"].map((id) => ({ id, ownAgency: "Dinas X" }));
    const result = placeParticipants({
      participants,
      hostUnits: units,
      fixed: { p3: "a", p2: "a" },
      preferences: { "Dinas X": "a" },
    });
    expect(result.assignments.get("p2")).toBe("a");
    expect(result.assignments.get("p3")).toBe("a");
    expect(result.reasons.get("p3")).toEqual({ kind: "fixed" });
    expect(result.assignments.get("p1")).not.toBe("a");
  });

  it("does not move a fixed participant whose unit is full or unknown", () => {
    const participants = ["p1", "p2", "p3", "p4"].map((id) => ({ id, ownAgency: "Dinas X" }));
    const result = placeParticipants({
      participants,
      hostUnits: units,
      fixed: { p1: "a", p2: "a", p3: "a", p4: "zzz", ghost: "b" },
    });
    expect(result.reasons.get("p3")).toEqual({ kind: "unplaced", cause: "fixed_unit_full" });
    expect(result.reasons.get("p4")).toEqual({ kind: "unplaced", cause: "fixed_unit_unknown" });
    expect(result.unplaced).toEqual(["p3", "p4"]);
    expect(result.warnings).toEqual([
      { code: "fixed_for_unknown_participant", participantId: "ghost" },
    ]);
  });

  it("warns about preferences for unknown units and places by balance instead", () => {
    const result = placeParticipants({
      participants: [{ id: "p1", ownAgency: "Dinas X" }],
      hostUnits: units,
      preferences: { "Dinas X": "nope" },
    });
    expect(result.warnings).toEqual([
      { code: "unknown_preferred_unit", ownAgency: "Dinas X", hostUnitId: "nope" },
    ]);
    expect(result.assignments.get("p1")).toBe("a");
  });

  it("prefers a unit's counterpart list over name similarity", () => {
    const hostUnits: HostUnit[] = [
      { id: "dishub", name: "Dinas Perhubungan", capacity: 1 },
      { id: "biro", name: "Biro Umum", capacity: 1, counterpartOf: ["Dishub"] },
      { id: "other", name: "Dinas Sosial", capacity: 1 },
    ];
    const result = placeParticipants({
      participants: [{ id: "p1", ownAgency: "Dinas Perhubungan Provinsi Bali" }],
      hostUnits,
    });
    expect(result.assignments.get("p1")).toBe("biro");
    expect(result.reasons.get("p1")).toEqual({ kind: "preferred", source: "counterpart_list" });
  });

  it("gives a first choice priority over another participant's second choice", () => {
    const hostUnits: HostUnit[] = [
      { id: "kominfo", name: "Dinas Komunikasi dan Informatika", capacity: 1 },
      { id: "statistik", name: "Dinas Komunikasi Informatika dan Statistik", capacity: 1 },
    ];
    const result = placeParticipants({
      participants: [
        // p1 matches both units, "kominfo" best; p2 matches only "statistik" well enough.
        { id: "p1", ownAgency: "Diskominfo" },
        { id: "p2", ownAgency: "Dinas Statistik Komunikasi Informatika" },
      ],
      hostUnits,
    });
    expect(Object.fromEntries(result.assignments)).toEqual({ p1: "kominfo", p2: "statistik" });
  });

  it("can skip derived preferences", () => {
    const hostUnits: HostUnit[] = [
      { id: "bkd", name: "Badan Kepegawaian Daerah", capacity: 1 },
      { id: "abc", name: "Asisten Administrasi", capacity: 1 },
    ];
    const participants = [{ id: "p1", ownAgency: "BKD" }];
    expect(placeParticipants({ participants, hostUnits }).assignments.get("p1")).toBe("bkd");
    expect(
      placeParticipants({ participants, hostUnits, derivePreferences: false }).assignments.get(
        "p1",
      ),
    ).toBe("abc");
  });

  it("rejects duplicate ids and invalid capacities", () => {
    expect(() =>
      placeParticipants({
        participants: [
          { id: "p1", ownAgency: "X" },
          { id: "p1", ownAgency: "Y" },
        ],
        hostUnits: units,
      }),
    ).toThrow(/Duplicate participant/);
    expect(() =>
      placeParticipants({ participants: [], hostUnits: [{ id: "a", name: "A", capacity: 1.5 }] }),
    ).toThrow(RangeError);
  });
});

describe("placeParticipants: properties", () => {
  const agencies = [
    "BKD",
    "Bapenda",
    "Dinas Perhubungan",
    "Dinas Kesehatan",
    "Inspektorat",
    "Biro Umum",
  ];
  const participantsArbitrary = fc
    .uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 60 })
    .chain((ids) =>
      fc.tuple(
        ...ids.map((id) =>
          fc.record({ id: fc.constant(id), ownAgency: fc.constantFrom(...agencies) }),
        ),
      ),
    );
  const unitsArbitrary = fc
    .uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 12 })
    .chain((ids) =>
      fc.tuple(
        ...ids.map((id) =>
          fc.record({
            id: fc.constant(id),
            name: fc.oneof(fc.constantFrom(...agencies), fc.string({ maxLength: 8 })),
            capacity: fc.integer({ min: 0, max: 6 }),
          }),
        ),
      ),
    );
  const preferencesArbitrary = fc.dictionary(
    fc.constantFrom(...agencies),
    fc.string({ minLength: 1, maxLength: 4 }),
  );

  it("never exceeds capacity and places as many as capacity allows", () => {
    fc.assert(
      fc.property(
        participantsArbitrary,
        unitsArbitrary,
        preferencesArbitrary,
        (participants, hostUnits, preferences) => {
          const result = placeParticipants({ participants, hostUnits, preferences });
          const load = loadOf(result);
          for (const unit of hostUnits)
            expect(load.get(unit.id) ?? 0).toBeLessThanOrEqual(unit.capacity);
          const totalCapacity = hostUnits.reduce((sum, unit) => sum + unit.capacity, 0);
          expect(result.assignments.size).toBe(Math.min(participants.length, totalCapacity));
          expect(result.assignments.size + result.unplaced.length).toBe(participants.length);
          expect(result.reasons.size).toBe(participants.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("spreads evenly when nobody has a preference", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 8 }),
        (participantCount, capacities) => {
          const hostUnits = capacities.map((capacity, index) => ({
            id: `u${index}`,
            name: `Unit ${String(index).padStart(2, "0")}`,
            capacity,
          }));
          const participants = Array.from({ length: participantCount }, (_, index) => ({
            id: `p${String(index).padStart(3, "0")}`,
            ownAgency: "Tanpa Padanan",
          }));
          const load = loadOf(placeParticipants({ participants, hostUnits }));
          // Filling to the lowest ratio means no unit with room sits more than one slot's
          // ratio below any other unit.
          for (const low of hostUnits) {
            const lowLoad = load.get(low.id) ?? 0;
            if (lowLoad >= low.capacity) continue;
            for (const high of hostUnits) {
              const highLoad = load.get(high.id) ?? 0;
              expect((highLoad - 1) / high.capacity).toBeLessThanOrEqual(lowLoad / low.capacity);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives the same result whatever the input order", () => {
    fc.assert(
      fc.property(
        participantsArbitrary,
        unitsArbitrary,
        preferencesArbitrary,
        fc.nat(),
        (participants, hostUnits, preferences, seed) => {
          const shuffle = <T>(items: readonly T[]): T[] =>
            items
              .map((item, index) => ({ item, key: (index * 7919 + seed) % 10007 }))
              .sort((a, b) => a.key - b.key)
              .map(({ item }) => item);
          const first = placeParticipants({ participants, hostUnits, preferences });
          const second = placeParticipants({
            participants: shuffle(participants),
            hostUnits: shuffle(hostUnits),
            preferences,
          });
          expect(Object.fromEntries(second.assignments)).toEqual(
            Object.fromEntries(first.assignments),
          );
          expect(second.unplaced).toEqual(first.unplaced);
        },
      ),
      { numRuns: 200 },
    );
  });
});
