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

export function translatorFor(instance: i18n, locale: Locale): Translate {
  const fixed: TFunction = instance.getFixedT(locale);
  return (key, vars) => fixed(key, vars ?? {}) as string;
}
