import { describe, expect, it } from "vitest";
import { ConfigError, parseDemoConfig } from "../../src/config.ts";
import { parseDemoArgs } from "../../src/demo/demo-args.ts";

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
    expect(parseDemoConfig({ DEMO_DATA_DIR: "/tmp/d" }).dataDir).toBe("/tmp/d");
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
