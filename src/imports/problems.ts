/** One problem in an imported file, named by the line and column people see in the file. */
export interface ImportProblem {
  line: number;
  column: string;
  /** A locale key under `imports.problem.`; the bot and the CLI both render it. */
  messageKey: string;
  value: string;
  params?: Record<string, string | number>;
}

export function problem(
  line: number,
  column: string,
  messageKey: string,
  value: string,
  params?: Record<string, string | number>,
): ImportProblem {
  return params ? { line, column, messageKey, value, params } : { line, column, messageKey, value };
}

export function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  return [...problems].sort((a, b) => a.line - b.line);
}
