import type { DbOrTx } from "../client.ts";

const withProvinces = { hostProvince: true, sendingProvince: true } as const;

/** Programs staff may act on, with provinces (time zone); `ids` undefined means every program. */
export function listStaffPrograms(db: DbOrTx, ids: string[] | undefined) {
  return db.program.findMany({
    where: {
      ...(ids === undefined ? {} : { id: { in: ids } }),
      status: { in: ["ACTIVE", "FINISHED", "DRAFT"] },
    },
    include: withProvinces,
    orderBy: [{ startDate: "asc" }, { createdAt: "asc" }],
  });
}

export function findProgramWithProvinces(db: DbOrTx, programId: string) {
  return db.program.findUnique({ where: { id: programId }, include: withProvinces });
}

export type ProgramWithProvinces = NonNullable<
  Awaited<ReturnType<typeof findProgramWithProvinces>>
>;

export function setCoordinatorChat(db: DbOrTx, programId: string, chatId: bigint) {
  return db.program.update({ where: { id: programId }, data: { coordinatorChatId: chatId } });
}

export function listHostUnitsOfProgram(db: DbOrTx, programId: string) {
  return db.hostUnit.findMany({ where: { programId }, orderBy: { name: "asc" } });
}
