import { defineCallback, field } from "../../bot/callback-data.ts";

/** `lang:id|en`: the language chosen after /bahasa. */
export const chooseLanguageButton = defineCallback("lang", { locale: field.oneOf("id", "en") });
