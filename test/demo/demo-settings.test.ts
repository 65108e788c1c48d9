import { describe, expect, it } from "vitest";
import { ConfigError, parseDemoConfig } from "../../src/config.ts";
import { parseDemoArgs } from "../../src/demo/demo-args.ts";
import { demoClockAt } from "../../src/demo/demo-clock.ts";
import { fixedClock } from "../../src/shared/clock.ts";

describe("demo settings", () => {
  it("needs nothing configured, and ignores the real bot's settings", () => {
    expect(parseDemoConfig({ DATA_DIR: "./data", BOT_TOKEN: "nonsense" })).toEqual({
      port: 8470,
      dataDir: "./data/demo",
      logLevel: "info",
    });
  });

  it("takes the port from the command line over DEMO_PORT", () => {
    expect(parseDemoConfig({ DEMO_PORT: "9000" }).port).toBe(9000);
    expect(parseDemoConfig({ DEMO_PORT: "9000" }, { port: "9100" }).port).toBe(9100);
    expect(parseDemoConfig({ DEMO_DATA_DIR: "somewhere/demo-data" }).dataDir).toBe(
      "somewhere/demo-data",
    );
  });

  it("names the variable when a value is wrong", () => {
    expect(() => parseDemoConfig({ DEMO_PORT: "http" })).toThrow(ConfigError);
    expect(() => parseDemoConfig({}, { port: "70000" })).toThrow(/^DEMO_PORT must be a port/);
  });

  it("reads --terminal, --reset and --port", () => {
    expect(parseDemoArgs([])).toEqual({ terminal: false, reset: false, help: false });
    expect(parseDemoArgs(["--terminal", "--reset", "--port", "8000"])).toMatchObject({
      terminal: true,
      reset: true,
      port: "8000",
    });
    expect(parseDemoArgs(["--port=0"]).port).toBe("0");
    expect(parseDemoArgs(["--port"]).error).toMatch(/needs a number/);
    expect(parseDemoArgs(["--bogus"]).error).toMatch(/unknown option --bogus/);
  });
});

describe("--at: the demo's own time", () => {
  const real = fixedClock(new Date("2026-11-23T14:00:00Z")); // 21:00 WIB, Monday

  it("starts today at the given WIB time and keeps running", () => {
    const clock = demoClockAt("07:45", real, "Asia/Jakarta");
    expect(clock?.now().toISOString()).toBe("2026-11-23T00:45:00.000Z");
    real.advance(60_000);
    expect(clock?.now().toISOString()).toBe("2026-11-23T00:46:00.000Z");
  });

  it("takes a full date too, and refuses anything else", () => {
    expect(demoClockAt("2026-11-24T07:30", real, "Asia/Jakarta")?.now().toISOString()).toBe(
      "2026-11-24T00:30:00.000Z",
    );
    expect(demoClockAt("25:00", real, "Asia/Jakarta")).toBeUndefined();
    expect(demoClockAt("2026-02-30T07:00", real, "Asia/Jakarta")).toBeUndefined();
    expect(demoClockAt("pagi", real, "Asia/Jakarta")).toBeUndefined();
    expect(parseDemoArgs(["--at", "07:45"]).at).toBe("07:45");
    expect(parseDemoArgs(["--at=07:45"]).at).toBe("07:45");
  });
});
