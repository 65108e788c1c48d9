import { readFileSync } from "node:fs";
import i18next, { type i18n, type TFunction } from "i18next";

export const supportedLocales = ["id", "en"] as const;
export type Locale = (typeof supportedLocales)[number];
export type Translate = (key: string, vars?: Record<string, unknown>) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (supportedLocales as readonly string[]).includes(value);
}

export function readLocaleFile(locale: Locale): Record<string, unknown> {
  const url = new URL(`../../locales/${locale}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as Record<string, unknown>;
}

/**
 * One i18next instance for the process. Keys are flat and dotted (`registration.ask_nip`), so the
 * key separator is off; `id` is the fallback. Values are escaped by the caller where HTML is sent.
 */
export function createI18n(defaultLocale: Locale = "id"): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    lng: defaultLocale,
    fallbackLng: "id",
    supportedLngs: [...supportedLocales],
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    resources: Object.fromEntries(
      supportedLocales.map((locale) => [locale, { translation: readLocaleFile(locale) }]),
    ),
  });
  return instance;
}

const translators = new WeakMap<i18n, Map<Locale, Translate>>();

/** The translator for a language, made once per i18next instance (every update asks for one). */
export function translatorFor(instance: i18n, locale: Locale): Translate {
  let byLocale = translators.get(instance);
  if (!byLocale) {
    byLocale = new Map();
    translators.set(instance, byLocale);
  }
  let translate = byLocale.get(locale);
  if (!translate) {
    translate = createTranslator(instance, locale);
    byLocale.set(locale, translate);
  }
  return translate;
}

/**
 * i18next's t costs tens of µs a call (it copies its options several times); a check-in's answer
 * makes a few. A plain string of this language whose placeholders are all simple `{{name}}`, all
 * given, is filled in here the way i18next would (escaping is off, values become strings);
 * anything else (a missing key and its fallback, `count` and the other options, nesting,
 * formats, a value that is not a string or number) goes to i18next. A test compares the two on
 * every key of both languages.
 */
function createTranslator(instance: i18n, locale: Locale): Translate {
  const fixed: TFunction = instance.getFixedT(locale);
  const templates = new Map<string, Template | null>();
  const templateOf = (key: string): Template | null => {
    let template = templates.get(key);
    if (template === undefined) {
      template = parseTemplate(instance.getResource(locale, "translation", key));
      // Keys come from the code; the cap only bounds what a bug could build from input.
      if (templates.size < 10_000) templates.set(key, template);
    }
    return template;
  };
  return (key, vars) => {
    const template = templateOf(key);
    if (template && (vars === undefined || plainValues(vars))) {
      const filled = fill(template, vars ?? {});
      if (filled !== undefined) return filled;
    }
    return fixed(key, vars ?? {}) as string;
  };
}

/** Literal pieces with placeholder names between them: ["Hadir ", "time", " WIB"]. */
type Template = string[];

const placeholder = /\{\{(.+?)\}\}/g;
const simpleName = /^[A-Za-z_][A-Za-z0-9_]*$/;

function parseTemplate(value: unknown): Template | null {
  if (typeof value !== "string" || value.includes("$t(")) return null;
  const pieces: string[] = [];
  let last = 0;
  for (const match of value.matchAll(placeholder)) {
    const name = (match[1] ?? "").trim();
    if (!simpleName.test(name)) return null;
    pieces.push(value.slice(last, match.index), name);
    last = match.index + match[0].length;
  }
  pieces.push(value.slice(last));
  return pieces;
}

/** Options i18next reads from the same object as the values: those calls go to i18next. */
const i18nextOptions = new Set([
  "count",
  "context",
  "ordinal",
  "lng",
  "lngs",
  "ns",
  "keyPrefix",
  "replace",
  "interpolation",
  "returnObjects",
  "returnDetails",
  "joinArrays",
  "postProcess",
  "skipInterpolation",
  "fallbackLng",
  "nsSeparator",
  "keySeparator",
]);

function plainValues(vars: Record<string, unknown>): boolean {
  for (const [name, value] of Object.entries(vars)) {
    if (i18nextOptions.has(name) || name.startsWith("defaultValue")) return false;
    if (typeof value !== "string" && typeof value !== "number") return false;
  }
  return true;
}

/** Undefined when a placeholder has no value (i18next decides what that gives). */
function fill(template: Template, vars: Record<string, unknown>): string | undefined {
  if (template.length === 1) return template[0];
  let out = "";
  for (let index = 0; index < template.length; index++) {
    const piece = template[index] as string;
    if (index % 2 === 0) {
      out += piece;
      continue;
    }
    if (!Object.hasOwn(vars, piece)) return undefined;
    out += String(vars[piece]);
  }
  return out;
}
