import { InlineKeyboard } from "grammy";
import type { Translate } from "../../i18n/i18n.ts";
import { escapeHtml } from "../../shared/html.ts";
import { proposalAction, proposalPage, proposalTo, proposalWho } from "./placement.callbacks.ts";
import { proposalLoad } from "./placement.service.ts";
import type { PlacementProposal } from "./placement-proposal.ts";

const NAMES_PER_UNIT = 12;
const MAX_TEXT = 3800;
export const PARTICIPANTS_PER_PAGE = 20;

/** The proposal as the coordinator reviews it: per host unit, the names going there. */
export function renderProposal(
  t: Translate,
  programName: string,
  proposal: PlacementProposal,
): string {
  const load = proposalLoad(proposal);
  const lines = [
    t("placement.proposal_title"),
    t("placement.program", { name: escapeHtml(programName) }),
    t("placement.proposal_summary", {
      count: proposal.participants.length,
      preferred: proposal.preferredCount,
    }),
  ];
  if (proposal.changed > 0)
    lines.push(t("placement.proposal_changed", { count: proposal.changed }));
  if (proposal.notRegistered > 0) {
    lines.push(t("placement.not_registered", { count: proposal.notRegistered }));
  }
  const namesByUnit = proposal.units.map(() => [] as string[]);
  const unplaced: string[] = [];
  proposal.assignment.forEach((unitIndex, participantIndex) => {
    const name = proposal.participants[participantIndex]?.fullName ?? "";
    if (unitIndex === null) unplaced.push(name);
    else namesByUnit[unitIndex]?.push(name);
  });
  const body: string[] = [];
  proposal.units.forEach((unit, index) => {
    const names = namesByUnit[index] ?? [];
    if (names.length === 0) return;
    const count = load[index] ?? 0;
    const over = count > unit.room ? ` ${t("placement.over_capacity")}` : "";
    body.push("", `<b>${escapeHtml(unit.label)}</b> (${count}/${unit.room})${over}`);
    body.push(...names.slice(0, NAMES_PER_UNIT).map((name) => `• ${escapeHtml(name)}`));
    if (names.length > NAMES_PER_UNIT) {
      body.push(t("placement.and_more", { count: names.length - NAMES_PER_UNIT }));
    }
  });
  if (unplaced.length > 0) {
    body.push("", t("placement.no_room", { count: unplaced.length }));
    body.push(...unplaced.slice(0, NAMES_PER_UNIT).map((name) => `• ${escapeHtml(name)}`));
    if (unplaced.length > NAMES_PER_UNIT) {
      body.push(t("placement.and_more", { count: unplaced.length - NAMES_PER_UNIT }));
    }
  }
  const footer = ["", t("placement.proposal_hint")];
  let text = [...lines, ...body, ...footer].join("\n");
  if (text.length > MAX_TEXT) {
    // Very large cohorts: the headline and the hint matter more than every name.
    const kept: string[] = [];
    let length = [...lines, ...footer].join("\n").length + 40;
    for (const line of body) {
      if (length + line.length + 1 > MAX_TEXT) break;
      kept.push(line);
      length += line.length + 1;
    }
    text = [...lines, ...kept, "…", ...footer].join("\n");
  }
  return text;
}

export function proposalKeyboard(t: Translate, proposal: PlacementProposal): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (proposal.participants.length > 0) {
    keyboard.text(
      t("placement.button_change"),
      proposalPage.build({ nonce: proposal.nonce, page: "0" }),
    );
    keyboard
      .text(
        t("placement.button_confirm"),
        proposalAction.build({ action: "ok", nonce: proposal.nonce }),
      )
      .row();
  }
  keyboard.text(
    t("placement.button_cancel"),
    proposalAction.build({ action: "cancel", nonce: proposal.nonce }),
  );
  return keyboard;
}

/** Participants to choose from, a page at a time, each with the unit proposed for them. */
export function participantPageKeyboard(
  t: Translate,
  proposal: PlacementProposal,
  page: number,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const start = page * PARTICIPANTS_PER_PAGE;
  proposal.participants
    .slice(start, start + PARTICIPANTS_PER_PAGE)
    .forEach((participant, offset) => {
      const index = start + offset;
      const unitIndex = proposal.assignment[index];
      const unit =
        unitIndex === null || unitIndex === undefined ? undefined : proposal.units[unitIndex];
      const label = `${participant.fullName} → ${unit?.label ?? t("placement.unit_none")}`;
      keyboard
        .text(
          truncate(label, 60),
          proposalWho.build({ nonce: proposal.nonce, participant: String(index) }),
        )
        .row();
    });
  const pages = Math.ceil(proposal.participants.length / PARTICIPANTS_PER_PAGE);
  if (page > 0)
    keyboard.text("◀️", proposalPage.build({ nonce: proposal.nonce, page: String(page - 1) }));
  if (page + 1 < pages)
    keyboard.text("▶️", proposalPage.build({ nonce: proposal.nonce, page: String(page + 1) }));
  keyboard
    .row()
    .text(
      t("placement.button_back"),
      proposalAction.build({ action: "back", nonce: proposal.nonce }),
    );
  return keyboard;
}

export function unitChoiceKeyboard(
  t: Translate,
  proposal: PlacementProposal,
  participantIndex: number,
): InlineKeyboard {
  const load = proposalLoad(proposal);
  const keyboard = new InlineKeyboard();
  proposal.units.forEach((unit, index) => {
    keyboard
      .text(
        truncate(`${unit.label} (${load[index] ?? 0}/${unit.room})`, 60),
        proposalTo.build({
          nonce: proposal.nonce,
          participant: String(participantIndex),
          unit: String(index),
        }),
      )
      .row();
  });
  keyboard.text(
    t("placement.button_back"),
    proposalAction.build({ action: "back", nonce: proposal.nonce }),
  );
  return keyboard;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
