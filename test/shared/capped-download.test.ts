import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DownloadTooLargeError, downloadCapped } from "../../src/shared/capped-download.ts";

describe("downloadCapped", () => {
  const body = Buffer.alloc(3 * 1024 * 1024, "y");
  let server: Server;
  let root = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/with-length") {
        res.writeHead(200, { "content-length": body.length });
        res.end(body);
        return;
      }
      if (req.url === "/missing") {
        res.writeHead(404).end();
        return;
      }
      // Chunked: no Content-Length, so only counting the bytes can stop it.
      res.writeHead(200, { "transfer-encoding": "chunked" });
      res.write(body);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("returns the whole body when it is within the cap", async () => {
    const content = await downloadCapped(`${root}/with-length`, body.length);
    expect(content.equals(body)).toBe(true);
  });

  it("refuses by Content-Length before reading the body", async () => {
    const error = await downloadCapped(`${root}/with-length`, 1024).catch((caught) => caught);
    expect(error).toBeInstanceOf(DownloadTooLargeError);
    expect(error).toMatchObject({ maxBytes: 1024 });
  });

  it("stops a body without Content-Length once it passes the cap", async () => {
    const error = await downloadCapped(`${root}/chunked`, 1024 * 1024).catch((caught) => caught);
    expect(error).toBeInstanceOf(DownloadTooLargeError);
  });

  it("reports an HTTP error as a failed download, not as too large", async () => {
    const error = await downloadCapped(`${root}/missing`, 1024).catch((caught) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(DownloadTooLargeError);
    expect(String(error)).toContain("HTTP 404");
  });
});
