import type { Translate } from "../../i18n/i18n.ts";
import type { ImportProblem } from "../../imports/problems.ts";
import { safeCsv } from "../../shared/spreadsheet-cells.ts";
import type { ImportPreview } from "./import.service.ts";

/** Telegram's limit is 4096; room is left for the header and the "and N more" line. */
const budget = 3600;
const maxValueLength = 40;

export function problemLine(t: Translate, item: ImportProblem): string {
  const value =
    item.value.length > maxValueLength ? `${item.value.slice(0, maxValueLength)}…` : item.value;
  return t(item.value ? "imports.problem_line_value" : "imports.problem_line", {
    line: item.line,
    column: item.column,
    message: t(item.messageKey, item.params ?? {}),
    value,
  });
}

/** The problems message; `truncated` says the full list must go along as a CSV file. */
export function renderProblems(
  t: Translate,
  problems: ImportProblem[],
  validRows: number,
  totalRows: number,
): { text: string; truncated: boolean } {
  const header = t("imports.problems_title", {
    count: problems.length,
    valid: validRows,
    total: totalRows,
  });
  const lines: string[] = [];
  let length = header.length;
  for (const item of problems) {
    const line = `• ${problemLine(t, item)}`;
    if (length + line.length + 1 > budget) break;
    lines.push(line);
    length += line.length + 1;
  }
  const truncated = lines.length < problems.length;
  const footer: string[] = [];
  if (truncated) footer.push(t("imports.problems_more", { count: problems.length - lines.length }));
  footer.push(validRows > 0 ? t("imports.problems_choice") : t("imports.problems_fix"));
  return { text: [header, "", ...lines, "", ...footer].join("\n"), truncated };
}

export function problemsCsv(t: Translate, problems: ImportProblem[]): Buffer {
  const rows = problems.map((item) => [
    item.line,
    item.column,
    t(item.messageKey, item.params ?? {}),
    item.value,
  ]);
  return Buffer.from(
    safeCsv([
      [
        t("imports.csv_line"),
        t("imports.csv_column"),
        t("imports.csv_problem"),
        t("imports.csv_value"),
      ],
      ...rows,
    ]),
  );
}

export function renderPreview(
  t: Translate,
  input: {
    kindLabel: string;
    programName: string;
    fileName: string;
    preview: ImportPreview;
    rows: number;
  },
): string {
  const examples = input.preview.examples.map((example) =>
    t(`imports.example_${example.change}`, { label: example.label }),
  );
  return [
    t("imports.preview", {
      kind: input.kindLabel,
      program: input.programName,
      file: input.fileName,
      rows: input.rows,
      created: input.preview.created,
      updated: input.preview.updated,
      unchanged: input.preview.unchanged,
    }),
    ...(examples.length ? ["", t("imports.examples"), ...examples.map((e) => `• ${e}`)] : []),
    "",
    input.preview.created + input.preview.updated > 0
      ? t("imports.confirm_hint")
      : t("imports.nothing_changes"),
  ].join("\n");
}
