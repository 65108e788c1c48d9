// `npm run build` (and `prestart`): compiles every .ts under src/ except the demo (it runs with
// tsx and imports the workspace package @tandang/fake-bot-api) to dist/ with tsc, incrementally, so `npm start`
// runs plain JavaScript. When nothing
// has changed since the last build it returns at once. Files read at run time beside the code
// (package.json, locales/, data/, prisma/) are linked into dist/ at the same relative places.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
const stamp = join(dist, ".built");
const inputs = ["src", "tsconfig.json", "tsconfig.build.json"];
const linked = ["package.json", "locales", "data", "prisma"];

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const upToDate =
  existsSync(stamp) &&
  inputs.every((input) => newest(join(root, input)) <= statSync(stamp).mtimeMs);
if (!upToDate) {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  } catch {
    console.error(
      existsSync(stamp)
        ? "dist/ is older than src/ and TypeScript is not installed (npm install without --omit=dev): cannot rebuild"
        : "dist/ is missing and TypeScript is not installed: run npm install (with dev dependencies), then npm start",
    );
    process.exit(1);
  }
  const started = Date.now();
  const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  mkdirSync(dist, { recursive: true });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  console.error(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
for (const path of linked) {
  const link = join(dist, path);
  if (existsSync(link)) continue;
  mkdirSync(dirname(link), { recursive: true });
  const target = relative(dirname(link), join(root, path));
  const isDir = statSync(join(root, path)).isDirectory();
  symlinkSync(target, link, isDir ? (process.platform === "win32" ? "junction" : "dir") : "file");
}
