// Merges keys into locales/id.json and locales/en.json in one step, so engineers working in
// parallel never hand-edit the same JSON. Usage: node scripts/add-locale-keys.mjs fragment.json
// (add --overwrite to replace existing keys) where the fragment is { "id": { "feature.key": "…" }, "en": { "feature.key": "…" } }.
import { readFileSync, renameSync, writeFileSync } from "node:fs";

const fragmentPath = process.argv[2];
if (!fragmentPath) {
  process.stderr.write("usage: node scripts/add-locale-keys.mjs <fragment.json>\n");
  process.exit(2);
}
const fragment = JSON.parse(readFileSync(fragmentPath, "utf8"));
const idKeys = Object.keys(fragment.id ?? {}).sort();
const enKeys = Object.keys(fragment.en ?? {}).sort();
if (idKeys.join("\n") !== enKeys.join("\n")) {
  process.stderr.write("the fragment must have the same keys in id and en\n");
  process.exit(1);
}
const overwrite = process.argv.includes("--overwrite");
const existing = JSON.parse(readFileSync(new URL("../locales/id.json", import.meta.url), "utf8"));
const clashing = idKeys.filter((key) => key in existing);
if (clashing.length > 0 && !overwrite) {
  process.stderr.write(`already defined (pass --overwrite to replace): ${clashing.join(", ")}\n`);
  process.exit(1);
}
for (const locale of ["id", "en"]) {
  const path = new URL(`../locales/${locale}.json`, import.meta.url);
  const current = JSON.parse(readFileSync(path, "utf8"));
  const merged = { ...current, ...fragment[locale] };
  const temporary = new URL(`../locales/.${locale}.${process.pid}.tmp`, import.meta.url);
  writeFileSync(temporary, `${JSON.stringify(merged, null, 2)}\n`);
  renameSync(temporary, path);
}
process.stdout.write(`merged ${idKeys.length} key(s)\n`);
