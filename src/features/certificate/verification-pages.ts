import type { i18n } from "i18next";
import type { DbOrTx } from "../../db/client.ts";
import type { Logger } from "../../logger.ts";
import type { Clock } from "../../shared/clock.ts";
import { createAttemptLimiter } from "./attempt-limiter.ts";
import { verifyCertificate } from "./certificate.service.ts";
import { type PublicPage, renderVerificationPage } from "./verification-page.ts";

const prefix = "/verifikasi/";

/**
 * GET /verifikasi/<number> on the public (webhook) listener. The number's slashes may come as
 * path separators or encoded. Each address may look up 30 numbers a minute.
 */
export function createVerificationPages(
  db: DbOrTx,
  instance: i18n,
  clock: Clock,
  logger: Logger,
): (path: string, client: string) => Promise<PublicPage | undefined> {
  const limiter = createAttemptLimiter({ limit: 30, windowMs: 60_000 });
  return async (path, client) => {
    if (!path.startsWith(prefix)) return undefined;
    if (!limiter.allow(client, clock.now().getTime())) {
      logger.info("certificate.verify_page_limited");
      return renderVerificationPage(instance, "limited");
    }
    let number: string;
    try {
      number = decodeURIComponent(path.slice(prefix.length));
    } catch {
      return renderVerificationPage(instance, undefined);
    }
    const facts = await verifyCertificate(db, number);
    logger.info({ found: facts !== undefined }, "certificate.verify_page");
    return renderVerificationPage(instance, facts);
  };
}
