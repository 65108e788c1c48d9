import type { DbOrTx } from "../../db/client.ts";
import { setAccountLocale } from "../../db/repositories/accounts.repository.ts";
import type { Locale } from "../../i18n/i18n.ts";

/** /bahasa: the language the bot speaks to this account from now on. */
export async function chooseLanguage(
  db: DbOrTx,
  telegramUserId: bigint,
  locale: Locale,
): Promise<void> {
  await setAccountLocale(db, telegramUserId, locale);
}
