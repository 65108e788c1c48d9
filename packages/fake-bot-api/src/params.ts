import { badRequest } from "./api-error.ts";

/**
 * Typed reads of request parameters. Form-encoded requests deliver every value as a string,
 * so numbers and booleans are coerced the way the Bot API does.
 */

export type Params = Record<string, unknown>;

export function optionalString(params: Params, key: string): string | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

export function optionalNumber(params: Params, key: string): number | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === "") return undefined;
  const number = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(number)) throw badRequest(`field "${key}" must be a Number`);
  return number;
}

export function optionalBoolean(params: Params, key: string): boolean | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "1" || value === 1) return true;
  if (value === "false" || value === "0" || value === 0 || value === "") return false;
  throw badRequest(`field "${key}" must be of type Boolean`);
}

/** Objects arrive parsed from JSON bodies and as JSON strings from form bodies. */
export function optionalObject<T>(params: Params, key: string): T | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "object") return value as T;
  if (typeof value === "string") {
    try {
      return JSON.parse(value) as T;
    } catch {
      throw badRequest(`can't parse ${key} JSON object`);
    }
  }
  throw badRequest(`can't parse ${key} JSON object`);
}
