import type { Db, DbOrTx } from "../../db/client.ts";
import {
  findBroadcast,
  findProgramForBroadcast,
  insertBroadcast,
  listDueScheduledBroadcasts,
  takeScheduledBroadcast,
} from "../../db/repositories/broadcasts.repository.ts";
import {
  findParticipantRecipients,
  findStaffRecipients,
  type Recipient,
} from "../../db/repositories/recipients.repository.ts";
import { enqueue } from "../../delivery/enqueue.ts";
import { localDate } from "../../domain/time.ts";
import { recordAudit } from "../audit/audit.service.ts";
import {
  type BroadcastAudience,
  type BroadcastContent,
  broadcastAudienceSchema,
  contentColumns,
  contentFromRow,
  outboxCallFor,
} from "./broadcast-content.ts";

/**
 * Who receives an announcement, resolved when it is sent (so "not checked in today" means
 * today). Accounts marked unreachable are tried again: they may have unblocked the bot, and
 * the delivery report names those who still cannot be reached.
 */
export async function resolveAudience(
  db: DbOrTx,
  programId: string,
  audience: BroadcastAudience,
  now: Date,
): Promise<Recipient[]> {
  if (audience.kind === "coordinators") return findStaffRecipients(db, programId, "COORDINATOR");
  if (audience.kind === "officials") return findStaffRecipients(db, programId, "OFFICIAL");
  let filter = {};
  if (audience.kind === "unit") filter = { hostUnitId: audience.hostUnitId };
  if (audience.kind === "absent") {
    const program = await findProgramForBroadcast(db, programId);
    if (!program) return [];
    const today = localDate(now, program.hostProvince.timeZone);
    filter = { placedOnly: true, withoutCheckInOn: new Date(`${today}T00:00:00Z`) };
  }
  const enrollments = await findParticipantRecipients(db, programId, filter);
  return enrollments.flatMap((enrollment) =>
    enrollment.person.account
      ? [
          {
            chatId: enrollment.person.account.telegramUserId,
            personId: enrollment.person.id,
            fullName: enrollment.person.fullName,
            locale: enrollment.person.account.locale,
          },
        ]
      : [],
  );
}

export interface NewAnnouncement {
  programId: string;
  createdById: string | null;
  content: BroadcastContent;
  audience: BroadcastAudience;
  /** Where the coordinator follows the progress (their private chat). */
  progressChatId: bigint;
  /** The progress message already posted there, when sending now. */
  progressMessageId?: number;
}

async function enqueueRecipients(
  tx: DbOrTx,
  broadcastId: string,
  programId: string,
  content: BroadcastContent,
  audience: BroadcastAudience,
  now: Date,
): Promise<number> {
  const recipients = await resolveAudience(tx, programId, audience, now);
  const { method, payload } = outboxCallFor(content);
  await enqueue(
    tx,
    recipients.map((recipient) => ({
      dedupeKey: `broadcast:${broadcastId}:${recipient.chatId}`,
      chatId: recipient.chatId,
      personId: recipient.personId,
      kind: "broadcast",
      method,
      payload,
      notBefore: now,
      broadcastId,
    })),
  );
  return recipients.length;
}

/** Sends now: the Broadcast row, one queued message per recipient and the audit entry, together. */
export function queueAnnouncement(db: Db, input: NewAnnouncement, now: Date) {
  return db.$transaction(
    async (tx) => {
      const broadcast = await insertBroadcast(tx, {
        programId: input.programId,
        createdById: input.createdById,
        audience: input.audience,
        ...contentColumns(input.content),
        status: "QUEUED",
        scheduledFor: null,
        progressChatId: input.progressChatId,
        progressMessageId: input.progressMessageId ?? null,
        createdAt: now,
        queuedAt: now,
      });
      const recipients = await enqueueRecipients(
        tx,
        broadcast.id,
        input.programId,
        input.content,
        input.audience,
        now,
      );
      await recordAudit(tx, {
        actorId: input.createdById,
        action: "broadcast.queued",
        programId: input.programId,
        details: { broadcastId: broadcast.id, audience: input.audience.kind, recipients },
        at: now,
      });
      return { broadcastId: broadcast.id, recipients };
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}

/** Saves the announcement for later; the scheduler queues it when its time comes. */
export function scheduleAnnouncement(db: Db, input: NewAnnouncement, at: Date, now: Date) {
  return db.$transaction(async (tx) => {
    const broadcast = await insertBroadcast(tx, {
      programId: input.programId,
      createdById: input.createdById,
      audience: input.audience,
      ...contentColumns(input.content),
      status: "SCHEDULED",
      scheduledFor: at,
      progressChatId: input.progressChatId,
      progressMessageId: null,
      createdAt: now,
      queuedAt: null,
    });
    await recordAudit(tx, {
      actorId: input.createdById,
      action: "broadcast.scheduled",
      programId: input.programId,
      details: {
        broadcastId: broadcast.id,
        audience: input.audience.kind,
        scheduledFor: at.toISOString(),
      },
      at: now,
    });
    return { broadcastId: broadcast.id };
  });
}

/**
 * Queues the scheduled announcements whose time has come; returns their ids. A late one (the
 * bot was down) still goes out: an announcement is not a reminder that loses its point.
 */
export async function queueDueBroadcasts(db: Db, now: Date): Promise<string[]> {
  const queued: string[] = [];
  for (const { id } of await listDueScheduledBroadcasts(db, now)) {
    const done = await db.$transaction(
      async (tx) => {
        if (!(await takeScheduledBroadcast(tx, id, now))) return false;
        const broadcast = await findBroadcast(tx, id);
        if (!broadcast) return false;
        const audience = broadcastAudienceSchema.parse(broadcast.audience);
        const recipients = await enqueueRecipients(
          tx,
          id,
          broadcast.programId,
          contentFromRow(broadcast),
          audience,
          now,
        );
        await recordAudit(tx, {
          actorId: broadcast.createdById,
          action: "broadcast.queued",
          programId: broadcast.programId,
          details: { broadcastId: id, audience: audience.kind, recipients, scheduled: true },
          at: now,
        });
        return true;
      },
      { maxWait: 30_000, timeout: 120_000 },
    );
    if (done) queued.push(id);
  }
  return queued;
}
