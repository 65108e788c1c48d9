import type { Db } from "../../db/client.ts";
import { setCoordinatorChat } from "../../db/repositories/program-lookup.repository.ts";
import { recordAudit } from "../audit/audit.service.ts";

/** /grupkoordinator: this group receives the program's daily recap; audited in the same transaction. */
export async function linkCoordinatorGroup(
  db: Db,
  input: { programId: string; chatId: bigint; actorId: string | null; now: Date },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await setCoordinatorChat(tx, input.programId, input.chatId);
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "program.coordinator_group_linked",
      programId: input.programId,
      details: { chatId: input.chatId.toString() },
      at: input.now,
    });
  });
}
