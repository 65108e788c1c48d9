import { InlineKeyboard, Keyboard } from "grammy";
import type { HousekeepingConfig } from "../../config.ts";
import { formatNip } from "../../domain/nip.ts";
import { type DisplayLocale, formatDateId } from "../../domain/time.ts";
import type { Translate } from "../../i18n/i18n.ts";
import { escapeHtml } from "../../shared/html.ts";
import { CONSENT_TEXT_VERSION, RETENTION_MONTHS_AFTER_PROGRAM } from "./consent.ts";
import { registrationCallbacks } from "./registration.callbacks.ts";
import type { ProgramIntro } from "./registration.service.ts";
import type { FieldStep, RegistrationData } from "./registration-state.ts";

export function renderIntro(t: Translate, locale: DisplayLocale, program: ProgramIntro): string {
  return t("registration.intro", {
    program: escapeHtml(program.name),
    from: escapeHtml(program.sendingProvince),
    to: escapeHtml(program.hostProvince),
    start: formatDateId(program.startDate, locale),
    end: formatDateId(program.endDate, locale),
  });
}

const questionKeys: Record<FieldStep, string> = {
  name: "registration.ask_name",
  nip: "registration.ask_nip",
  position: "registration.ask_position",
  agency: "registration.ask_agency",
  phone: "registration.ask_phone",
};

export function renderQuestion(t: Translate, step: FieldStep): string {
  return t(questionKeys[step]);
}

export function agencyKeyboard(agencies: { key: string; label: string }[]) {
  const keyboard = new InlineKeyboard();
  for (const agency of agencies)
    keyboard.text(agency.label, registrationCallbacks.agency.build({ key: agency.key })).row();
  return keyboard;
}

export function contactKeyboard(t: Translate) {
  return new Keyboard().requestContact(t("registration.share_contact_button")).resized().oneTime();
}

/** The periods stated are the configured ones (config.ts), so the text says what the code does. */
export function renderConsent(
  t: Translate,
  controller: string,
  periods: HousekeepingConfig,
): string {
  return t("registration.consent.text", {
    controller: escapeHtml(controller),
    months: RETENTION_MONTHS_AFTER_PROGRAM,
    inboxDays: periods.inboxRetentionDays,
    outboxDays: periods.outboxRetentionDays,
    idleDays: periods.chatStateIdleDays,
    version: CONSENT_TEXT_VERSION,
  });
}

export function consentKeyboard(t: Translate) {
  return new InlineKeyboard()
    .text(
      t("registration.consent.accept_button"),
      registrationCallbacks.consent.build({ answer: "yes" }),
    )
    .text(
      t("registration.consent.decline_button"),
      registrationCallbacks.consent.build({ answer: "no" }),
    );
}

export function renderSummary(t: Translate, data: RegistrationData): string {
  const nip = data.nip ? formatNip(data.nip) : "";
  return t("registration.summary", {
    name: escapeHtml(data.fullName ?? ""),
    nip: data.nipKind === "PPPK" ? `${nip} (PPPK)` : nip,
    position: escapeHtml(data.position ?? ""),
    agency: escapeHtml(data.ownAgency ?? ""),
    phone: escapeHtml(data.phone ?? ""),
  });
}

export function summaryKeyboard(t: Translate) {
  return new InlineKeyboard()
    .text(t("registration.summary_correct_button"), registrationCallbacks.confirm.build({}))
    .text(t("registration.summary_edit_button"), registrationCallbacks.edit.build({}));
}

export function editFieldKeyboard(t: Translate) {
  return new InlineKeyboard()
    .text(t("registration.field.name"), registrationCallbacks.editField.build({ field: "name" }))
    .text(t("registration.field.nip"), registrationCallbacks.editField.build({ field: "nip" }))
    .row()
    .text(
      t("registration.field.position"),
      registrationCallbacks.editField.build({ field: "position" }),
    )
    .text(
      t("registration.field.agency"),
      registrationCallbacks.editField.build({ field: "agency" }),
    )
    .row()
    .text(t("registration.field.phone"), registrationCallbacks.editField.build({ field: "phone" }))
    .text(t("registration.back_button"), registrationCallbacks.back.build({}));
}
