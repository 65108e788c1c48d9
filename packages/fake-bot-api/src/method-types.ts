import type { MultipartFile } from "./multipart.ts";
import type { Params } from "./params.ts";
import type { ServerState } from "./state.ts";
import type { TgMessage, UploadedFile } from "./types.ts";

/** One Bot API call as a handler sees it. Handlers fill `uploads`/`createdMessage` for records. */
export interface MethodCall {
  method: string;
  params: Params;
  files: MultipartFile[];
  /** Aborted when the client goes away; only provided to getUpdates. */
  signal: AbortSignal | undefined;
  uploads: UploadedFile[];
  /** The message a call produced when its result is not the message itself (copyMessage). */
  createdMessage?: TgMessage;
}

export type MethodHandler = (state: ServerState, call: MethodCall) => unknown;

export interface MethodDefinition {
  name: string;
  handler: MethodHandler;
  /** Bot→chat calls that are recorded for the operator API. */
  recorded: boolean;
}
