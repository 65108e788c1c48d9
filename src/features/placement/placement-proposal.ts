import { z } from "zod";
import {
  clearState,
  defineChatStateKind,
  readState,
  type StateStore,
  writeState,
} from "../../bot/chat-state.ts";

export interface ProposalParticipant {
  enrollmentId: string;
  fullName: string;
  ownAgency: string;
}

export interface ProposalUnit {
  id: string;
  label: string;
  /** Places left before this proposal (capacity minus those already placed there). */
  room: number;
}

/**
 * An automatic placement the coordinator is looking at, kept in ChatState so that a restart
 * (or a day's pause) keeps it. Buttons refer to participants and units by their index here,
 * with the nonce, so a button from an older proposal is recognised as stale.
 */
export interface PlacementProposal {
  nonce: string;
  programId: string;
  createdAt: string;
  participants: ProposalParticipant[];
  units: ProposalUnit[];
  /** Unit index per participant; null when nobody had room for them. */
  assignment: (number | null)[];
  /** Participants placed at a preferred (counterpart) unit by the algorithm. */
  preferredCount: number;
  /** How many the coordinator moved by hand. */
  changed: number;
  /** Roster rows without a registration, who cannot be placed yet. */
  notRegistered: number;
}

export const placementProposalKind = defineChatStateKind<PlacementProposal>({
  name: "placement.proposal",
  keyPrefix: "placement:proposal",
  schema: z.object({
    nonce: z.string(),
    programId: z.string(),
    createdAt: z.string(),
    participants: z.array(
      z.object({ enrollmentId: z.string(), fullName: z.string(), ownAgency: z.string() }),
    ),
    units: z.array(z.object({ id: z.string(), label: z.string(), room: z.number() })),
    assignment: z.array(z.number().int().nullable()),
    preferredCount: z.number(),
    changed: z.number(),
    notRegistered: z.number(),
  }),
  expiresAfterDays: 7,
});

export function readProposal(store: StateStore, telegramUserId: bigint | number) {
  return readState(store, placementProposalKind, telegramUserId);
}

export function saveProposal(
  store: StateStore,
  telegramUserId: bigint | number,
  proposal: PlacementProposal,
) {
  return writeState(store, placementProposalKind, telegramUserId, proposal);
}

export function dropProposal(store: StateStore, telegramUserId: bigint | number) {
  return clearState(store, placementProposalKind, telegramUserId);
}
