import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiError, unauthorized } from "./api-error.ts";
import type { StoredFile } from "./file-store.ts";
import { invoke } from "./invoke.ts";
import { BodyTooLargeError, MalformedBodyError, parseRequest, readBody } from "./request-body.ts";
import type { ServerState } from "./state.ts";
import type { ApiResponse } from "./types.ts";

/** Decides which bot tokens are served; the first one seen is remembered either way. */
export class TokenGate {
  private readonly required: string | undefined;
  private seen: string | undefined;

  constructor(required: string | undefined) {
    this.required = required;
    this.seen = required;
  }

  get token(): string | undefined {
    return this.seen;
  }

  admits(token: string): boolean {
    if (token === "") return false;
    if (this.required !== undefined) return token === this.required;
    this.seen ??= token;
    return true;
  }
}

const NOT_FOUND: ApiResponse = { ok: false, error_code: 404, description: "Not Found" };

/**
 * The HTTP face of the fake: `/bot<token>/<method>` for calls and `/file/bot<token>/<path>` for
 * downloads, answering with the Bot API envelope and the error code as HTTP status.
 */
export function createHttpServer(state: ServerState, gate: TokenGate): Server {
  const server = createServer((req, res) => {
    handle(state, gate, req, res).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      writeJson(res, 500, {
        ok: false,
        error_code: 500,
        description: `Internal Server Error: ${reason}`,
      });
    });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

export function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function handle(
  state: ServerState,
  gate: TokenGate,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const rawUrl = req.url ?? "/";
  const queryAt = rawUrl.indexOf("?");
  const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? "" : rawUrl.slice(queryAt + 1));

  if (path.startsWith("/file/bot")) {
    serveFile(state, gate, path.slice("/file/bot".length), req, res);
    return;
  }
  if (!path.startsWith("/bot")) {
    req.resume();
    writeJson(res, 404, NOT_FOUND);
    return;
  }
  const rest = path.slice(4);
  const slash = rest.indexOf("/");
  const token = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
  const method = slash < 0 ? "" : decodeURIComponent(rest.slice(slash + 1));
  if (!gate.admits(token)) {
    req.resume();
    writeJson(res, 401, unauthorized().toResponse());
    return;
  }
  if (method === "") {
    req.resume();
    writeJson(res, 404, NOT_FOUND);
    return;
  }

  let parsed: ReturnType<typeof parseRequest>;
  try {
    parsed = parseRequest(req.headers["content-type"], await readBody(req), query);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      writeJson(res, 413, { ok: false, error_code: 413, description: "Request Entity Too Large" });
      return;
    }
    if (error instanceof MalformedBodyError) {
      writeJson(res, 400, new ApiError(400, `Bad Request: ${error.message}`).toResponse());
      return;
    }
    throw error;
  }

  const signal = method.toLowerCase() === "getupdates" ? abortOnClose(res) : undefined;
  const outcome = await invoke(state, {
    method,
    params: parsed.params,
    files: parsed.files,
    signal,
  });
  if (outcome.type === "drop-connection") {
    req.socket.destroy();
    return;
  }
  if (outcome.type === "error") {
    writeJson(res, outcome.error.errorCode, outcome.error.toResponse());
    return;
  }
  writeJson(res, 200, { ok: true, result: outcome.result });
}

function serveFile(
  state: ServerState,
  gate: TokenGate,
  rest: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  req.resume();
  const slash = rest.indexOf("/");
  const token = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
  if (!gate.admits(token)) {
    writeJson(res, 401, unauthorized().toResponse());
    return;
  }
  const file =
    slash < 0 ? undefined : state.files.atPath(decodeURIComponent(rest.slice(slash + 1)));
  if (file === undefined) {
    writeJson(res, 404, NOT_FOUND);
    return;
  }
  if (file.declared_size !== undefined) {
    streamFile(file, res);
    return;
  }
  res.writeHead(200, {
    "content-type": file.mime_type ?? "application/octet-stream",
    "content-length": file.content.length,
  });
  res.end(file.content);
}

/** Chunked, no Content-Length, honouring back-pressure; counts what the client took. */
function streamFile(file: StoredFile, res: ServerResponse): void {
  res.writeHead(200, { "content-type": file.mime_type ?? "application/octet-stream" });
  const chunkBytes = 64 * 1024;
  let offset = 0;
  let closed = false;
  res.once("close", () => {
    closed = true;
  });
  const pump = () => {
    while (!closed && offset < file.content.length) {
      const chunk = file.content.subarray(offset, offset + chunkBytes);
      offset += chunk.length;
      file.bytes_served = (file.bytes_served ?? 0) + chunk.length;
      if (!res.write(chunk)) {
        res.once("drain", pump);
        return;
      }
    }
    if (!closed) res.end();
  };
  pump();
}

/** A long poll must notice its client leaving, so updates are not handed to a closed socket. */
function abortOnClose(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

function writeJson(res: ServerResponse, status: number, body: ApiResponse): void {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
