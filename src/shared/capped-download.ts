/** The body was larger than the cap; the download was aborted at that point. */
export class DownloadTooLargeError extends Error {
  override name = "DownloadTooLargeError";
  constructor(readonly maxBytes: number) {
    super(`download larger than ${maxBytes} bytes`);
  }
}

/**
 * Downloads `url` into one Buffer, never holding more than `maxBytes`: a Content-Length above
 * the cap is refused before the body is read, and the stream is aborted as soon as the bytes
 * received pass the cap (a server may omit or understate the length).
 */
export async function downloadCapped(
  url: string,
  maxBytes: number,
  options: { timeoutMs?: number } = {},
): Promise<Buffer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 60_000);
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`download failed: HTTP ${response.status}`);
    const declared = Number(response.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > maxBytes) {
      throw new DownloadTooLargeError(maxBytes);
    }
    const chunks: Uint8Array[] = [];
    let received = 0;
    for await (const chunk of response.body) {
      received += chunk.byteLength;
      if (received > maxBytes) throw new DownloadTooLargeError(maxBytes);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, received);
  } finally {
    clearTimeout(timer);
    // Stops the transfer when the loop left early (cap passed); a no-op after a full read.
    controller.abort();
  }
}
