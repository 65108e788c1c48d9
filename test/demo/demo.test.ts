import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatEvent, MessageView } from "../../src/demo/chat-log.ts";
import { DEMO_AGENDA, NEWCOMER } from "../../src/demo/demo-people.ts";
import { type Demo, startDemo } from "../../src/demo/start-demo.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { eventually } from "../support/eventually.ts";

// Tuesday 24 Nov 2026, 08:00 WIB: the demo week runs Monday 23 – Friday 27 November.
const clock = fixedClock(new Date("2026-11-24T01:00:00Z"));
const silent = pino({ level: "silent" });

interface ChatResponse {
  events: ChatEvent[];
  last: number;
  keyboard: unknown;
}

describe("npm run demo (the web chat over the built-in Bot API)", () => {
  let dataDir: string;
  let demo: Demo;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "tandang-demo-"));
    demo = await startDemo({ port: 0, dataDir, clock, logger: silent });
  });
  afterAll(async () => {
    await demo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const chat = async (user: string, after = 0): Promise<ChatResponse> => {
    const response = await fetch(`${demo.url}api/chat?user=${user}&after=${after}`);
    expect(response.status).toBe(200);
    return (await response.json()) as ChatResponse;
  };
  const send = (body: Record<string, unknown>) =>
    fetch(`${demo.url}api/send`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const botMessages = (events: ChatEvent[]): MessageView[] =>
    events.flatMap((event) =>
      event.type === "message" && event.message.from === "bot" ? [event.message] : [],
    );
  const waitForBot = (user: string, pattern: RegExp, after = 0) =>
    eventually(
      async () => {
        const found = botMessages((await chat(user, after)).events).find((message) =>
          pattern.test(message.plain),
        );
        if (!found) throw new Error(`no bot message matching ${pattern} for ${user}`);
        return found;
      },
      { timeoutMs: 60_000 },
    );

  it("serves the chat page on loopback, with a strict content security policy", async () => {
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(demo.url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('id="identity"');
    expect(html).toContain('id="messages"');
    expect(html).toContain('id="composer"');
    expect(html).toContain('type="file"');
    const script = await fetch(`${demo.url}chat.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain("/api/send");
  });

  it("offers the four identities of the seeded Sumbar → Jatim cohort", async () => {
    const response = await fetch(`${demo.url}api/identities`);
    const body = (await response.json()) as {
      program: { startDate: string; endDate: string };
      identities: { key: string; label: string; suggestions: string[] }[];
    };
    expect(body.program).toMatchObject({ startDate: "2026-11-23", endDate: "2026-11-27" });
    expect(body.identities.map((identity) => identity.key)).toEqual([
      "peserta",
      "baru",
      "koordinator",
      "pejabat",
    ]);
    expect(body.identities[0]?.label).toMatch(/^Peserta — .+ \(terdaftar\)$/);
    expect(body.identities[1]?.label).toBe("Peserta baru (lewat undangan)");
    expect(body.identities[1]?.suggestions).toContain(`/start ${demo.world.inviteCode}`);
  });

  it("seeds 26 people (25 registered and placed, 1 on the roster only), staff and the week's agenda", async () => {
    const db = demo.app.database.prisma;
    const program = await db.program.findUniqueOrThrow({ where: { id: demo.world.programId } });
    expect(program.startDate.toISOString().slice(0, 10)).toBe("2026-11-23");
    expect(await db.rosterEntry.count({ where: { programId: program.id } })).toBe(26);
    const enrollments = await db.enrollment.findMany({ where: { programId: program.id } });
    expect(enrollments).toHaveLength(25);
    expect(enrollments.every((enrollment) => enrollment.hostUnitId !== null)).toBe(true);
    expect(await db.person.findUnique({ where: { nip: NEWCOMER.nip } })).toBeNull();
    const grants = await db.roleGrant.findMany({ where: { programId: program.id } });
    expect(grants.map((grant) => grant.role).sort()).toEqual(["COORDINATOR", "OFFICIAL"]);
    const agenda = await db.scheduleItem.findMany({
      where: { programId: program.id },
      orderBy: { date: "asc" },
    });
    expect(agenda.map((item) => item.title)).toEqual(DEMO_AGENDA.map((item) => item.title));
    expect(agenda[4]?.date.toISOString().slice(0, 10)).toBe("2026-11-27");
    const invite = await db.invite.findUniqueOrThrow({ where: { code: demo.world.inviteCode } });
    expect(invite).toMatchObject({ role: "PARTICIPANT", programId: program.id, revokedAt: null });
  });

  it("answers /start of the registered participant in Indonesian, through the JSON API", async () => {
    const sent = await send({ user: "peserta", type: "text", text: "/start" });
    expect(sent.status).toBe(200);
    const welcome = await waitForBot("peserta", /^Halo lagi, Andi!/);
    expect(welcome.html).toContain("Ketik /help");
    const { events } = await chat("peserta");
    const own = events.find((event) => event.type === "message" && event.message.from === "user");
    expect(own?.type === "message" && own.message.plain).toBe("/start");
  });

  it("presses an inline button: /bahasa → English", async () => {
    await send({ user: "peserta", type: "text", text: "/bahasa" });
    const menu = await waitForBot("peserta", /Pilih bahasa/);
    expect(menu.buttons.flat().map((button) => button.data)).toEqual(["lang:id", "lang:en"]);
    const pressed = await send({
      user: "peserta",
      type: "button",
      messageId: menu.messageId,
      data: "lang:en",
    });
    expect(pressed.status).toBe(200);
    // The menu is edited in place: the same message now reads the confirmation, without buttons.
    const edited = await waitForBot("peserta", /Language switched to English/);
    expect(edited.messageId).toBe(menu.messageId);
    expect(edited.buttons).toEqual([]);
    const { events } = await chat("peserta");
    expect(events).toContainEqual(
      expect.objectContaining({ type: "toast", text: expect.stringMatching(/English/) }),
    );
    const last = (await chat("peserta")).last;
    await send({ user: "peserta", type: "text", text: "/start" });
    await waitForBot("peserta", /^Hello again, Andi!/, last);
  });

  it("refuses a button the message does not have, politely", async () => {
    const response = await send({ user: "peserta", type: "button", messageId: 1, data: "x:y" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/Tombol/);
  });

  it("escapes what the bot sends: a <script> in text shows as text, HTML tags become safe tags", async () => {
    const chatId = demo.world.official.telegramId;
    await demo.app.bot.api.sendMessage(chatId, 'Awas <script>alert("x")</script> & <img src=x>');
    await demo.app.bot.api.sendMessage(
      chatId,
      '<b>Tebal</b> &lt;script&gt; <a href="javascript:alert(1)">tautan</a> <a href="https://example.org/?a=1&amp;b=2">aman</a>',
      { parse_mode: "HTML" },
    );
    const messages = botMessages((await chat("pejabat")).events);
    const plain = messages.find((message) => message.plain.startsWith("Awas"));
    expect(plain?.html).toBe(
      "Awas &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x&gt;",
    );
    const formatted = messages.find((message) => message.plain.startsWith("Tebal"));
    expect(formatted?.html).toBe(
      '<b>Tebal</b> &lt;script&gt; tautan <a href="https://example.org/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">aman</a>',
    );
    for (const message of messages) expect(message.html).not.toMatch(/<script|<img|javascript:/i);
  });

  it("sends a contact, a location and a document as the user, and serves the bot's files", async () => {
    const user = demo.world.coordinator.telegramId;
    expect((await send({ user: "koordinator", type: "contact" })).status).toBe(200);
    expect(
      (await send({ user: "koordinator", type: "location", latitude: -7.26, longitude: 112.68 }))
        .status,
    ).toBe(200);
    const pdf = Buffer.from("%PDF-1.4 laporan");
    const document = await send({
      user: "koordinator",
      type: "document",
      fileName: "laporan.pdf",
      mimeType: "application/pdf",
      contentBase64: pdf.toString("base64"),
    });
    expect(document.status).toBe(200);
    const received = demo.api.sent().length;
    expect(received).toBeGreaterThan(0);
    const own = (await chat("koordinator")).events.flatMap((event) =>
      event.type === "message" && event.message.from === "user" ? [event.message] : [],
    );
    expect(own.map((message) => message.plain)).toContainEqual(expect.stringContaining("📱"));
    expect(own.some((message) => message.location?.latitude === -7.26)).toBe(true);
    expect(own.find((message) => message.media)?.media).toMatchObject({
      kind: "document",
      name: "laporan.pdf",
    });
    await demo.app.bot.api.sendDocument(
      user,
      new (await import("grammy")).InputFile(Buffer.from("nip;nama\n1;Andi\n"), "rekap.csv"),
    );
    const file = await eventually(async () => {
      const found = botMessages((await chat("koordinator")).events).find((m) => m.media);
      if (!found?.media) throw new Error("no document yet");
      return found.media;
    });
    expect(file.name).toBe("rekap.csv");
    const download = await fetch(new URL(file.url, demo.url));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/octet-stream");
    expect(download.headers.get("content-disposition")).toContain("attachment");
    expect(await download.text()).toBe("nip;nama\n1;Andi\n");
  });

  it("shows a photo the bot sends (a PNG chart) inline, and serves only real images inline", async () => {
    const { InputFile } = await import("grammy");
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]),
      Buffer.alloc(64),
    ]);
    await demo.app.bot.api.sendPhoto(demo.world.official.telegramId, new InputFile(png, "c.png"), {
      caption: "Grafik",
    });
    const photo = await waitForBot("pejabat", /^Grafik$/);
    expect(photo.media).toMatchObject({ kind: "photo", name: expect.stringMatching(/\.png$/) });
    const served = await fetch(new URL(photo.media?.url ?? "", demo.url));
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("content-disposition")).toMatch(/^inline/);
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);

    await demo.app.bot.api.sendDocument(
      demo.world.official.telegramId,
      new InputFile(Buffer.from("<html><script>alert(1)</script>"), "bukan-gambar.png"),
    );
    const fake = await eventually(async () => {
      const found = botMessages((await chat("pejabat")).events).find(
        (message) => message.media?.name === "bukan-gambar.png",
      );
      if (!found?.media) throw new Error("no document yet");
      return found.media;
    });
    const download = await fetch(new URL(fake.url, demo.url));
    expect(download.headers.get("content-type")).toBe("application/octet-stream");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment/);
  });

  it("rejects strangers: unknown users, non-JSON posts, other Host headers, bad coordinates", async () => {
    expect((await fetch(`${demo.url}api/chat?user=123`)).status).toBe(400);
    const form = await fetch(`${demo.url}api/send`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "user=peserta&type=text&text=hi",
    });
    expect(form.status).toBe(415);
    const { request } = await import("node:http");
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(demo.url, { headers: { host: "evil.example:80" } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(421);
    const far = await send({ user: "peserta", type: "location", latitude: 123, longitude: 0 });
    expect(far.status).toBe(400);
    const empty = await send({ user: "peserta", type: "text", text: "   " });
    expect(empty.status).toBe(400);
  });

  it("keeps its data across a restart, and the restarted bot still answers", async () => {
    const { inviteCode, programId } = demo.world;
    await demo.stop();
    demo = await startDemo({ port: 0, dataDir, clock, logger: silent });
    expect(demo.world).toMatchObject({ freshlySeeded: false, inviteCode, programId });
    // Updates are numbered above those the database remembers, so none is skipped as a repeat.
    await send({ user: "pejabat", type: "text", text: "/start" });
    await waitForBot("pejabat", /^Halo lagi, Hendra!/);
  });
});
