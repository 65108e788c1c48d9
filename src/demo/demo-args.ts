export interface DemoArgs {
  terminal: boolean;
  reset: boolean;
  help: boolean;
  /** As typed; validated with the rest of the demo's settings in config.ts. */
  port?: string;
  /** `--at 07:45` or `--at 2026-11-24T07:45`: pretend it is that time in the host province. */
  at?: string;
  error?: string;
}

/** `--terminal`, `--reset`, `--port N` / `--port=N`, `--at TIME` / `--at=TIME`, `--help`. */
export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  const args: DemoArgs = { terminal: false, reset: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--terminal" || arg === "-t") args.terminal = true;
    else if (arg === "--reset") args.reset = true;
    else if (arg === "--help" || arg === "-h") args.help = true;
    else if (arg === "--port") {
      const value = argv[i + 1];
      if (value === undefined) return { ...args, error: "--port needs a number" };
      args.port = value;
      i++;
    } else if (arg.startsWith("--port=")) args.port = arg.slice("--port=".length);
    else if (arg === "--at") {
      const value = argv[i + 1];
      if (value === undefined) return { ...args, error: "--at needs a time such as 07:45" };
      args.at = value;
      i++;
    } else if (arg.startsWith("--at=")) args.at = arg.slice("--at=".length);
    else return { ...args, error: `unknown option ${arg}` };
  }
  return args;
}
