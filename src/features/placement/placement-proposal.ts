import type { DbOrTx } from "../../db/client.ts";
import {
  deleteChatState,
  readChatState,
  writeChatState,
} from "../../db/repositories/chat-state.repository.ts";

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

export function proposalKey(telegramUserId: bigint | number): string {
  return `placement:proposal:${telegramUserId}`;
}

export function readProposal(db: DbOrTx, telegramUserId: bigint | number) {
  return readChatState<PlacementProposal>(db, proposalKey(telegramUserId));
}

export function saveProposal(
  db: DbOrTx,
  telegramUserId: bigint | number,
  proposal: PlacementProposal,
) {
  return writeChatState(db, proposalKey(telegramUserId), proposal);
}

export function dropProposal(db: DbOrTx, telegramUserId: bigint | number) {
  return deleteChatState(db, proposalKey(telegramUserId));
}
