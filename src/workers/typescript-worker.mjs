// Worker entry used only while the bot runs from TypeScript sources (tsx, vitest): Node 20 does
// not apply the parent's TypeScript loader inside worker threads, so the thread registers tsx
// itself, then loads the real worker module (workerData.module) and hands it each job.
// Compiled to dist/, the pool loads the .js worker module directly and this file is not used.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const loaded = import(workerData.module);

export default async function runJob(job) {
  const module = await loaded;
  return module.default(job);
}
