/**
 * Automatic placement of participants into host units (penempatan).
 *
 * Order of decisions: fixed placements, then preferences (explicit, else derived from agency
 * names), then the rest spread over the emptiest units. Capacity is never exceeded. The result
 * depends only on the set of participants and units, not on their order, so re-importing the
 * same roster in a different order places everyone the same way.
 */

import {
  agencySimilarity,
  COUNTERPART_SIMILARITY_THRESHOLD,
  normaliseAgencyName,
} from "./agency-names.ts";

export {
  agencySimilarity,
  matchAgencyCounterpart,
  normaliseAgencyName,
} from "./agency-names.ts";

export interface PlacementParticipant {
  id: string;
  /** The participant's own agency (OPD asal). */
  ownAgency: string;
}

export interface HostUnit {
  id: string;
  name: string;
  /** Whole number of participants the unit accepts. */
  capacity: number;
  /** Own-agency names this unit is the counterpart of; matched fuzzily. */
  counterpartOf?: readonly string[];
}

type KeyedBy<Value> = ReadonlyMap<string, Value> | Readonly<Record<string, Value>>;

export interface PlacementInput {
  participants: readonly PlacementParticipant[];
  hostUnits: readonly HostUnit[];
  /** Own agency → host unit id, as a coordinator chose. */
  preferences?: KeyedBy<string>;
  /** Participant id → host unit id, already decided and not to be moved. */
  fixed?: KeyedBy<string>;
  /** Derive preferences from `counterpartOf` and unit names when none is given; default true. */
  derivePreferences?: boolean;
}

export type PreferenceSource = "explicit" | "counterpart_list" | "name_match";

export type PlacementReason =
  | { kind: "fixed" }
  | { kind: "preferred"; source: PreferenceSource }
  /** Spread evenly; `fullPreferredUnitIds` lists preferred units that had no room left. */
  | { kind: "balanced"; fullPreferredUnitIds: string[] }
  | { kind: "unplaced"; cause: "no_capacity" | "fixed_unit_full" | "fixed_unit_unknown" };

export type PlacementWarning =
  | { code: "unknown_preferred_unit"; ownAgency: string; hostUnitId: string }
  | { code: "fixed_for_unknown_participant"; participantId: string };

export interface PlacementResult {
  /** Participant id → host unit id. */
  assignments: Map<string, string>;
  /** Participant ids, sorted. */
  unplaced: string[];
  /** Why each participant ended where it did, including the unplaced. */
  reasons: Map<string, PlacementReason>;
  warnings: PlacementWarning[];
}

interface Preference {
  unitIds: string[];
  source: PreferenceSource;
}

export function placeParticipants(input: PlacementInput): PlacementResult {
  const units = sortUnits(input.hostUnits);
  const participants = sortParticipants(input.participants);
  const unitsById = new Map(units.map((unit) => [unit.id, unit]));
  const load = new Map(units.map((unit) => [unit.id, 0]));
  const assignments = new Map<string, string>();
  const reasons = new Map<string, PlacementReason>();
  const warnings: PlacementWarning[] = [];

  const hasRoom = (unitId: string): boolean => {
    const unit = unitsById.get(unitId);
    return unit !== undefined && (load.get(unitId) ?? 0) < unit.capacity;
  };
  const assign = (participantId: string, unitId: string, reason: PlacementReason): void => {
    assignments.set(participantId, unitId);
    load.set(unitId, (load.get(unitId) ?? 0) + 1);
    reasons.set(participantId, reason);
  };

  const fixed = toMap(input.fixed);
  const participantIds = new Set(participants.map((participant) => participant.id));
  for (const participantId of [...fixed.keys()].sort(compareStrings)) {
    if (!participantIds.has(participantId)) {
      warnings.push({ code: "fixed_for_unknown_participant", participantId });
    }
  }
  for (const participant of participants) {
    const unitId = fixed.get(participant.id);
    if (unitId === undefined) continue;
    if (!unitsById.has(unitId)) {
      reasons.set(participant.id, { kind: "unplaced", cause: "fixed_unit_unknown" });
    } else if (!hasRoom(unitId)) {
      reasons.set(participant.id, { kind: "unplaced", cause: "fixed_unit_full" });
    } else {
      assign(participant.id, unitId, { kind: "fixed" });
    }
  }

  const pending = participants.filter((participant) => !reasons.has(participant.id));
  const preferences = resolvePreferences(pending, units, input, warnings);

  // Rank by rank, so one participant's second choice never takes the slot that is someone
  // else's first choice.
  const deepestRank = Math.max(0, ...[...preferences.values()].map((pref) => pref.unitIds.length));
  for (let rank = 0; rank < deepestRank; rank++) {
    for (const participant of pending) {
      if (assignments.has(participant.id)) continue;
      const preference = preferences.get(participant.id);
      const unitId = preference?.unitIds[rank];
      if (preference && unitId !== undefined && hasRoom(unitId)) {
        assign(participant.id, unitId, { kind: "preferred", source: preference.source });
      }
    }
  }

  for (const participant of pending) {
    if (assignments.has(participant.id)) continue;
    const emptiest = emptiestUnitWithRoom(units, load);
    if (emptiest === undefined) {
      reasons.set(participant.id, { kind: "unplaced", cause: "no_capacity" });
      continue;
    }
    assign(participant.id, emptiest.id, {
      kind: "balanced",
      fullPreferredUnitIds: preferences.get(participant.id)?.unitIds ?? [],
    });
  }

  const unplaced = participants
    .filter((participant) => !assignments.has(participant.id))
    .map((participant) => participant.id);
  return { assignments, unplaced, reasons, warnings };
}

