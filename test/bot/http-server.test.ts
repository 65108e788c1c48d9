import { Agent, request } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { cachedHealth, startHttpServer } from "../../src/bot/http-server.ts";
import type { UpdateInbox } from "../../src/bot/update-inbox.ts";
import { createLogger } from "../../src/logger.ts";
import { createMetrics } from "../../src/shared/metrics.ts";

describe("cached health check", () => {
  it("asks the database at most once per interval, shares a check in flight, and sees an outage after it", async () => {
    let now = 0;
    let queries = 0;
    let healthy = true;
    const health = cachedHealth(
      async () => {
        queries++;
        if (!healthy) throw new Error("database down");
        return true;
      },
      5_000,
      () => now,
    );
    const scrapes = await Promise.all(Array.from({ length: 50 }, () => health()));
    expect(scrapes.every(Boolean)).toBe(true);
    expect(queries).toBe(1);
    healthy = false;
    now = 4_999;
    expect(await health()).toBe(true);
    expect(queries).toBe(1);
    now = 5_000;
    expect(await health()).toBe(false);
    expect(queries).toBe(2);
    healthy = true;
    now = 10_000;
    expect(await health()).toBe(true);
  });
});

describe("webhook listener", () => {
  it("keeps Telegram's connection open between updates, and still closes when stopped mid-request", async () => {
    let release: () => void = () => undefined;
    const stored = new Promise<void>((resolve) => {
      release = resolve;
    });
    const received: number[] = [];
    const inbox = {
      accept: async (updates: Update[]) => {
        received.push(...updates.map((update) => update.update_id));
        if (received.length === 2) await stored;
        return [];
      },
      handle: async () => undefined,
    } as unknown as UpdateInbox;
    const server = await startHttpServer({
      host: "127.0.0.1",
      port: 0,
      metrics: createMetrics(),
      logger: createLogger("silent"),
      webhook: { path: "/hook", secret: "s3cret", inbox },
    });
    const connections: unknown[] = [];
    server.on("connection", (socket) => connections.push(socket));
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = (updateId: number) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ update_id: updateId });
        const outgoing = request(
          {
            host: "127.0.0.1",
            port: (server.address() as AddressInfo).port,
            path: "/hook",
            method: "POST",
            agent,
            headers: {
              "content-type": "application/json",
              "content-length": Buffer.byteLength(body),
              "x-telegram-bot-api-secret-token": "s3cret",
            },
          },
          (response) => {
            response.resume();
            response.on("end", () => resolve(response.statusCode ?? 0));
          },
        );
        outgoing.on("error", reject);
        outgoing.end(body);
      });
    try {
      expect(await post(1)).toBe(200);
      const second = post(2);
      await expect.poll(() => received).toEqual([1, 2]);
      // Stopped while the second update is being stored: it is still answered, and the kept-alive
      // connection is then closed instead of holding the close for keepAliveTimeout (65 s).
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      release();
      expect(await second).toBe(200);
      await closed;
      expect(connections).toHaveLength(1);
      expect(server.keepAliveTimeout).toBeGreaterThan(60_000);
    } finally {
      agent.destroy();
      server.close();
    }
  });
});
