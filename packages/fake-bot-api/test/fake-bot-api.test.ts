import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { Bot, InputFile } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ApiResponse,
  createFakeBotApi,
  type FakeBotApi,
  type FakeBotApiOptions,
  parseHtml,
  RateLimiter,
  startFakeBotApi,
  type TgMessage,
  type TgUpdate,
} from "../src/index.ts";

const TOKEN = "7000000001:TEST-token_abc";

const running: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.stop();
});

async function fakeApi(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const api = await startFakeBotApi(options);
  running.push(api);
  return api;
}

interface CallResult<T> {
  status: number;
  body: ApiResponse<T>;
}

async function call<T = unknown>(
  api: FakeBotApi,
  method: string,
  params: Record<string, unknown> = {},
): Promise<CallResult<T>> {
  const response = await fetch(`${api.apiRoot}/bot${TOKEN}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return { status: response.status, body: (await response.json()) as ApiResponse<T> };
}

async function ok<T>(api: FakeBotApi, method: string, params: Record<string, unknown> = {}) {
  const { body } = await call<T>(api, method, params);
  if (!body.ok) throw new Error(`${method} failed: ${body.description}`);
  return body.result;
}

function errorOf(result: CallResult<unknown>) {
  if (result.body.ok) throw new Error("expected an error response");
  return result.body;
}

/** A webhook endpoint on loopback whose behaviour each test scripts. */
async function webhookEndpoint(
  respond: (req: IncomingMessage, body: string, n: number) => Promise<number> | number,
) {
  const received: Array<{ headers: IncomingMessage["headers"]; update: TgUpdate }> = [];
  let n = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    received.push({ headers: req.headers, update: JSON.parse(body) as TgUpdate });
    const status = await respond(req, body, n++);
    res.writeHead(status).end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const handle = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  running.push(handle);
  return handle;
}

describe("HTTP surface", () => {
  it("answers getMe with the test bot and refuses unknown methods with 404", async () => {
    const api = await fakeApi();
    expect(api.apiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const me = await ok<{ id: number; is_bot: boolean; username: string }>(api, "getMe");
    expect(me).toMatchObject({ id: 7000000001, is_bot: true, username: "tandang_test_bot" });
    expect(api.token).toBe(TOKEN);

    const unknown = await call(api, "sendDice", { chat_id: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      ok: false,
      error_code: 404,
      description: "Not Found: method not found",
    });
  });

  it("rejects other tokens with 401 when a token is configured", async () => {
    const api = await fakeApi({ token: "123:right" });
    const wrong = await fetch(`${api.apiRoot}/bot123:wrong/getMe`);
    expect(wrong.status).toBe(401);
    const right = (await (await fetch(`${api.apiRoot}/bot123:right/getMe`)).json()) as ApiResponse;
    expect(right.ok).toBe(true);
  });

  it("accepts form-urlencoded bodies and coerces their strings", async () => {
    const api = await fakeApi();
    const user = api.user(501, { first_name: "Sari" });
    user.sendText("halo");
    const response = await fetch(`${api.apiRoot}/bot${TOKEN}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        chat_id: "501",
        text: "Selamat pagi",
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: "OK", callback_data: "ok" }]] }),
      }),
    });
    const body = (await response.json()) as ApiResponse<TgMessage>;
    expect(body.ok).toBe(true);
    if (!body.ok) return;
    expect(body.result.chat.id).toBe(501);
    expect(body.result.text).toBe("Selamat pagi");
    expect(body.result.reply_markup?.inline_keyboard?.[0]?.[0]?.callback_data).toBe("ok");
  });
});

