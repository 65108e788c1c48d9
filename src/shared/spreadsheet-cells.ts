import { stringify } from "csv-stringify/sync";

/** What a spreadsheet program may take as the start of a formula (OWASP "CSV injection"). */
const formulaStart = /^[=+\-@\t\r]/;
/** "-7.2575" or "-12": read as a number by every spreadsheet, never as a formula. */
const plainNegativeNumber = /^-\d+(?:[.,]\d+)?$/;
const neutralised = /^'[=+\-@\t\r]/;

/**
 * A text cell that could start a formula gets a leading apostrophe, so Excel, LibreOffice and
 * Google Sheets show it as text (`=HYPERLINK(…)` from a participant's name stays inert).
 * A plain negative number is left alone; numbers passed as numbers are never touched.
 */
export function neutraliseFormula(value: string): string {
  return formulaStart.test(value) && !plainNegativeNumber.test(value) ? `'${value}` : value;
}

/** Every string of a row neutralised; numbers, dates and empty cells as they are. */
export function neutraliseRow<T>(values: readonly T[]): T[] {
  return values.map((value) => (typeof value === "string" ? neutraliseFormula(value) : value) as T);
}

/** Reading a file the bot (or a careful person) wrote: `'=x` back to `=x`. */
export function restoreNeutralised(value: string): string {
  return neutralised.test(value) ? value.slice(1) : value;
}

/** A CSV with every text cell neutralised (the only way the bot writes CSV files). */
export function safeCsv(
  rows: readonly (readonly unknown[])[],
  options: { bom?: boolean; delimiter?: string } = {},
) {
  return stringify(
    rows.map((row) => neutraliseRow(row)),
    options,
  );
}
