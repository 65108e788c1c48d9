import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { InputFile } from "grammy";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageView } from "../../src/demo/chat-log.ts";
import type { DemoIdentity } from "../../src/demo/demo-chat.ts";
import { demoClockAt } from "../../src/demo/demo-clock.ts";
import { DEMO_TIME_ZONE } from "../../src/demo/seed-demo.ts";
import { type Demo, startDemo } from "../../src/demo/start-demo.ts";
import { mediaLine } from "../../src/demo/terminal-chat.ts";
import { systemClock } from "../../src/shared/clock.ts";
import { eventually } from "../support/eventually.ts";

// `npm run demo -- --at 2030-11-26T07:20`: a Tuesday morning years ahead of the real clock, so
// a Bot API that stamped messages with the real time would make every location years "old".
const clock = demoClockAt("2030-11-26T07:20", systemClock, DEMO_TIME_ZONE);
const silent = pino({ level: "silent" });

describe("the demo's --at clock, WIB times and the terminal's received files", () => {
  let dataDir: string;
  let demo: Demo;
  let participant: DemoIdentity;

  beforeAll(async () => {
    if (!clock) throw new Error("--at 2030-11-26T07:20 should parse");
    dataDir = mkdtempSync(join(tmpdir(), "tandang-demo-at-"));
    demo = await startDemo({ dataDir, clock, logger: silent, web: false });
    participant = demo.chat.identity("peserta") as DemoIdentity;
  });
  afterAll(async () => {
    await demo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const messages = (identity: DemoIdentity): MessageView[] =>
    demo.chat.log
      .eventsOf(identity.telegramId)
      .flatMap((event) => (event.type === "message" ? [event.message] : []));
  const waitForBot = (identity: DemoIdentity, pattern: RegExp) =>
    eventually(
      () => {
        const found = messages(identity).find(
          (message) => message.from === "bot" && pattern.test(message.plain),
        );
        if (!found) throw new Error(`no bot message matching ${pattern}`);
        return found;
      },
      { timeoutMs: 15_000 },
    );

  it("accepts a check-in location sent at the --at time, and shows message times in WIB", async () => {
    demo.chat.perform(participant, { type: "text", text: "/hadir" });
    await waitForBot(participant, /Presensi/);
    demo.chat.perform(participant, {
      type: "location",
      latitude: participant.office.latitude + 0.0001,
      longitude: participant.office.longitude,
    });
    const done = await waitForBot(participant, /Presensi tercatat|lebih dari satu menit/);
    expect(done.plain).toMatch(/Presensi tercatat/);
    expect(done.plain).toContain("07:2");
    const location = messages(participant).find((message) => message.location);
    expect(location?.time).toMatch(/^07:2\d WIB$/);
    expect(done.time).toMatch(/^07:2\d WIB$/);
  });

  it("saves a file the bot sends under the demo's data directory and names its path", async () => {
    const content = Buffer.from("nip;nama\n1;Andi\n");
    await demo.app.bot.api.sendDocument(
      participant.telegramId,
      new InputFile(content, "../../rekap harian.csv"),
    );
    const withFile = await eventually(() => {
      const found = messages(participant).find((message) => message.media?.kind === "document");
      if (!found) throw new Error("no document yet");
      return found;
    });
    const line = mediaLine(demo.chat, participant, withFile, dataDir) ?? "";
    const path = line.split(" → disimpan di ")[1] ?? "";
    expect(line).toMatch(/^\[dokumen\] .*rekap harian\.csv → disimpan di /);
    expect(path.startsWith(join(dataDir, "diterima", "peserta") + sep)).toBe(true);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path).equals(content)).toBe(true);

    const own = messages(participant).find((message) => message.from === "user");
    expect(own && mediaLine(demo.chat, participant, own, dataDir)).toBeUndefined();
  });
});
