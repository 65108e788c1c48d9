/**
 * The framework's floor: a bare grammY bot with no database that answers every location with a
 * text, polling with @grammyjs/runner or serving a webhook, as the real bot does.
 */
import { createServer } from "node:http";
import { run } from "@grammyjs/runner";
import { Bot, webhookCallback } from "grammy";
import type { ChildReport, ParentCommand } from "./ipc.ts";
import { cpuMs, peakRssKb } from "./peak-rss.ts";

const env = process.env;
const send = (report: ChildReport) => process.send?.(report);
const bot = new Bot(env.BOT_TOKEN ?? "", { client: { apiRoot: env.TELEGRAM_API_ROOT } });
bot.on("message:location", (ctx) => ctx.reply(`OK ${ctx.message.location.latitude.toFixed(5)}`));
await bot.init();

let stop: () => Promise<void>;
if (env.BOT_MODE === "webhook") {
  const url = new URL(env.WEBHOOK_URL ?? "");
  const handle = webhookCallback(bot, "http", { secretToken: env.WEBHOOK_SECRET });
  const server = createServer((request, response) => {
    if (request.url === url.pathname) void handle(request, response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(Number(env.PORT), "127.0.0.1", resolve));
  await bot.api.setWebhook(url.toString(), { secret_token: env.WEBHOOK_SECRET });
  stop = () => new Promise((resolve) => server.close(() => resolve()));
} else {
  await bot.api.deleteWebhook();
  const runner = run(bot, { runner: { fetch: { timeout: 1 } } });
  stop = async () => {
    if (runner.isRunning()) await runner.stop();
  };
}
send({ type: "ready", offsetMs: 0, cpuMs: cpuMs() });

process.on("message", (command: ParentCommand) => {
  if (command.type !== "stop") return;
  void stop().then(() => {
    send({ type: "stopped", maxRssKb: peakRssKb(), cpuMs: cpuMs() });
    setTimeout(() => process.exit(0), 50);
  });
});
