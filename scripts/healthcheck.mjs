// The container's HEALTHCHECK (see Dockerfile): asks /healthz on 127.0.0.1, inside the container,
// so the health listener never needs to be published. Exit 0 when healthy, 1 otherwise.
// Tried in order: METRICS_PORT (the health/metrics listener), and in webhook mode PORT, where
// /healthz is also served.
const ports = [process.env.METRICS_PORT];
if (process.env.BOT_MODE === "webhook") ports.push(process.env.PORT || "8080");

for (const port of ports.filter((value) => value && /^\d+$/.test(value))) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
      signal: AbortSignal.timeout(5000),
    });
    if (response.ok) process.exit(0);
  } catch {
    // not listening (yet) on this port: try the next
  }
}
process.stderr.write("unhealthy: /healthz did not answer 200 on 127.0.0.1\n");
process.exit(1);
