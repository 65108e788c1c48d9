import { readFileSync } from "node:fs";

/**
 * This process's peak resident memory in KB. On Linux `process.resourceUsage().maxRSS`
 * (getrusage) keeps the high-water mark across execve, and a child is forked from the harness
 * before it execs node: so it reported the harness's size (fake API, seeding) rather than the
 * bot's, e.g. 264–315 MB for a bare grammY bot that really peaks near 60 MB. VmHWM in
 * /proc/self/status belongs to the process's own address space and starts at zero on exec.
 */
export function peakRssKb(): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (match?.[1]) return Number(match[1]);
  } catch {
    // Not Linux: getrusage is the best there is.
  }
  return process.resourceUsage().maxRSS;
}

/** CPU time (user + system) this process has used so far, in ms. */
export function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
