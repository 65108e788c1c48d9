import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database, DbOrTx } from "../../src/db/client.ts";
import { createI18n } from "../../src/i18n/i18n.ts";
import { createScheduler, type Scheduler } from "../../src/scheduler/scheduler.ts";
import type { Clock } from "../../src/shared/clock.ts";
import { silentLogger } from "../delivery/delivery-support.ts";

export const i18n = createI18n("id");

export function schedulerFor(db: Database, clock: Clock, graceMinutes = 120): Scheduler {
  return createScheduler({
    db: db.prisma,
    clock,
    logger: silentLogger,
    i18n,
    defaultLocale: "id",
    ratePerSecond: 30,
    catchUpGraceMinutes: graceMinutes,
    // runTick never runs the hourly housekeeping; the directory only has to be somewhere harmless.
    retention: { dataDir: join(tmpdir(), "tandang-scheduler-test") },
  });
}

export interface TestProgram {
  programId: string;
  hostUnitId: string;
}

/** A program hosted in `hostProvinceCode` with one host unit; Mon–Fri, default times. */
export async function createProgram(
  db: DbOrTx,
  options: { name: string; hostProvinceCode: string; startDate: string; endDate: string },
): Promise<TestProgram> {
  const program = await db.program.create({
    data: {
      name: options.name,
      sendingProvinceCode: options.hostProvinceCode === "13" ? "35" : "13",
      hostProvinceCode: options.hostProvinceCode,
      startDate: new Date(`${options.startDate}T00:00:00Z`),
      endDate: new Date(`${options.endDate}T00:00:00Z`),
    },
  });
  const unit = await db.hostUnit.create({
    data: {
      programId: program.id,
      name: `BPSDM ${options.name}`,
      address: "Jl. Pahlawan No. 1",
    },
  });
  return { programId: program.id, hostUnitId: unit.id };
}

/** A registered participant with a Telegram account, placed at the program's unit by default. */
export async function addParticipant(
  db: DbOrTx,
  program: TestProgram,
  telegramUserId: number,
  options: { fullName?: string; locale?: string; placed?: boolean } = {},
): Promise<{ personId: string; enrollmentId: string }> {
  const person = await db.person.create({
    data: {
      fullName: options.fullName ?? `Peserta ${telegramUserId}`,
      account: {
        create: { telegramUserId: BigInt(telegramUserId), locale: options.locale ?? null },
      },
      enrollments: {
        create: {
          programId: program.programId,
          hostUnitId: options.placed === false ? null : program.hostUnitId,
        },
      },
    },
    include: { enrollments: true },
  });
  return { personId: person.id, enrollmentId: person.enrollments[0]?.id ?? "" };
}

export async function addStaff(
  db: DbOrTx,
  programId: string,
  telegramUserId: number,
  role: "COORDINATOR" | "OFFICIAL",
  fullName = `Staf ${telegramUserId}`,
): Promise<string> {
  const person = await db.person.create({
    data: {
      fullName,
      account: { create: { telegramUserId: BigInt(telegramUserId) } },
      roles: { create: { role, programId } },
    },
  });
  return person.id;
}

/** Outbox rows of one job kind, by recipient chat id. */
export async function outboxOf(db: Database, kind: string) {
  return db.prisma.outboxMessage.findMany({ where: { kind }, orderBy: { chatId: "asc" } });
}
