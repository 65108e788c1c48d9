import { z } from "zod";
import type { OutboxMethod } from "../../delivery/enqueue.ts";

export const MAX_TEXT_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;

export const broadcastContentSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("text"), text: z.string().min(1).max(MAX_TEXT_LENGTH) }),
  z.object({
    kind: z.literal("photo"),
    fileId: z.string().min(1),
    caption: z.string().max(MAX_CAPTION_LENGTH).optional(),
  }),
  z.object({
    kind: z.literal("document"),
    fileId: z.string().min(1),
    fileName: z.string().optional(),
    caption: z.string().max(MAX_CAPTION_LENGTH).optional(),
  }),
]);
export type BroadcastContent = z.infer<typeof broadcastContentSchema>;

export const broadcastAudienceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("all") }),
  z.object({ kind: z.literal("unit"), hostUnitId: z.uuid() }),
  z.object({ kind: z.literal("absent") }),
  z.object({ kind: z.literal("coordinators") }),
  z.object({ kind: z.literal("officials") }),
]);
export type BroadcastAudience = z.infer<typeof broadcastAudienceSchema>;

/**
 * The Bot API call that carries the announcement, the same for the preview and for every
 * recipient: sent verbatim, without parse mode, so what the coordinator typed is what arrives.
 */
export function outboxCallFor(content: BroadcastContent): {
  method: OutboxMethod;
  payload: Record<string, unknown>;
} {
  switch (content.kind) {
    case "text":
      return { method: "sendMessage", payload: { text: content.text } };
    case "photo":
      return {
        method: "sendPhoto",
        payload: {
          photo: content.fileId,
          ...(content.caption ? { caption: content.caption } : {}),
        },
      };
    case "document":
      return {
        method: "sendDocument",
        payload: {
          document: content.fileId,
          ...(content.caption ? { caption: content.caption } : {}),
        },
      };
  }
}

/** The content as stored on a Broadcast row, and back. */
export function contentColumns(content: BroadcastContent) {
  return {
    contentKind: content.kind,
    text: content.kind === "text" ? content.text : (content.caption ?? null),
    fileId: content.kind === "text" ? null : content.fileId,
    fileName: content.kind === "document" ? (content.fileName ?? null) : null,
  };
}

export function contentFromRow(row: {
  contentKind: string;
  text: string | null;
  fileId: string | null;
  fileName: string | null;
}): BroadcastContent {
  return broadcastContentSchema.parse(
    row.contentKind === "text"
      ? { kind: "text", text: row.text }
      : {
          kind: row.contentKind,
          fileId: row.fileId,
          ...(row.text ? { caption: row.text } : {}),
          ...(row.contentKind === "document" && row.fileName ? { fileName: row.fileName } : {}),
        },
  );
}