describe("getUpdates", () => {
  it("wakes a waiting long poll as soon as an update arrives", async () => {
    const api = await fakeApi();
    const started = Date.now();
    const poll = call<TgUpdate[]>(api, "getUpdates", { timeout: 20 });
    await api.waitUntil(() => api.hasWaitingPoll());
    setTimeout(() => api.user(42, { first_name: "Budi" }).sendText("hadir"), 100);
    const result = await poll;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.body.ok && result.body.result.map((u) => u.message?.text)).toEqual(["hadir"]);
  });

  it("answers an empty list when the poll timeout passes", async () => {
    const api = await fakeApi();
    const started = Date.now();
    const result = await ok<TgUpdate[]>(api, "getUpdates", { timeout: 1 });
    expect(result).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("confirms with offset, honours limit and drops below a negative offset", async () => {
    const api = await fakeApi({ firstUpdateId: 1000 });
    const user = api.user(7, { first_name: "Ani" });
    const ids = ["a", "b", "c", "d", "e"].map((text) => user.sendText(text));
    expect(ids).toEqual([1000, 1001, 1002, 1003, 1004]);

    const firstTwo = await ok<TgUpdate[]>(api, "getUpdates", { limit: 2 });
    expect(firstTwo.map((u) => u.update_id)).toEqual([1000, 1001]);
    // Not confirmed yet: polling again without offset replays them.
    const replay = await ok<TgUpdate[]>(api, "getUpdates", { limit: 2 });
    expect(replay.map((u) => u.update_id)).toEqual([1000, 1001]);

    const rest = await ok<TgUpdate[]>(api, "getUpdates", { offset: 1002 });
    expect(rest.map((u) => u.update_id)).toEqual([1002, 1003, 1004]);
    expect(api.confirmedOffset).toBe(1002);
    expect(api.pendingUpdates()).toBe(3);

    const lastOne = await ok<TgUpdate[]>(api, "getUpdates", { offset: -1 });
    expect(lastOne.map((u) => u.update_id)).toEqual([1004]);
    expect(api.pendingUpdates()).toBe(1);

    await ok(api, "getUpdates", { offset: 1005 });
    expect(api.pendingUpdates()).toBe(0);
    expect(api.confirmedOffset).toBe(1005);
    expect(api.deliveredUpdateIds).toEqual([1000, 1001, 1002, 1003, 1004]);
  });

  it("terminates the older of two concurrent polls with 409, like Telegram", async () => {
    const api = await fakeApi();
    const first = call(api, "getUpdates", { timeout: 10 });
    await api.waitUntil(() => api.hasWaitingPoll());
    const second = call<TgUpdate[]>(api, "getUpdates", { timeout: 10 });

    const firstResult = await first;
    expect(firstResult.status).toBe(409);
    expect(errorOf(firstResult).description).toBe(
      "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    );
    api.user(9, { first_name: "Dewi" }).sendText("masih di sini");
    const secondResult = await second;
    expect(secondResult.body.ok && secondResult.body.result[0]?.message?.text).toBe(
      "masih di sini",
    );
  });

  it("refuses polling with 409 while a webhook is set", async () => {
    const api = await fakeApi();
    const hook = await webhookEndpoint(() => 200);
    await ok(api, "setWebhook", { url: hook.url });
    const result = await call(api, "getUpdates");
    expect(result.status).toBe(409);
    expect(errorOf(result).description).toContain(
      "can't use getUpdates method while webhook is active",
    );
    await ok(api, "deleteWebhook");
    expect((await call(api, "getUpdates")).status).toBe(200);
  });
});

describe("webhook delivery", () => {
  it("posts updates with the secret header and retries a 500 until a 2xx", async () => {
    const api = await fakeApi({ webhookRetryDelayMs: 20 });
    const hook = await webhookEndpoint((_req, _body, n) => (n < 2 ? 500 : 200));
    await ok(api, "setWebhook", { url: hook.url, secret_token: "s3cret_TOKEN-1" });
    const updateId = api.user(11, { first_name: "Eko" }).sendText("webhook?");

    await api.waitUntil(() => api.pendingUpdates() === 0);
    expect(hook.received).toHaveLength(3);
    for (const delivery of hook.received) {
      expect(delivery.headers["x-telegram-bot-api-secret-token"]).toBe("s3cret_TOKEN-1");
      expect(delivery.update.update_id).toBe(updateId);
      expect(delivery.update.message?.text).toBe("webhook?");
    }
    expect(api.deliveredUpdateIds).toEqual([updateId]);
    const info = await ok<{
      url: string;
      pending_update_count: number;
      last_error_message?: string;
    }>(api, "getWebhookInfo");
    expect(info).toMatchObject({ url: hook.url, pending_update_count: 0 });
    expect(info.last_error_message).toBe(
      "Wrong response from the webhook: 500 Internal Server Error",
    );
  });

  it("retries after a connection error and keeps at most max_connections in flight", async () => {
    const api = await fakeApi({ webhookRetryDelayMs: 20 });
    let inFlight = 0;
    let maxInFlight = 0;
    const hook = await webhookEndpoint(async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await delay(30);
      inFlight--;
      return 204;
    });
    const user = api.user(12, { first_name: "Fajar" });
    for (let i = 0; i < 8; i++) user.sendText(`m${i}`);

    // Nothing listens on this port: deliveries fail and must stay queued.
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await ok(api, "setWebhook", { url: `http://127.0.0.1:${deadPort}/`, max_connections: 2 });
    await api.waitUntil(() => api.webhookInfo().last_error_message === "Connection refused");
    expect(api.pendingUpdates()).toBe(8);

    await ok(api, "setWebhook", { url: hook.url, max_connections: 2 });
    await api.waitUntil(() => api.pendingUpdates() === 0);
    expect(maxInFlight).toBe(2);
    expect(new Set(hook.received.map((d) => d.update.message?.text)).size).toBe(8);
  });

  it("executes a method call returned in the webhook response body", async () => {
    const api = await fakeApi();
    const user = api.user(14, { first_name: "Hadi" });
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ method: "sendMessage", chat_id: 14, text: "dibalas lewat webhook" }),
        );
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    running.push({ stop: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    await ok(api, "setWebhook", {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    });
    user.sendText("halo");
    const reply = await user.waitForMessage("dibalas lewat webhook");
    expect(reply).toMatchObject({ method: "sendMessage", ok: true, chat_id: 14 });
  });

  it("drops pending updates on deleteWebhook with drop_pending_updates", async () => {
    const api = await fakeApi();
    const user = api.user(13, { first_name: "Gita" });
    user.sendText("one");
    user.sendText("two");
    await ok(api, "deleteWebhook", { drop_pending_updates: true });
    expect(api.pendingUpdates()).toBe(0);
    expect(await ok(api, "getUpdates")).toEqual([]);
  });
});

