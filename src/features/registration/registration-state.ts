import type { NipKind } from "../../domain/nip.ts";

export const REGISTRATION_FLOW = "registration";

export type IdentityState = "proven" | "pending";

export const fieldSteps = ["name", "nip", "position", "agency", "phone"] as const;
export type FieldStep = (typeof fieldSteps)[number];
export type RegistrationStep = FieldStep | "consent" | "summary";

/** What the registration flow keeps in the database between messages (JSON). */
export interface RegistrationData {
  programId: string;
  inviteCode: string;
  sendingProvinceCode: string;
  /** Zone whose calendar decides "today" for the NIP (the sending province's). */
  timeZone: string;
  usesRoster: boolean;
  fullName?: string;
  nip?: string;
  nipKind?: NipKind;
  position?: string;
  ownAgency?: string;
  phone?: string;
  /**
   * Whether the NIP was shown to be this user's, decided once NIP and own contact are known:
   * "proven" (the roster phone matches, or no roster to match and the NIP is free) or "pending"
   * (a coordinator must approve). Changing the NIP or the phone decides it again.
   */
  identity?: IdentityState;
  /**
   * Where the phone came from: the user's own contact in this conversation, or the person
   * the account already is. A phone without it (a conversation begun before proof existed,
   * when the roster filled it) proves nothing and is asked again.
   */
  phoneSource?: "contact" | "account";
  /** The person already accepted the current consent text in an earlier registration. */
  hasCurrentConsent: boolean;
  consent?: { acceptedAt: string; telegramMessageId: number; textVersion: string };
  /** Set while a field is changed from the summary: the next answer goes back to it. */
  editing: boolean;
  consentMessageId?: number;
  summaryMessageId?: number;
}

const answerOf: Record<FieldStep, (data: RegistrationData) => string | undefined> = {
  name: (data) => data.fullName,
  nip: (data) => data.nip,
  position: (data) => data.position,
  agency: (data) => data.ownAgency,
  phone: (data) => data.phone,
};

/**
 * The step after the answers given so far. With a roster the NIP and the own contact come
 * first: only when the contact's phone matches the roster row may that row pre-fill the rest.
 * Only what is still missing is asked.
 */
export function nextRegistrationStep(data: RegistrationData): RegistrationStep {
  if (data.editing) return "summary";
  const order: FieldStep[] = data.usesRoster
    ? ["nip", "phone", "name", "position", "agency"]
    : ["name", "nip", "position", "agency", "phone"];
  const missing = order.find((step) => !answerOf[step](data));
  if (missing) return missing;
  if (!data.consent && !data.hasCurrentConsent) return "consent";
  return "summary";
}

export function isFieldStep(value: string): value is FieldStep {
  return (fieldSteps as readonly string[]).includes(value);
}
