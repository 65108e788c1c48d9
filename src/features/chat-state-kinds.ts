import type { ChatStateKind } from "../bot/chat-state.ts";
import { flowStateKind } from "../bot/flows.ts";
import { daysOffWaitKind } from "./days-off/days-off.service.ts";
import { importWaitKind, pendingImportKind } from "./imports/import-state.ts";
import { placementProposalKind } from "./placement/placement-proposal.ts";

/**
 * Every kind of per-user state (src/bot/chat-state.ts). Erasure (/hapusdata, erasePerson) clears
 * each of them for the person's Telegram accounts; a test fails when a defined kind is missing.
 */
export const chatStateKinds: readonly ChatStateKind<unknown>[] = [
  flowStateKind,
  daysOffWaitKind,
  importWaitKind,
  pendingImportKind,
  placementProposalKind,
] as ChatStateKind<unknown>[];

/** The keys of every kind of state of these Telegram users. */
export function chatStateKeysOfUsers(telegramUserIds: readonly (bigint | number)[]): string[] {
  return chatStateKinds.flatMap((kind) => telegramUserIds.map((id) => kind.key(id)));
}
