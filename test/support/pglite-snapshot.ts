import { readFile, writeFile } from "node:fs/promises";
import type { PGlite } from "@electric-sql/pglite";

export async function writeSnapshot(pglite: PGlite, path: string): Promise<void> {
  const dump = await pglite.dumpDataDir("none");
  await writeFile(path, Buffer.from(await dump.arrayBuffer()));
}

export async function readSnapshot(path: string): Promise<Blob> {
  return new Blob([await readFile(path)]);
}