describe("sending", () => {
  it("numbers messages per chat, sharing ids with the user's own messages", async () => {
    const api = await fakeApi();
    const user = api.user(21, { first_name: "Hana" });
    user.sendText("/start");
    const first = await ok<TgMessage>(api, "sendMessage", { chat_id: 21, text: "Halo" });
    const second = await ok<TgMessage>(api, "sendMessage", { chat_id: "21", text: "Apa kabar?" });
    expect([first.message_id, second.message_id]).toEqual([2, 3]);
    expect(first).toMatchObject({ chat: { id: 21, type: "private" }, from: { is_bot: true } });
    expect(api.textsTo(21)).toEqual(["Halo", "Apa kabar?"]);
    expect(api.lastSent(21)?.message_id).toBe(3);
    expect(user.lastMessageId).toBe(1);
  });

  it("refuses chats it never saw, until registered", async () => {
    const api = await fakeApi();
    const result = await call(api, "sendMessage", { chat_id: 999, text: "hi" });
    expect(result.status).toBe(400);
    expect(errorOf(result).description).toBe("Bad Request: chat not found");
    expect(api.attempts(999)[0]).toMatchObject({ ok: false, error: { error_code: 400 } });
    expect(api.sent(999)).toEqual([]);

    api.registerChat({ id: 999, type: "private", first_name: "Pre" });
    expect((await call(api, "sendMessage", { chat_id: 999, text: "hi" })).status).toBe(200);
  });

  it("validates text like Telegram: empty, too long", async () => {
    const api = await fakeApi();
    api.user(22, { first_name: "Indra" }).sendText("x");
    const empty = await call(api, "sendMessage", { chat_id: 22 });
    expect(errorOf(empty).description).toBe("Bad Request: message text is empty");
    const noChat = await call(api, "sendMessage", { text: "x" });
    expect(errorOf(noChat).description).toBe("Bad Request: chat_id is empty");
    const long = await call(api, "sendMessage", { chat_id: 22, text: "a".repeat(4097) });
    expect(errorOf(long).description).toBe("Bad Request: message is too long");
    expect((await call(api, "sendMessage", { chat_id: 22, text: "a".repeat(4096) })).status).toBe(
      200,
    );
  });

  it("rejects callback_data over 64 bytes (counted in UTF-8) with BUTTON_DATA_INVALID", async () => {
    const api = await fakeApi();
    api.user(23, { first_name: "Joko" }).sendText("x");
    const keyboard = (data: string) => ({
      inline_keyboard: [[{ text: "b", callback_data: data }]],
    });
    const tooLong = await call(api, "sendMessage", {
      chat_id: 23,
      text: "pilih",
      reply_markup: keyboard("x".repeat(65)),
    });
    expect(errorOf(tooLong).description).toBe("Bad Request: BUTTON_DATA_INVALID");
    // 33 two-byte characters: 66 bytes although only 33 characters.
    const multiByte = await call(api, "sendMessage", {
      chat_id: 23,
      text: "pilih",
      reply_markup: keyboard("é".repeat(33)),
    });
    expect(errorOf(multiByte).description).toBe("Bad Request: BUTTON_DATA_INVALID");
    const exact = await call(api, "sendMessage", {
      chat_id: 23,
      text: "pilih",
      reply_markup: keyboard("x".repeat(64)),
    });
    expect(exact.status).toBe(200);
  });

  it("parses HTML into text and entities, and refuses broken HTML", async () => {
    const api = await fakeApi();
    api.user(24, { first_name: "Kiki" }).sendText("x");
    const good = await ok<TgMessage>(api, "sendMessage", {
      chat_id: 24,
      text: "<b>Rekap</b> 5 &lt; 6 &amp; <a href='https://t.me/x'>link</a>",
      parse_mode: "HTML",
    });
    expect(good.text).toBe("Rekap 5 < 6 & link");
    expect(good.entities).toEqual([
      { type: "bold", offset: 0, length: 5 },
      { type: "text_link", offset: 14, length: 4, url: "https://t.me/x" },
    ]);
    expect(api.lastSent(24)?.payload.text).toContain("<b>Rekap</b>");

    const broken = await call(api, "sendMessage", {
      chat_id: 24,
      text: "<b>unclosed",
      parse_mode: "HTML",
    });
    expect(broken.status).toBe(400);
    expect(errorOf(broken).description).toBe(
      `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`,
    );
    const bare = await call(api, "sendMessage", { chat_id: 24, text: "5 < 6", parse_mode: "HTML" });
    expect(errorOf(bare).description).toMatch(
      /^Bad Request: can't parse entities: Unsupported start tag "" at byte offset 2/,
    );
  });

  it("edits text, refuses a no-op edit and drops the keyboard when reply_markup is omitted", async () => {
    const api = await fakeApi();
    const user = api.user(25, { first_name: "Lina" });
    user.sendText("x");
    const markup = { inline_keyboard: [[{ text: "Ya", callback_data: "yes" }]] };
    const sent = await ok<TgMessage>(api, "sendMessage", {
      chat_id: 25,
      text: "Lanjut?",
      reply_markup: markup,
    });
    const same = await call(api, "editMessageText", {
      chat_id: 25,
      message_id: sent.message_id,
      text: "Lanjut?",
      reply_markup: markup,
    });
    expect(errorOf(same).description).toMatch(/^Bad Request: message is not modified/);
    const edited = await ok<TgMessage>(api, "editMessageText", {
      chat_id: 25,
      message_id: sent.message_id,
      text: "Selesai",
    });
    expect(edited.text).toBe("Selesai");
    expect(edited.reply_markup).toBeUndefined();
    expect(edited.edit_date).toBeTypeOf("number");
    expect(api.message(25, sent.message_id)?.text).toBe("Selesai");
    const missing = await call(api, "editMessageText", { chat_id: 25, message_id: 999, text: "?" });
    expect(errorOf(missing).description).toBe("Bad Request: message to edit not found");
  });

  it("implements the small methods: chat action, getChat, delete, copy, commands", async () => {
    const api = await fakeApi();
    const user = api.user(26, { first_name: "Made", username: "made26" });
    user.sendText("salin ini");
    expect(await ok(api, "sendChatAction", { chat_id: 26, action: "typing" })).toBe(true);
    expect(
      errorOf(await call(api, "sendChatAction", { chat_id: 26, action: "dancing" })).description,
    ).toBe("Bad Request: wrong parameter action in request");
    expect(await ok(api, "getChat", { chat_id: "@made26" })).toMatchObject({
      id: 26,
      type: "private",
    });
    const copy = await ok<{ message_id: number }>(api, "copyMessage", {
      chat_id: 26,
      from_chat_id: 26,
      message_id: user.lastMessageId,
    });
    expect(api.message(26, copy.message_id)?.text).toBe("salin ini");
    expect(await ok(api, "deleteMessage", { chat_id: 26, message_id: copy.message_id })).toBe(true);
    expect(api.message(26, copy.message_id)).toBeUndefined();
    const commands = [{ command: "start", description: "Mulai" }];
    await ok(api, "setMyCommands", { commands, language_code: "id" });
    expect(await ok(api, "getMyCommands", { language_code: "id" })).toEqual(commands);
    expect(await ok(api, "getMyCommands")).toEqual([]);
    expect(api.commands({ language_code: "id" })).toEqual(commands);
    expect(api.sent(26).map((r) => r.method)).toEqual([
      "sendChatAction",
      "copyMessage",
      "deleteMessage",
    ]);
  });
});

