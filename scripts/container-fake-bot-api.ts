// For scripts/check-container.sh: the project's fake Telegram Bot API on the host's loopback,
// so a container on the host network can start without Telegram. Prints its apiRoot, runs until
// it is sent SIGTERM or SIGINT.
import { startFakeBotApi } from "@tandang/fake-bot-api";

const api = await startFakeBotApi();
process.stdout.write(`${api.apiRoot}\n`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    api.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
