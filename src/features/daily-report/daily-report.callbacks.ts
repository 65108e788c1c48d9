import { defineCallback } from "../../bot/callback-data.ts";

/** `daily_report:replace`: write today's report again. */
export const replaceReport = defineCallback("daily_report:replace");
/** `daily_report:keep`: keep the report already sent. */
export const keepReport = defineCallback("daily_report:keep");
/** `daily_report:done`: the report's photos are all there. */
export const finishReport = defineCallback("daily_report:done");
