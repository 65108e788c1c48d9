import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Translate } from "../i18n/i18n.ts";
import { importKinds } from "../imports/import-kinds.ts";
import {
  importTemplateCsv,
  importTemplateXlsx,
  templateFileBase,
} from "../imports/import-templates.ts";

/** The example files (src/imports/import-templates.ts), as CSV and XLSX, written into `dir`. */
export async function writeImportTemplates(dir: string, t: Translate): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const kind of importKinds) {
    const base = join(dir, templateFileBase(kind));
    await writeFile(`${base}.csv`, importTemplateCsv(kind));
    await writeFile(`${base}.xlsx`, await importTemplateXlsx(kind, t));
    written.push(`${base}.csv`, `${base}.xlsx`);
  }
  return written;
}
