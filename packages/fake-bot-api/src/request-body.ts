import type { IncomingMessage } from "node:http";
import { boundaryOf, MultipartError, type MultipartFile, parseMultipart } from "./multipart.ts";

export interface ParsedRequest {
  params: Record<string, unknown>;
  files: MultipartFile[];
}

/** Telegram's upload ceiling is 50 MB; a little slack for the multipart framing. */
const MAX_BODY_BYTES = 52 * 1024 * 1024;

export class BodyTooLargeError extends Error {}
export class MalformedBodyError extends Error {}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () =>
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)),
    );
    req.on("error", reject);
  });
}

/**
 * Turns a request into parameters the way the Bot API accepts them: query string, JSON,
 * urlencoded or multipart. Form values are strings on the wire; the ones holding JSON
 * (reply_markup, commands, ...) are parsed here so handlers and records see objects.
 */
export function parseRequest(
  contentType: string | undefined,
  body: Buffer,
  query: URLSearchParams,
): ParsedRequest {
  const params: Record<string, unknown> = {};
  for (const [key, value] of query) params[key] = parseFormValue(value);
  const type = (contentType ?? "").toLowerCase();

  if (body.length === 0) return { params, files: [] };

  if (type.startsWith("application/json")) {
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      throw new MalformedBodyError("invalid JSON");
    }
    if (json !== null && typeof json === "object" && !Array.isArray(json)) {
      Object.assign(params, json);
    }
    return { params, files: [] };
  }

  if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(body.toString("utf8"))) {
      params[key] = parseFormValue(value);
    }
    return { params, files: [] };
  }

  if (type.startsWith("multipart/form-data")) {
    const boundary = boundaryOf(contentType ?? "");
    if (boundary === undefined) throw new MalformedBodyError("multipart boundary missing");
    try {
      const { fields, files } = parseMultipart(body, boundary);
      for (const [key, value] of Object.entries(fields)) params[key] = parseFormValue(value);
      return { params, files };
    } catch (error) {
      if (error instanceof MultipartError) throw new MalformedBodyError(error.message);
      throw error;
    }
  }

  return { params, files: [] };
}

function parseFormValue(value: string): unknown {
  const first = value.charCodeAt(0);
  if (first !== 0x7b && first !== 0x5b) return value; // only "{" or "[" can be JSON we need
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
