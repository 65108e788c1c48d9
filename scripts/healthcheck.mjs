// The container's HEALTHCHECK (see Dockerfile): asks /healthz of the health/metrics listener
// (METRICS_PORT, on METRICS_HOST, by default 127.0.0.1) from inside the container, so that
// listener never needs to be published. Exit 0 when healthy, 1 otherwise.
const port = process.env.METRICS_PORT ?? "";
const configured = process.env.METRICS_HOST || "127.0.0.1";
// A wildcard address is listened on, not called: ask loopback then.
const host = ["0.0.0.0", "::", "[::]"].includes(configured) ? "127.0.0.1" : configured;

if (!/^\d+$/.test(port)) {
  process.stderr.write("unhealthy: METRICS_PORT is not set, so /healthz is not served\n");
  process.exit(1);
}
try {
  const address = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  const response = await fetch(`http://${address}:${port}/healthz`, {
    signal: AbortSignal.timeout(5000),
  });
  if (response.ok) process.exit(0);
  process.stderr.write(`unhealthy: /healthz answered ${response.status}\n`);
} catch (error) {
  process.stderr.write(`unhealthy: /healthz did not answer (${error?.cause?.code ?? error})\n`);
}
process.exit(1);
