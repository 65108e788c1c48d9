import { badRequest } from "./api-error.ts";
import type { FileKind, StoredFile } from "./file-store.ts";
import { renderCaption, validateReplyMarkup } from "./message-validation.ts";
import type { MethodCall } from "./method-types.ts";
import { optionalObject, optionalString } from "./params.ts";
import { postBotMessage, targetChat } from "./send-pipeline.ts";
import type { ServerState } from "./state.ts";
import type { TgFile, TgMessage, TgMessageEntity, TgReplyMarkup } from "./types.ts";

const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
/** Telegram fetches URLs itself; with no network the fake stores a placeholder instead. */
const URL_PLACEHOLDER = Buffer.from("fake content fetched from URL");

interface ResolvedInput {
  file: StoredFile;
  uploaded: boolean;
}

/**
 * An InputFile parameter: an upload (grammY sends `attach://<part>`; plain clients name the
 * part after the field), an HTTP URL, or a file_id the server handed out earlier.
 */
function resolveInputFile(
  state: ServerState,
  call: MethodCall,
  field: string,
  kind: FileKind,
): ResolvedInput {
  const value = call.params[field];
  const partName =
    typeof value === "string" && value.startsWith("attach://") ? value.slice(9) : field;
  const part = call.files.find((candidate) => candidate.name === partName);
  if (part) {
    const fileName = optionalString(call.params, "file_name") ?? part.filename;
    const mime =
      part.contentType && part.contentType !== "application/octet-stream"
        ? part.contentType
        : undefined;
    const file = state.files.add(kind, part.data, fileName, mime);
    const upload = {
      field,
      file_name: part.filename,
      size: part.data.length,
      file_id: file.file_id,
    };
    call.uploads.push(part.contentType ? { ...upload, content_type: part.contentType } : upload);
    return { file, uploaded: true };
  }
  if (typeof value !== "string" || value === "")
    throw badRequest(`there is no ${field} in the request`);
  if (/^https?:\/\//i.test(value)) {
    const name = value.split("/").pop()?.split("?")[0] || undefined;
    return { file: state.files.add(kind, URL_PLACEHOLDER, name), uploaded: false };
  }
  const known = state.files.get(value);
  if (known === undefined) throw badRequest("wrong file identifier/HTTP URL specified");
  return { file: known, uploaded: false };
}

function captionContent(state: ServerState, call: MethodCall): Partial<TgMessage> {
  const caption = renderCaption(
    optionalString(call.params, "caption"),
    optionalString(call.params, "parse_mode"),
    optionalObject<TgMessageEntity[]>(call.params, "caption_entities"),
    state.html,
  );
  if (caption === undefined) return {};
  return caption.entities
    ? { caption: caption.text, caption_entities: caption.entities }
    : { caption: caption.text };
}

function markupOf(call: MethodCall): TgReplyMarkup | undefined {
  const markup = optionalObject<TgReplyMarkup>(call.params, "reply_markup");
  validateReplyMarkup(markup);
  return markup;
}

export function sendPhoto(state: ServerState, call: MethodCall): TgMessage {
  const chat = targetChat(state, call.params);
  const { file, uploaded } = resolveInputFile(state, call, "photo", "photos");
  const content = captionContent(state, call);
  const markup = markupOf(call);
  const full = {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    width: 1280,
    height: 960,
    file_size: file.content.length,
  };
  // A fresh upload gets a thumbnail size too, like Telegram's generated sizes.
  const photo = uploaded ? [thumbnailOf(state, file), full] : [full];
  return postBotMessage(state, chat, call.params, { ...content, photo }, markup);
}

function thumbnailOf(state: ServerState, file: StoredFile) {
  const thumb = state.files.add("photos", file.content.subarray(0, 2048));
  return {
    file_id: thumb.file_id,
    file_unique_id: thumb.file_unique_id,
    width: 90,
    height: 68,
    file_size: thumb.content.length,
  };
}

export function sendDocument(state: ServerState, call: MethodCall): TgMessage {
  const chat = targetChat(state, call.params);
  const { file } = resolveInputFile(state, call, "document", "documents");
  const content = captionContent(state, call);
  const markup = markupOf(call);
  const document: TgMessage["document"] = {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    file_size: file.content.length,
  };
  if (file.file_name !== undefined) document.file_name = file.file_name;
  if (file.mime_type !== undefined) document.mime_type = file.mime_type;
  return postBotMessage(state, chat, call.params, { ...content, document }, markup);
}

export function getFile(state: ServerState, { params }: MethodCall): TgFile {
  const fileId = optionalString(params, "file_id");
  const file = fileId === undefined ? undefined : state.files.get(fileId);
  if (file === undefined) throw badRequest("invalid file_id");
  if (file.content.length > MAX_DOWNLOAD_BYTES) throw badRequest("file is too big");
  return state.files.describe(file);
}
