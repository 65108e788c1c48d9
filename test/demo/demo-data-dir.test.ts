import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  DEMO_MARKER_FILE,
  DemoDataDirError,
  prepareDemoDataDir,
} from "../../src/demo/demo-data-dir.ts";

describe("the demo's data directory", () => {
  const made: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "tandang-demo-dir-"));
    made.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("creates a missing directory and marks it as the demo's", () => {
    const dir = join(tempDir(), "data", "demo");
    prepareDemoDataDir(dir, false);
    expect(readdirSync(dir)).toEqual([DEMO_MARKER_FILE]);
  });

  it("refuses a non-empty directory the demo did not create, even with --reset", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "keep.txt"), "real data");
    expect(() => prepareDemoDataDir(dir, false)).toThrow(DemoDataDirError);
    expect(() => prepareDemoDataDir(dir, true)).toThrow(/not the demo's/);
    expect(existsSync(join(dir, "keep.txt"))).toBe(true);
  });

  it("keeps the demo's data without --reset and wipes it with --reset", () => {
    const dir = tempDir();
    prepareDemoDataDir(dir, false);
    writeFileSync(join(dir, "demo.log"), "log");
    prepareDemoDataDir(dir, false);
    expect(existsSync(join(dir, "demo.log"))).toBe(true);
    prepareDemoDataDir(dir, true);
    expect(readdirSync(dir)).toEqual([DEMO_MARKER_FILE]);
  });
});
