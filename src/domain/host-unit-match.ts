import {
  agencySimilarity,
  COUNTERPART_SIMILARITY_THRESHOLD,
  normaliseAgencyName,
} from "./agency-names.ts";

export interface NamedUnit {
  id: string;
  name: string;
  shortName: string | null;
}

export type UnitMatch<U extends NamedUnit> =
  | { kind: "one"; unit: U }
  | { kind: "many"; units: U[] }
  | { kind: "none" };

// A clear winner must beat the runner-up by this much, else the coordinator chooses.
const CLEAR_LEAD = 0.15;
const MAX_CHOICES = 8;

/**
 * Finds the host unit a coordinator typed ("BKD", "dishub", "Dinas Perhubungan Jatim"): an
 * exact name or short name wins; otherwise the fuzzy agency-name score, with words typed as
 * part of a name counting too. Ties come back as choices for buttons.
 */
export function matchHostUnit<U extends NamedUnit>(
  query: string,
  units: readonly U[],
): UnitMatch<U> {
  const typed = query.trim().toLowerCase();
  if (typed === "") return { kind: "none" };
  const exact = units.filter(
    (unit) => unit.name.toLowerCase() === typed || unit.shortName?.toLowerCase() === typed,
  );
  if (exact.length === 1 && exact[0]) return { kind: "one", unit: exact[0] };

  const normalisedQuery = normaliseAgencyName(query);
  const scored = units
    .map((unit) => ({ unit, score: scoreUnit(query, normalisedQuery, typed, unit) }))
    .filter((candidate) => candidate.score >= COUNTERPART_SIMILARITY_THRESHOLD)
    .sort((a, b) => b.score - a.score || a.unit.name.localeCompare(b.unit.name));
  const [first, second] = scored;
  if (!first) return { kind: "none" };
  if (!second || first.score - second.score >= CLEAR_LEAD) return { kind: "one", unit: first.unit };
  return { kind: "many", units: scored.slice(0, MAX_CHOICES).map((candidate) => candidate.unit) };
}

function scoreUnit(query: string, normalisedQuery: string, typed: string, unit: NamedUnit): number {
  const names = [unit.name, unit.shortName ?? ""].filter((name) => name !== "");
  let best = 0;
  for (const name of names) {
    best = Math.max(best, agencySimilarity(query, name));
    // "perhubungan" typed for "Dinas Perhubungan …": a fragment of the name is a fair hint.
    if (typed.length >= 3 && name.toLowerCase().includes(typed)) best = Math.max(best, 0.8);
    if (normalisedQuery.length >= 3 && normaliseAgencyName(name).includes(normalisedQuery)) {
      best = Math.max(best, 0.8);
    }
  }
  return best;
}
