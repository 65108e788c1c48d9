import type { Api } from "grammy";
import type { i18n } from "i18next";
import { supportedLocales } from "../i18n/i18n.ts";
import { commandCatalog } from "./command-catalog.ts";

/** The command menu Telegram shows: the participant's commands, in Indonesian and English. */
export async function publishCommands(api: Api, i18nInstance: i18n): Promise<void> {
  const visible = commandCatalog.filter(
    (entry) => entry.role === "everyone" || entry.role === "participant",
  );
  for (const locale of supportedLocales) {
    const t = i18nInstance.getFixedT(locale);
    const commands = visible.map((entry) => ({
      command: entry.command,
      description: String(t(entry.descriptionKey)).slice(0, 256),
    }));
    await api.setMyCommands(commands, locale === "id" ? {} : { language_code: locale });
  }
}
