import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";

export type { SchemaEngine };

let initialised = false;

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
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  const instance = new WebAssembly.Instance(module, {
    "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports,
  });
  const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start?: () => void };
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
