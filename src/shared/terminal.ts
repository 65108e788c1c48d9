/** The one place command-line tools write their own output; the bot itself logs with pino. */
export function printLine(text = ""): void {
  process.stdout.write(`${text}\n`);
}

export function printError(text: string): void {
  process.stderr.write(`${text}\n`);
}
