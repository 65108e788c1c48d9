/**
 * `--only certs`: 1,000 certificate PDFs (A4 landscape, pdfkit, QR code) built in the heavy
 * worker pool, in a child process of their own so its peak memory is theirs alone (the child
 * runs from source with tsx, whose loader adds some memory of its own). No database: the
 * figure is the PDF building the delivery queue and /sertifikat hand to the workers.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Measurement, ScenarioContext } from "./scenarios.ts";

export const certificateCount = 1000;

export async function certificatesScenario(_context: ScenarioContext): Promise<Measurement> {
  const script = fileURLToPath(new URL("./certificates-child.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script, String(certificateCount)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`certificate bench child exited with ${code}`);
  const line = output.trim().split("\n").at(-1) ?? "{}";
  return JSON.parse(line) as Measurement;
}