describe("waiting", () => {
  it("rejects a timed-out waitForMessage with what was sent instead", async () => {
    const api = await fakeApi();
    api.user(27, { first_name: "Nanda" }).sendText("x");
    await ok(api, "sendMessage", { chat_id: 27, text: "Menu utama" });
    await expect(api.waitForMessage(27, /Rekap/, { timeoutMs: 50 })).rejects.toThrow(
      /waitForMessage\(27, \/Rekap\/\) failed: timed out after 50 ms\. Last calls: sendMessage→27 ok "Menu utama"/,
    );
    // Existing records match unless onlyNew is set.
    expect((await api.waitForMessage(27, "Menu")).text).toBe("Menu utama");
    const later = api.waitForMessage(27, "Menu", { onlyNew: true, timeoutMs: 2000 });
    await ok(api, "sendMessage", { chat_id: 27, text: "Menu lagi" });
    expect((await later).text).toBe("Menu lagi");
  });
});

describe("locations, markup edits and group chats", () => {
  it("sends locations and venues, edits a keyboard away, leaves a group", async () => {
    const api = await fakeApi();
    api.user(28, { first_name: "Putri" }).sendText("x");
    const location = await ok<TgMessage>(api, "sendLocation", {
      chat_id: 28,
      latitude: -6.175,
      longitude: 106.827,
      horizontal_accuracy: 50,
    });
    expect(location.location).toEqual({
      latitude: -6.175,
      longitude: 106.827,
      horizontal_accuracy: 50,
    });
    const tooVague = await call(api, "sendLocation", {
      chat_id: 28,
      latitude: 0,
      longitude: 0,
      horizontal_accuracy: 2000,
    });
    expect(tooVague.status).toBe(400);
    const venue = await ok<TgMessage>(api, "sendVenue", {
      chat_id: 28,
      latitude: -6.2,
      longitude: 106.8,
      title: "Balai Kota",
      address: "Jl. Medan Merdeka Selatan",
      reply_markup: { inline_keyboard: [[{ text: "Hadir", callback_data: "hadir" }]] },
    });
    expect(venue.venue?.title).toBe("Balai Kota");
    const cleared = await ok<TgMessage>(api, "editMessageReplyMarkup", {
      chat_id: 28,
      message_id: venue.message_id,
    });
    expect(cleared.reply_markup).toBeUndefined();
    const again = await call(api, "editMessageReplyMarkup", {
      chat_id: 28,
      message_id: venue.message_id,
    });
    expect(errorOf(again).description).toMatch(/message is not modified/);
    expect(await ok(api, "setChatMenuButton", { menu_button: { type: "commands" } })).toBe(true);

    const updateId = api.enqueueUpdate({
      message: {
        message_id: 1,
        date: 1_700_000_000,
        chat: { id: -42, type: "group", title: "Raw" },
        from: { id: 29, is_bot: false, first_name: "Raw" },
        text: "raw",
      },
    });
    expect(updateId).toBe(2);
    expect(await ok(api, "leaveChat", { chat_id: -42 })).toBe(true);
    const afterLeaving = await call(api, "sendMessage", { chat_id: -42, text: "masih?" });
    expect(errorOf(afterLeaving).description).toBe("Bad Request: chat not found");
  });
});

