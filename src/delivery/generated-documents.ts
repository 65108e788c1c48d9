import { InputFile } from "grammy";

/**
 * Documents the outbox builds when it sends them (a certificate PDF): the queued payload holds
 * `document: { generated: <kind>, ref: <id> }` instead of a file id, so the queue stays small
 * and a document withdrawn meanwhile (revoked, erased) is not sent.
 */
export interface GeneratedDocumentKind {
  /** The file, or undefined when it may no longer be sent (the message then fails quietly). */
  build(ref: string): Promise<{ content: Buffer; fileName: string } | undefined>;
  /** Called after Telegram accepted it. */
  sent?(ref: string, at: Date): Promise<void>;
}

export type GeneratedDocuments = Record<string, GeneratedDocumentKind>;

export interface GeneratedDocumentRef {
  generated: string;
  ref: string;
}

export function generatedDocumentOf(
  payload: Record<string, unknown>,
): GeneratedDocumentRef | undefined {
  const document = payload.document;
  if (typeof document !== "object" || document === null) return undefined;
  const { generated, ref } = document as Record<string, unknown>;
  return typeof generated === "string" && typeof ref === "string" ? { generated, ref } : undefined;
}

export type ResolvedPayload =
  | { ok: true; payload: Record<string, unknown>; document?: GeneratedDocumentRef }
  | { ok: false; error: string };

/** The payload with its generated document built, or why it cannot be sent. */
export async function resolveGeneratedDocument(
  payload: Record<string, unknown>,
  documents: GeneratedDocuments | undefined,
): Promise<ResolvedPayload> {
  const document = generatedDocumentOf(payload);
  if (!document) return { ok: true, payload };
  const kind = documents?.[document.generated];
  if (!kind) return { ok: false, error: `no builder for generated document ${document.generated}` };
  const file = await kind.build(document.ref);
  if (!file) return { ok: false, error: "generated document no longer available" };
  return {
    ok: true,
    payload: { ...payload, document: new InputFile(file.content, file.fileName) },
    document,
  };
}