function resolvePreferences(
  participants: readonly PlacementParticipant[],
  units: readonly HostUnit[],
  input: PlacementInput,
  warnings: PlacementWarning[],
): Map<string, Preference> {
  const unitIds = new Set(units.map((unit) => unit.id));
  const explicit = new Map<string, string>();
  const explicitByNormalisedName = new Map<string, string>();
  for (const [ownAgency, hostUnitId] of [...toMap(input.preferences)].sort(([a], [b]) =>
    compareStrings(a, b),
  )) {
    if (!unitIds.has(hostUnitId)) {
      warnings.push({ code: "unknown_preferred_unit", ownAgency, hostUnitId });
      continue;
    }
    explicit.set(ownAgency, hostUnitId);
    const key = normaliseAgencyName(ownAgency);
    if (!explicitByNormalisedName.has(key)) explicitByNormalisedName.set(key, hostUnitId);
  }

  const derive = input.derivePreferences ?? true;
  const derivedByAgency = new Map<string, Preference | undefined>();
  const preferences = new Map<string, Preference>();
  for (const participant of participants) {
    const explicitUnitId =
      explicit.get(participant.ownAgency) ??
      explicitByNormalisedName.get(normaliseAgencyName(participant.ownAgency));
    if (explicitUnitId !== undefined) {
      preferences.set(participant.id, { unitIds: [explicitUnitId], source: "explicit" });
      continue;
    }
    if (!derive) continue;
    if (!derivedByAgency.has(participant.ownAgency)) {
      derivedByAgency.set(participant.ownAgency, derivePreference(participant.ownAgency, units));
    }
    const derived = derivedByAgency.get(participant.ownAgency);
    if (derived) preferences.set(participant.id, derived);
  }
  return preferences;
}

function derivePreference(ownAgency: string, units: readonly HostUnit[]): Preference | undefined {
  const listed = rankUnits(units, (unit) =>
    Math.max(0, ...(unit.counterpartOf ?? []).map((name) => agencySimilarity(ownAgency, name))),
  );
  if (listed.length > 0) return { unitIds: listed, source: "counterpart_list" };
  const byName = rankUnits(units, (unit) => agencySimilarity(ownAgency, unit.name));
  if (byName.length > 0) return { unitIds: byName, source: "name_match" };
  return undefined;
}

/** Units scoring at least the threshold, best first; `units` is already in tie-break order. */
function rankUnits(units: readonly HostUnit[], score: (unit: HostUnit) => number): string[] {
  return units
    .map((unit) => ({ id: unit.id, score: score(unit) }))
    .filter((candidate) => candidate.score >= COUNTERPART_SIMILARITY_THRESHOLD)
    .sort((a, b) => b.score - a.score)
    .map((candidate) => candidate.id);
}

/** Lowest fill ratio wins; `units` is sorted by name, so ties go to the first name. */
function emptiestUnitWithRoom(
  units: readonly HostUnit[],
  load: ReadonlyMap<string, number>,
): HostUnit | undefined {
  let best: HostUnit | undefined;
  let bestLoad = 0;
  for (const unit of units) {
    const unitLoad = load.get(unit.id) ?? 0;
    if (unitLoad >= unit.capacity) continue;
    // Cross-multiplied to compare load/capacity without floating-point ties going astray.
    if (best === undefined || unitLoad * best.capacity < bestLoad * unit.capacity) {
      best = unit;
      bestLoad = unitLoad;
    }
  }
  return best;
}

function sortUnits(units: readonly HostUnit[]): HostUnit[] {
  const seen = new Set<string>();
  for (const unit of units) {
    if (seen.has(unit.id)) throw new Error(`Duplicate host unit id "${unit.id}"`);
    seen.add(unit.id);
    if (!Number.isInteger(unit.capacity) || unit.capacity < 0) {
      throw new RangeError(`Host unit "${unit.id}" capacity must be a whole number ≥ 0`);
    }
  }
  return [...units].sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
}

function sortParticipants(participants: readonly PlacementParticipant[]): PlacementParticipant[] {
  const seen = new Set<string>();
  for (const participant of participants) {
    if (seen.has(participant.id)) throw new Error(`Duplicate participant id "${participant.id}"`);
    seen.add(participant.id);
  }
  return [...participants].sort((a, b) => compareStrings(a.id, b.id));
}

function toMap<Value>(source: KeyedBy<Value> | undefined): Map<string, Value> {
  if (source === undefined) return new Map();
  if (source instanceof Map) return new Map(source);
  return new Map(Object.entries(source as Readonly<Record<string, Value>>));
}

/** Code-unit order: unlike localeCompare it is the same on every machine and ICU build. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