describe("users and buttons", () => {
  it("delivers a callback query for a pressed button and records the answer", async () => {
    const api = await fakeApi();
    const user = api.user(31, { first_name: "Nia", language_code: "id" });
    user.sendCommand("/start abc");
    const [start] = await ok<TgUpdate[]>(api, "getUpdates");
    expect(start?.message?.entities).toEqual([{ type: "bot_command", offset: 0, length: 6 }]);
    expect(start?.message?.from).toMatchObject({ id: 31, language_code: "id", is_bot: false });

    const sent = await ok<TgMessage>(api, "sendMessage", {
      chat_id: 31,
      text: "Setuju?",
      reply_markup: { inline_keyboard: [[{ text: "Setuju", callback_data: "consent:yes" }]] },
    });
    expect(() => user.pressButton(sent, "consent:no")).toThrow(/has no button/);
    const updateId = user.pressButton(sent, "consent:yes");
    const updates = await ok<TgUpdate[]>(api, "getUpdates", {
      offset: (start?.update_id ?? 0) + 1,
    });
    const query = updates.find((u) => u.update_id === updateId)?.callback_query;
    expect(query).toMatchObject({
      data: "consent:yes",
      from: { id: 31 },
      message: { message_id: sent.message_id },
    });
    expect(api.unansweredCallbackQueries()).toEqual([query?.id]);

    await ok(api, "answerCallbackQuery", { callback_query_id: query?.id, text: "Tercatat" });
    expect(api.callbackAnswers).toEqual([
      expect.objectContaining({ callback_query_id: query?.id, user_id: 31, text: "Tercatat" }),
    ]);
    expect(api.unansweredCallbackQueries()).toEqual([]);
    const twice = await call(api, "answerCallbackQuery", { callback_query_id: query?.id });
    expect(errorOf(twice).description).toMatch(/query is too old/);
  });

  it("builds contact, location (forwarded, live edit), venue and group updates", async () => {
    const api = await fakeApi();
    const user = api.user(32, { first_name: "Oki", last_name: "P" });
    user.sendContact({ phone_number: "+628123" });
    user.sendLocation({
      latitude: -6.2,
      longitude: 106.8,
      horizontal_accuracy: 20,
      live_period: 900,
    });
    user.editLocation({ latitude: -6.21, longitude: 106.81 });
    user.sendLocation({ latitude: 1, longitude: 2, forwarded: true });
    user.sendVenue({ latitude: -6.1, longitude: 106.9, title: "Kantor", address: "Jl. Merdeka" });
    const group = api.group(-1001234567890, "Peserta");
    group.sendText(user, "halo grup");

    const updates = await ok<TgUpdate[]>(api, "getUpdates");
    expect(updates[0]?.message?.contact).toEqual({
      phone_number: "+628123",
      first_name: "Oki",
      last_name: "P",
      user_id: 32,
    });
    expect(updates[1]?.message?.location).toMatchObject({
      horizontal_accuracy: 20,
      live_period: 900,
    });
    expect(updates[2]?.edited_message).toMatchObject({
      message_id: updates[1]?.message?.message_id,
      location: { latitude: -6.21, longitude: 106.81 },
    });
    expect(updates[3]?.message?.forward_origin?.type).toBe("user");
    expect(updates[4]?.message?.venue?.title).toBe("Kantor");
    expect(updates[5]?.message?.chat).toEqual({
      id: -1001234567890,
      type: "supergroup",
      title: "Peserta",
    });
    expect((await call(api, "sendMessage", { chat_id: -1001234567890, text: "ok" })).status).toBe(
      200,
    );
  });

  it("serves user-sent documents byte for byte through getFile and the file URL", async () => {
    const api = await fakeApi();
    const content = Buffer.from("NIP;Nama\n199001012015031001;Sari\n");
    api.user(33, { first_name: "Rina" }).sendDocument({
      file_name: "roster.csv",
      mime_type: "text/csv",
      content,
    });
    const [update] = await ok<TgUpdate[]>(api, "getUpdates");
    const document = update?.message?.document;
    expect(document).toMatchObject({
      file_name: "roster.csv",
      mime_type: "text/csv",
      file_size: content.length,
    });
    const file = await ok<{ file_path: string }>(api, "getFile", { file_id: document?.file_id });
    const download = await fetch(`${api.apiRoot}/file/bot${TOKEN}/${file.file_path}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(content)).toBe(true);
    expect((await fetch(`${api.apiRoot}/file/bot${TOKEN}/documents/nope.csv`)).status).toBe(404);
  });
});

describe("uploads", () => {
  it("parses a multipart document upload, then getFile + download return the same bytes", async () => {
    const api = await fakeApi();
    api.user(41, { first_name: "Sinta" }).sendText("kirim rekap");
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));
    const form = new FormData();
    form.append("chat_id", "41");
    form.append("caption", "<b>Rekap</b> presensi");
    form.append("parse_mode", "HTML");
    form.append("document", new Blob([bytes], { type: "text/csv" }), "rekap presensi.csv");
    const response = await fetch(`${api.apiRoot}/bot${TOKEN}/sendDocument`, {
      method: "POST",
      body: form,
    });
    const body = (await response.json()) as ApiResponse<TgMessage>;
    if (!body.ok) throw new Error(body.description);
    expect(body.result.caption).toBe("Rekap presensi");
    expect(body.result.document).toMatchObject({
      file_name: "rekap presensi.csv",
      file_size: 5000,
    });
    expect(api.lastSent(41)?.uploads).toEqual([
      expect.objectContaining({ field: "document", file_name: "rekap presensi.csv", size: 5000 }),
    ]);

    const file = await ok<{ file_path: string; file_size: number }>(api, "getFile", {
      file_id: body.result.document?.file_id,
    });
    expect(file.file_size).toBe(5000);
    const download = await fetch(`${api.apiRoot}/file/bot${TOKEN}/${file.file_path}`);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });
});

describe("photos", () => {
  it("stores an uploaded photo with a thumbnail and accepts its file_id again", async () => {
    const api = await fakeApi();
    api.user(42, { first_name: "Tari" }).sendText("x");
    const form = new FormData();
    form.append("chat_id", "42");
    form.append("photo", new Blob([Buffer.alloc(3000, 1)]), "qr.png");
    const response = await fetch(`${api.apiRoot}/bot${TOKEN}/sendPhoto`, {
      method: "POST",
      body: form,
    });
    const body = (await response.json()) as ApiResponse<TgMessage>;
    if (!body.ok) throw new Error(body.description);
    expect(body.result.photo?.map((size) => size.width)).toEqual([90, 1280]);
    const largest = body.result.photo?.at(-1);
    expect(largest?.file_size).toBe(3000);

    const again = await ok<TgMessage>(api, "sendPhoto", { chat_id: 42, photo: largest?.file_id });
    expect(again.photo?.[0]?.file_id).toBe(largest?.file_id);
    const unknown = await call(api, "sendPhoto", { chat_id: 42, photo: "no-such-file" });
    expect(errorOf(unknown).description).toBe(
      "Bad Request: wrong file identifier/HTTP URL specified",
    );
    const missing = await call(api, "sendPhoto", { chat_id: 42 });
    expect(errorOf(missing).description).toBe("Bad Request: there is no photo in the request");
  });
});

describe("faults", () => {
  it("injects a 429 with retry_after for the next matching call only", async () => {
    const api = await fakeApi();
    api.user(51, { first_name: "Tono" }).sendText("x");
    const fault = api.injectFault({ method: "sendMessage", kind: "429", retryAfter: 7 });
    const limited = await call(api, "sendMessage", { chat_id: 51, text: "a" });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      ok: false,
      error_code: 429,
      description: "Too Many Requests: retry after 7",
      parameters: { retry_after: 7 },
    });
    expect(fault.remaining).toBe(0);
    expect((await call(api, "sendMessage", { chat_id: 51, text: "b" })).status).toBe(200);
    expect(api.attempts(51).map((r) => r.ok)).toEqual([false, true]);
    expect(api.textsTo(51)).toEqual(["b"]);
    expect(api.stats().violations).toBe(0);
  });

  it("makes every send to a blocked user fail with 403, and blockBot also tells the bot", async () => {
    const api = await fakeApi();
    const user = api.user(52, { first_name: "Umi" });
    user.sendText("x");
    api.blockUser(52);
    for (let i = 0; i < 2; i++) {
      const result = await call(api, "sendMessage", { chat_id: 52, text: "halo?" });
      expect(result.status).toBe(403);
      expect(errorOf(result).description).toBe("Forbidden: bot was blocked by the user");
    }
    api.unblockUser(52);
    expect((await call(api, "sendMessage", { chat_id: 52, text: "halo" })).status).toBe(200);

    const updateId = user.blockBot();
    const updates = await ok<TgUpdate[]>(api, "getUpdates");
    const member = updates.find((u) => u.update_id === updateId)?.my_chat_member;
    expect(member?.new_chat_member.status).toBe("kicked");
    expect(
      (await call(api, "sendPhoto", { chat_id: 52, photo: "https://x.test/a.jpg" })).status,
    ).toBe(403);
  });

  it("scopes faults by chat, and supports 5xx, deactivated, slow and network kinds", async () => {
    const api = await fakeApi();
    api.user(53, { first_name: "Vina" }).sendText("x");
    api.user(54, { first_name: "Wawan" }).sendText("x");
    api.injectFault({ chatId: 54, kind: "403-deactivated", times: Number.POSITIVE_INFINITY });
    expect((await call(api, "sendMessage", { chat_id: 53, text: "a" })).status).toBe(200);
    const deactivated = await call(api, "sendMessage", { chat_id: 54, text: "a" });
    expect(errorOf(deactivated).description).toBe("Forbidden: user is deactivated");
    expect((await call(api, "sendChatAction", { chat_id: 54, action: "typing" })).status).toBe(403);

    api.injectFault({ method: "sendMessage", kind: "5xx" });
    expect((await call(api, "sendMessage", { chat_id: 53, text: "b" })).status).toBe(500);

    api.injectFault({ method: "sendMessage", kind: "slow", delayMs: 300 });
    const started = Date.now();
    expect((await call(api, "sendMessage", { chat_id: 53, text: "c" })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    api.injectFault({ method: "sendMessage", kind: "network" });
    await expect(call(api, "sendMessage", { chat_id: 53, text: "d" })).rejects.toThrow();
    expect(api.textsTo(53)).toEqual(["a", "c"]);
    // A fault without a method never hits getUpdates.
    api.injectFault({ kind: "5xx" });
    expect((await call(api, "getUpdates")).status).toBe(200);
  });
});

describe("rate limits", () => {
  it("allows a burst of 3 to one chat, then 429s and counts violations", async () => {
    const api = await fakeApi({ enforceRateLimits: true });
    api.user(61, { first_name: "Yanti" }).sendText("x");
    const statuses: number[] = [];
    let retryAfter: number | undefined;
    for (let i = 0; i < 5; i++) {
      const result = await call(api, "sendMessage", { chat_id: 61, text: `m${i}` });
      statuses.push(result.status);
      if (!result.body.ok) retryAfter = result.body.parameters?.retry_after;
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(api.stats()).toMatchObject({ sends: 3, violations: 2 });
  });

  it("enforces the global per-second limit, lifted by allow_paid_broadcast", async () => {
    const api = await fakeApi({ enforceRateLimits: { globalPerSecond: 5 } });
    for (let id = 100; id < 110; id++)
      api.registerChat({ id, type: "private", first_name: `U${id}` });
    // Sent together so that a slow machine cannot stretch them past the one-second window.
    const results = await Promise.all(
      [100, 101, 102, 103, 104, 105].map((id) =>
        call(api, "sendMessage", { chat_id: id, text: "broadcast" }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 429]);
    const paid = await call(api, "sendMessage", {
      chat_id: 107,
      text: "paid",
      allow_paid_broadcast: true,
    });
    expect(paid.status).toBe(200);
    expect(api.stats().violations).toBe(1);
  });

  it("limits a group to 20 messages a minute", async () => {
    const api = await fakeApi({ enforceRateLimits: { burst: 100, perChatPerSecond: 100 } });
    api.group(-500, "Kelompok A").sendText(api.user(62), "halo");
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push((await call(api, "sendMessage", { chat_id: -500, text: `g${i}` })).status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    const last = await call(api, "sendMessage", { chat_id: -500, text: "again" });
    if (last.body.ok) throw new Error("expected 429");
    expect(last.body.parameters?.retry_after).toBeGreaterThanOrEqual(59);
  });

  it("keeps the per-chat long-run average at 1/s with a burst of 3 (sliding window)", () => {
    const limiter = new RateLimiter({
      globalPerSecond: 30,
      perChatPerSecond: 1,
      perGroupPerMinute: 20,
      burst: 3,
      paidPerSecond: 1000,
    });
    const at = (ms: number) => limiter.tryAcquire(1, false, false, ms);
    expect([at(0), at(10), at(20)]).toEqual([undefined, undefined, undefined]);
    expect(at(1000)).toEqual({ rule: "chat", retryAfterMs: 2000 });
    expect(at(3000)).toBeUndefined();
    // The window now holds 10, 20 and 3000: the send at 10 leaves it at 3010.
    expect(at(3005)).toEqual({ rule: "chat", retryAfterMs: 5 });
    // Over 10 s of trying every 100 ms, at most 3 + 10 sends get through.
    let passed = 0;
    for (let t = 10_000; t < 20_000; t += 100) if (at(t) === undefined) passed++;
    expect(passed).toBeLessThanOrEqual(13);
    expect(passed).toBeGreaterThanOrEqual(9);
  });
});

describe("HTML parse mode checker", () => {
  it("accepts Telegram's tags and reports entity offsets in UTF-16 units", () => {
    const parsed = parseHtml(
      '😀 <i>a</i><s>b</s><u>c</u><tg-spoiler>d</tg-spoiler><span class="tg-spoiler">e</span>' +
        '<pre><code class="language-ts">f</code></pre><blockquote expandable>g</blockquote>&#65;&#x42;&quot;',
    );
    expect(parsed.text).toBe('😀 abcdefgAB"');
    expect(parsed.entities).toEqual([
      { type: "italic", offset: 3, length: 1 },
      { type: "strikethrough", offset: 4, length: 1 },
      { type: "underline", offset: 5, length: 1 },
      { type: "spoiler", offset: 6, length: 1 },
      { type: "spoiler", offset: 7, length: 1 },
      { type: "pre", offset: 8, length: 1, language: "ts" },
      { type: "expandable_blockquote", offset: 9, length: 1 },
    ]);
  });

  it.each([
    ["<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'],
    ["<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
    ["x</b>", "Unexpected end tag at byte offset 1"],
    ["<b", "Unclosed start tag at byte offset 0"],
    ['<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
    ["a & b", `Character '&' at byte offset 2 must be escaped as "&amp;"`],
    ["&nbsp;", `Character '&' at byte offset 0 must be escaped as "&amp;"`],
    ["é <x>", 'Unsupported start tag "x" at byte offset 3'],
  ])("rejects %j", (html, reason) => {
    expect(() => parseHtml(html)).toThrow(`Bad Request: can't parse entities: ${reason}`);
  });

  it("keeps a bare & literally when strictAmpersand is off, as Telegram does", () => {
    expect(parseHtml("a & b > c", { strictAmpersand: false }).text).toBe("a & b > c");
  });
});

describe("with a real grammY bot", () => {
  it("polls, answers /start, uploads a file with InputFile, and stops cleanly", async () => {
    const api = await fakeApi();
    const bot = new Bot(TOKEN, { client: { apiRoot: api.apiRoot } });
    bot.command("start", async (ctx) => {
      await ctx.reply(`Halo ${ctx.from?.first_name}, kode: ${ctx.match}`, {
        reply_markup: { inline_keyboard: [[{ text: "Rekap", callback_data: "rekap" }]] },
      });
    });
    bot.callbackQuery("rekap", async (ctx) => {
      await ctx.answerCallbackQuery({ text: "Dikirim" });
      await ctx.replyWithDocument(new InputFile(Buffer.from("a,b\n1,2\n"), "rekap.csv"), {
        caption: "Rekap",
      });
    });
    const user = api.user(71, { first_name: "Zaki" });
    const startUpdate = user.sendCommand("/start abc");
    const polling = bot.start({ timeout: 5 });

    const reply = await user.waitForMessage("Halo Zaki, kode: abc");
    expect(api.stats().byMethod.getMe).toBe(1);
    user.pressButton(reply.message_id as number, "rekap");
    const document = await api.waitFor((r) => r.method === "sendDocument");
    expect(document.uploads?.[0]).toMatchObject({ file_name: "rekap.csv", size: 8 });
    expect(api.fileContent(document.message?.document?.file_id ?? "")?.toString()).toBe(
      "a,b\n1,2\n",
    );
    expect(api.callbackAnswers[0]?.text).toBe("Dikirim");

    await bot.stop();
    await polling;
    expect(api.confirmedOffset).toBeGreaterThan(startUpdate + 1);
    expect(api.pendingUpdates()).toBe(0);
  });
});

describe("throughput", () => {
  it("drains 10,000 updates in batches of 100 and takes 2,000 concurrent sends", async () => {
    const api = createFakeBotApi();
    running.push(api);
    await api.start();
    const user = api.user(81, { first_name: "Bench" });
    for (let i = 0; i < 10_000; i++) user.sendText(`u${i}`);
    let offset = 0;
    let received = 0;
    while (received < 10_000) {
      const batch = await ok<TgUpdate[]>(api, "getUpdates", { offset, limit: 100 });
      received += batch.length;
      offset = (batch.at(-1)?.update_id ?? offset) + 1;
    }
    await ok(api, "getUpdates", { offset });
    expect(api.pendingUpdates()).toBe(0);

    const workers = Array.from({ length: 20 }, async (_, w) => {
      for (let i = 0; i < 100; i++)
        await ok(api, "sendMessage", { chat_id: 81, text: `s${w}-${i}` });
    });
    await Promise.all(workers);
    expect(api.stats().sends).toBe(2000);
    expect(api.sent(81)).toHaveLength(2000);
  });
});
