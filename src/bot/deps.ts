import type { i18n } from "i18next";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import type { Clock } from "../shared/clock.ts";

/** Everything a handler may reach, attached to the context by the first middleware. */
export interface AppDeps {
  config: Config;
  db: Db;
  logger: Logger;
  clock: Clock;
  i18n: i18n;
}
