import { defineCallback, field } from "../../bot/callback-data.ts";

/**
 * `inv:new:<role code><side code>:<programId>`: the program of a new invite (/undang), the role
 * (P, K, J, B) and side (S, H, N) run together as the bot has always sent them.
 */
export const inviteProgramPick = defineCallback("inv:new", {
  kind: field.matching("[PKJB][SHN]", "PS"),
  programId: field.uuid,
});
/** `inv:u:<unit>` a mentor of the unit; `inv:ku:<unit>` a host coordinator limited to the unit. */
export const inviteUnit = defineCallback("inv", {
  who: field.oneOf("u", "ku"),
  hostUnitId: field.uuid,
});
/** `inv:rev:<inviteId>`: revoke an invite (/undang daftar). */
export const inviteRevoke = defineCallback("inv:rev", { inviteId: field.uuid });
/** `inv:list:<programId>`: the program whose invites are listed. */
export const inviteListPick = defineCallback("inv:list", { programId: field.uuid });
