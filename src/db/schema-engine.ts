import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";

export type { SchemaEngine };

let initialised = false;

/** The slice of the WebAssembly global used here (Node has it; the ES lib does not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, unknown>) => { exports: WasmExports };
}
type WasmExports = Record<string, unknown> & { __wbindgen_start?: () => void };
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/**
 * Prisma's schema engine compiled to WebAssembly: migrations without the native binary that
 * Prisma's CLI would download. The package's own entry imports the .wasm as an ES module,
 * which Node cannot do, so the module is instantiated here by hand.
 */
function initialiseWasm(): void {
  if (initialised) return;
  const require = createRequire(import.meta.url);
  const wasmPath = require
    .resolve("@prisma/schema-engine-wasm/schema_engine_bg")
    .replace(/\.js$/, ".wasm");
  const module = new wasmApi.Module(readFileSync(wasmPath));
  const instance = new wasmApi.Instance(module, { "./schema_engine_bg.js": bindings });
  const exports = instance.exports;
  (bindings as unknown as { __wbg_set_wasm(wasm: unknown): void }).__wbg_set_wasm(exports);
  exports.__wbindgen_start?.();
  initialised = true;
}

export async function createSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schemaFiles: { path: string; content: string }[],
  onLog: (line: string) => void = () => {},
): Promise<SchemaEngine> {
  initialiseWasm();
  return bindings.SchemaEngine.new(
    { datamodels: schemaFiles.map((file) => [file.path, file.content]) },
    onLog,
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}
