import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeBotApi } from "@tandang/fake-bot-api";
import { z } from "zod";
import { type DemoAction, DemoActionError, type DemoChat, MAX_TEXT_LENGTH } from "./demo-chat.ts";
import type { DemoWorld } from "./seed-demo.ts";

/**
 * The demo's web chat: a static page plus a small JSON API over the built-in Bot API's user
 * handles. Loopback only, and it answers only requests addressed to itself (a page elsewhere
 * cannot drive it through DNS rebinding or a cross-site form).
 */

const MAX_BODY_BYTES = 30 * 1024 * 1024;
const HOST = "127.0.0.1";

const STATIC_FILES: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/chat.css": { file: "chat.css", type: "text/css; charset=utf-8" },
  "/chat.js": { file: "chat.js", type: "text/javascript; charset=utf-8" },
};

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const sendSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("text"),
    user: z.string(),
    text: z.string().max(MAX_TEXT_LENGTH * 2),
  }),
  z.object({
    type: z.literal("button"),
    user: z.string(),
    messageId: z.number().int().positive(),
    data: z.string().min(1).max(64),
  }),
  z.object({ type: z.literal("contact"), user: z.string() }),
  z.object({
    type: z.literal("location"),
    user: z.string(),
    latitude: z.number(),
    longitude: z.number(),
  }),
  z.object({
    type: z.literal("document"),
    user: z.string(),
    fileName: z.string().min(1).max(255),
    mimeType: z.string().max(255).default("application/octet-stream"),
    contentBase64: z.string().min(1),
  }),
]);

export interface DemoWebServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export async function startDemoWebServer(options: {
  port: number;
  chat: DemoChat;
  api: FakeBotApi;
  world: DemoWorld;
}): Promise<DemoWebServer> {
  const assets = new Map(
    Object.entries(STATIC_FILES).map(([path, { file, type }]) => [
      path,
      { type, body: readFileSync(new URL(`./web/${file}`, import.meta.url)) },
    ]),
  );
  let port = options.port;
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) writeJson(res, error.status, { error: error.message });
      else if (error instanceof DemoActionError) writeJson(res, 400, { error: error.message });
      else writeJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? "";
    if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) {
      req.resume();
      throw new HttpError(421, "this demo answers only on its own address");
    }
    const url = new URL(req.url ?? "/", `http://${HOST}:${port}`);
    const asset = assets.get(url.pathname);
    if (req.method === "GET" && asset) {
      res.writeHead(200, {
        "content-type": asset.type,
        "content-security-policy": CONTENT_SECURITY_POLICY,
        "x-content-type-options": "nosniff",
        "cache-control": "no-store",
      });
      res.end(asset.body);
      return;
    }
    if (req.method === "GET" && url.pathname === "/api/identities") {
      writeJson(res, 200, describeDemo(options));
      return;
    }
    if (req.method === "GET" && url.pathname === "/api/chat") {
      const identity = options.chat.identity(url.searchParams.get("user") ?? "");
      if (!identity) throw new HttpError(400, "unknown user: pick one of /api/identities");
      const after = Number(url.searchParams.get("after") ?? "0");
      const events = options.chat.log.eventsOf(
        identity.telegramId,
        Number.isFinite(after) ? after : 0,
      );
      writeJson(res, 200, {
        events,
        last: options.chat.log.lastSeq(identity.telegramId),
        keyboard: options.chat.log.keyboardOf(identity.telegramId),
      });
      return;
    }
    if (req.method === "POST" && url.pathname === "/api/send") {
      if (!String(req.headers["content-type"] ?? "").startsWith("application/json")) {
        req.resume();
        throw new HttpError(415, "send JSON (content-type: application/json)");
      }
      const body = sendSchema.safeParse(await readJson(req));
      if (!body.success) throw new HttpError(400, body.error.issues[0]?.message ?? "bad request");
      const identity = options.chat.identity(body.data.user);
      if (!identity) throw new HttpError(400, "unknown user: pick one of /api/identities");
      options.chat.perform(identity, toAction(body.data));
      writeJson(res, 200, { ok: true, last: options.chat.log.lastSeq(identity.telegramId) });
      return;
    }
    if (req.method === "GET" && url.pathname.startsWith("/files/")) {
      serveFile(options.api, decodeURIComponent(url.pathname.slice(7)), url, res);
      return;
    }
    req.resume();
    throw new HttpError(404, "not found");
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://${HOST}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function describeDemo(options: { chat: DemoChat; api: FakeBotApi; world: DemoWorld }) {
  const { world, api, chat } = options;
  return {
    bot: { name: api.botInfo.first_name, username: api.botInfo.username },
    program: { name: world.programName, startDate: world.startDate, endDate: world.endDate },
    identities: chat.identities.map((identity) => ({
      key: identity.key,
      id: identity.telegramId,
      label: identity.label,
      hint: identity.hint,
      suggestions: identity.suggestions,
      office: identity.office,
    })),
  };
}

function toAction(body: z.output<typeof sendSchema>): DemoAction {
  switch (body.type) {
    case "text":
      return { type: "text", text: body.text };
    case "button":
      return { type: "button", messageId: body.messageId, data: body.data };
    case "contact":
      return { type: "contact" };
    case "location":
      return { type: "location", latitude: body.latitude, longitude: body.longitude };
    case "document":
      return {
        type: "document",
        fileName: body.fileName,
        mimeType: body.mimeType,
        content: Buffer.from(body.contentBase64, "base64"),
      };
  }
}

/** Only images are shown inline; anything else downloads, so no file can run as a page here. */
function serveFile(api: FakeBotApi, fileId: string, url: URL, res: ServerResponse): void {
  const content = api.fileContent(fileId);
  if (!content) throw new HttpError(404, "no such file");
  const name = (url.searchParams.get("name") ?? "berkas").replace(/[^\w.\- ]+/g, "_").slice(0, 120);
  const image = imageTypeOf(content);
  const type = image ?? "application/octet-stream";
  res.writeHead(200, {
    "content-type": type,
    "content-length": content.length,
    "content-disposition": `${image ? "inline" : "attachment"}; filename="${name}"`,
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'",
  });
  res.end(content);
}

/** By the bytes, not the name: only real PNG or JPEG data is ever shown inline. */
function imageTypeOf(content: Buffer): string | undefined {
  if (content.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) return "image/png";
  if (content.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return "image/jpeg";
  return undefined;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "too large (at most 20 MB per file)");
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "the body is not JSON");
  }
}

function writeJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}
