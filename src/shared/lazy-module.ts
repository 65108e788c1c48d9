import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * Loads a heavy CommonJS library on first use, not at start-up: the spreadsheet, chart, QR and
 * holiday libraries are needed by a few commands and would otherwise sit in every process.
 */
export function lazyModule<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(name) as T;
    return loaded;
  };
}
