import { anyCallbackOf, defineCallback, field } from "../../bot/callback-data.ts";

/** `status:unit:<compact unit id>`: one host unit's attendance today. */
export const statusUnit = defineCallback("status:unit", { unitId: field.compactId });
/** `status:person:<compact enrollment id>`: one participant's card. */
export const statusPerson = defineCallback("status:person", { enrollmentId: field.compactId });
/** Any other `status:` data is forged or from an older version of the bot. */
export const anyStatusCallback = anyCallbackOf("status");
