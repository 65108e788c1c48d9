/**
 * Typed callback data: `<prefix>:<value>:<value>…`, where the prefix is `<feature>:<action>`.
 * One definition per button gives the builder (checked against Telegram's 64 bytes), the filter
 * for `composer.callbackQuery` and the parser, so the two ends cannot drift apart.
 */

/** Telegram refuses callback data longer than this many bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** One value after the prefix: the shape it must have and the longest value of that shape. */
export interface CallbackField<T extends string = string> {
  /** Regular expression source, unanchored, without capturing groups. */
  readonly pattern: string;
  readonly longest: T;
}

type ValuesOf<F extends Record<string, CallbackField>> = {
  [K in keyof F]: F[K] extends CallbackField<infer T> ? T : never;
};

export interface CallbackData<V extends Record<string, string>> {
  readonly prefix: string;
  /** For `composer.callbackQuery`: matches exactly the data this definition builds. */
  readonly filter: RegExp;
  /** Bytes of the longest data this definition can build. */
  readonly maxBytes: number;
  /** The values that build the longest data (for the length test). */
  readonly longest: V;
  /** The data of a button; throws when a value has the wrong shape or the data is too long. */
  build(values: V): string;
  /** The values, or undefined for anything this definition would not have built. */
  parse(data: string | undefined): V | undefined;
  /** The values of a match of `filter` (ctx.match in a handler registered with it). */
  values(match: string | RegExpMatchArray): V;
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

const uuid: CallbackField = { pattern: UUID, longest: "00000000-0000-0000-0000-000000000000" };
const compactId: CallbackField = { pattern: "[A-Za-z0-9_-]{22}", longest: "A".repeat(22) };

export const field = {
  /** A database id. */
  uuid,
  /** A uuid shortened by shared/compact-id.ts (22 base64url characters). */
  compactId,
  /** One of these words. */
  oneOf<const T extends string>(...words: T[]): CallbackField<T> {
    const escaped = words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
    return { pattern: `(?:${escaped.join("|")})`, longest };
  },
  /** A non-negative whole number of at most `maxDigits` digits. */
  digits(maxDigits: number): CallbackField {
    return { pattern: `\\d{1,${maxDigits}}`, longest: "9".repeat(maxDigits) };
  },
  /** Any other shape: a pattern and the longest value it accepts. */
  matching(pattern: string, longest: string): CallbackField {
    return { pattern, longest };
  },
} as const;

/** Every definition made, for the test that checks their lengths and parsers. */
export const definedCallbacks: CallbackData<Record<string, string>>[] = [];

export function defineCallback<
  const F extends Record<string, CallbackField> = Record<string, never>,
>(prefix: string, fields: F = {} as F): CallbackData<ValuesOf<F>> {
  type V = ValuesOf<F>;
  const names = Object.keys(fields) as (keyof F & string)[];
  const specs = names.map((name) => fields[name] as CallbackField);
  for (const spec of specs) {
    if ((new RegExp(`${spec.pattern}|`).exec("")?.length ?? 0) !== 1) {
      throw new Error(`callback field of ${prefix} has a capturing group`);
    }
    if (!new RegExp(`^(?:${spec.pattern})$`).test(spec.longest)) {
      throw new Error(`callback field of ${prefix}: its longest value does not match`);
    }
  }
  const escapedPrefix = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const filter = new RegExp(`^${escapedPrefix}${specs.map((s) => `:(${s.pattern})`).join("")}$`);
  const join = (values: readonly string[]) => [prefix, ...values].join(":");
  const maxBytes = Buffer.byteLength(join(specs.map((spec) => spec.longest)));
  if (maxBytes > CALLBACK_DATA_MAX_BYTES) {
    throw new Error(`callback data ${prefix} can reach ${maxBytes} bytes`);
  }
  const fromMatch = (match: RegExpMatchArray) =>
    Object.fromEntries(names.map((name, index) => [name, match[index + 1] ?? ""])) as V;
  const longest = Object.fromEntries(names.map((name, i) => [name, specs[i]?.longest])) as V;
  const definition: CallbackData<V> = {
    prefix,
    filter,
    maxBytes,
    longest,
    build(values) {
      const data = join(names.map((name) => values[name]));
      const match = filter.exec(data);
      if (!match || Buffer.byteLength(data) > CALLBACK_DATA_MAX_BYTES) {
        throw new Error(`callback data for ${prefix} has a value of the wrong shape`);
      }
      return data;
    },
    parse(data) {
      if (data === undefined || Buffer.byteLength(data) > CALLBACK_DATA_MAX_BYTES) return undefined;
      const match = filter.exec(data);
      return match ? fromMatch(match) : undefined;
    },
    values(match) {
      const found = typeof match === "string" ? filter.exec(match) : match;
      if (!found) throw new Error(`callback data does not match ${prefix}`);
      return fromMatch(found);
    },
  };
  definedCallbacks.push(definition as unknown as CallbackData<Record<string, string>>);
  return definition;
}

/** Any data of the feature (`<feature>:…`): for the stale-button answer after the real handlers. */
export function anyCallbackOf(feature: string): RegExp {
  return new RegExp(`^${feature.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:`);
}
