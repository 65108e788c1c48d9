import { readdirSync, readFileSync } from "node:fs";

/** Proportional set size of one process in MB (shared pages split among their users); 0 if gone. */
export function pssMb(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return match?.[1] ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The process and every descendant (by parent pid), e.g. the bot and its PostgreSQL server. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // Ended meanwhile.
    }
  }
  const tree = [root];
  for (let index = 0; index < tree.length; index++) {
    tree.push(...(children.get(tree[index] ?? -1) ?? []));
  }
  return tree;
}

export interface TreeMemory {
  totalMb: number;
  /** The root process (the bot's Node process). */
  rootMb: number;
  /** Everything under it (the embedded PostgreSQL server and its backends). */
  childrenMb: number;
  processes: number;
}

export function treeMemory(root: number): TreeMemory {
  const pids = processTree(root);
  const rootMb = pssMb(root);
  const childrenMb = pids.slice(1).reduce((sum, pid) => sum + pssMb(pid), 0);
  return { totalMb: rootMb + childrenMb, rootMb, childrenMb, processes: pids.length };
}

/** Samples the tree's PSS every `everyMs` until stopped; returns the peak. */
export function samplePeak(root: number, everyMs = 100): { stop(): TreeMemory } {
  let peak: TreeMemory = { totalMb: 0, rootMb: 0, childrenMb: 0, processes: 0 };
  const timer = setInterval(() => {
    const now = treeMemory(root);
    if (now.totalMb > peak.totalMb) peak = now;
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      const now = treeMemory(root);
      return now.totalMb > peak.totalMb ? now : peak;
    },
  };
}
