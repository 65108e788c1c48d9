import type { Prisma } from "../../generated/prisma/client.ts";
import type { DbOrTx } from "../client.ts";

export async function readChatState<T>(db: DbOrTx, key: string): Promise<T | undefined> {
  const row = await db.chatState.findUnique({ where: { key } });
  return (row?.value as T | undefined) ?? undefined;
}

export async function writeChatState(db: DbOrTx, key: string, value: unknown): Promise<void> {
  const json = value as Prisma.InputJsonValue;
  await db.chatState.upsert({
    where: { key },
    create: { key, value: json },
    update: { value: json },
  });
}

export async function deleteChatState(db: DbOrTx, key: string): Promise<void> {
  await db.chatState.deleteMany({ where: { key } });
}
