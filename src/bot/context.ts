import type { Context } from "grammy";
import type { Locale, Translate } from "../i18n/i18n.ts";
import type { Logger } from "../logger.ts";
import type { Actor } from "./actor.ts";
import type { AppDeps } from "./deps.ts";
import type { FlowControl } from "./flows.ts";

export interface TandangFlavor {
  deps: AppDeps;
  logger: Logger;
  locale: Locale;
  t: Translate;
  /** Who is talking to the bot: account, person and roles. Undefined for channel posts etc. */
  actor: Actor | undefined;
  flow: FlowControl;
}

export type BotContext = Context & TandangFlavor;
