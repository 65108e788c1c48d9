/** Messages between the benchmark harness and the bot process it drives. */

export type ParentCommand = { type: "set-clock"; at: string } | { type: "tick" } | { type: "stop" };

export type ChildReport =
  | { type: "ready"; offsetMs: number; cpuMs?: number; sqlStatements?: number }
  | { type: "clock"; offsetMs: number }
  | { type: "ticked"; ms: number; messages: number; batches: number }
  | { type: "stopped"; maxRssKb: number; cpuMs?: number; sqlStatements?: number }
  | { type: "error"; message: string };
