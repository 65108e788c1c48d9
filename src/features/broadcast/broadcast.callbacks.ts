import { defineCallback, field } from "../../bot/callback-data.ts";

/** `bc:prog:<programId>`: the program an announcement is for (/umumkan). */
export const broadcastProgramPick = defineCallback("bc:prog", { programId: field.uuid });
/** `bc:list:<programId>`: the program whose scheduled announcements are listed (/pengumuman). */
export const broadcastListPick = defineCallback("bc:list", { programId: field.uuid });
/** `bc:del:<broadcastId>`: cancel a scheduled announcement. */
export const broadcastCancelScheduled = defineCallback("bc:del", { broadcastId: field.uuid });
/** `bc:aud:<audience>`: who receives the announcement. */
export const broadcastAudience = defineCallback("bc:aud", {
  kind: field.oneOf("all", "unit", "absent", "coordinators", "officials"),
});
/** `bc:unit:<hostUnitId>`: the host unit whose participants receive it. */
export const broadcastUnit = defineCallback("bc:unit", { hostUnitId: field.uuid });
/** `bc:send|schedule|cancel`: the decision after the preview. */
export const broadcastDecision = defineCallback("bc", {
  decision: field.oneOf("send", "schedule", "cancel"),
});
