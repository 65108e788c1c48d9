import type { Db, DbOrTx } from "../../db/client.ts";
import {
  cancelScheduledBroadcast,
  findBroadcast,
  findHostUnitsOfProgram,
  findProgramForBroadcast,
  insertBroadcast,
  listDueScheduledBroadcasts,
  listScheduledBroadcasts,
  takeScheduledBroadcast,
} from "../../db/repositories/broadcasts.repository.ts";
import {
  findParticipantRecipients,
  findStaffRecipients,
  type ParticipantFilter,
  type Recipient,
} from "../../db/repositories/recipients.repository.ts";
import { findPersonGrants } from "../../db/repositories/roles.repository.ts";
import { enqueue } from "../../delivery/enqueue.ts";
import { formatDateId, formatTimeWithZone, localDate } from "../../domain/time.ts";
import type { Locale, Translate } from "../../i18n/i18n.ts";
import {
  coversUnit,
  isWholeProgram,
  type ProgramScope,
  resolveProgramScope,
} from "../access/scope.ts";
import { recordAudit } from "../audit/audit.service.ts";
import {
  type BroadcastAudience,
  type BroadcastContent,
  broadcastAudienceSchema,
  contentColumns,
  contentFromRow,
  outboxCallFor,
} from "./broadcast-content.ts";

/** The program with its host province (zone), as announcements need it; null when gone. */
export function broadcastProgram(db: DbOrTx, programId: string) {
  return findProgramForBroadcast(db, programId);
}

export function hostUnitsOfBroadcastProgram(db: DbOrTx, programId: string) {
  return findHostUnitsOfProgram(db, programId);
}

export function findAnnouncement(db: DbOrTx, broadcastId: string) {
  return findBroadcast(db, broadcastId);
}

/** The program's scheduled announcements, soonest first, at most `limit`. */
export function listScheduledAnnouncements(db: DbOrTx, programId: string, limit: number) {
  return listScheduledBroadcasts(db, programId, limit);
}

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
  scope?: ProgramScope,
): Promise<Recipient[]> {
  // A sender limited to some host units reaches the participants placed in them, nobody else.
  if (scope && !audienceWithinScope(scope, audience)) return [];
  if (audience.kind === "coordinators") return findStaffRecipients(db, programId, "COORDINATOR");
  if (audience.kind === "officials") return findStaffRecipients(db, programId, "OFFICIAL");
  let filter: ParticipantFilter = scope?.hostUnitIds ? { hostUnitIds: scope.hostUnitIds } : {};
  if (audience.kind === "unit") filter = { ...filter, hostUnitId: audience.hostUnitId };
  if (audience.kind === "absent") {
    const program = await findProgramForBroadcast(db, programId);
    if (!program) return [];
    const today = localDate(now, program.hostProvince.timeZone);
    filter = { ...filter, placedOnly: true, withoutCheckInOn: new Date(`${today}T00:00:00Z`) };
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

/**
 * Whether a sender with this scope may address the audience: the whole program may address
 * anyone; a unit-limited coordinator only participants (all, absent: of its units; one of its units).
 */
export function audienceWithinScope(scope: ProgramScope, audience: BroadcastAudience): boolean {
  if (isWholeProgram(scope)) return true;
  if (audience.kind === "coordinators" || audience.kind === "officials") return false;
  return audience.kind !== "unit" || coversUnit(scope, audience.hostUnitId);
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
  /** The sender's scope (resolveProgramScope), checked again by the scheduler when it is due. */
  scope: ProgramScope;
}

async function enqueueRecipients(
  tx: DbOrTx,
  broadcastId: string,
  programId: string,
  content: BroadcastContent,
  audience: BroadcastAudience,
  now: Date,
  scope: ProgramScope,
): Promise<number> {
  const recipients = await resolveAudience(tx, programId, audience, now, scope);
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
        input.scope,
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

export interface DueBroadcastOptions {
  /** ADMIN_TELEGRAM_IDS: administrators may send to anyone. */
  adminTelegramIds: readonly bigint[];
  /** The translator of a locale (the creator's), as the scheduler's jobs get it. */
  language: (locale: string | null) => { t: Translate; locale: Locale };
}

export interface DueBroadcasts {
  queued: string[];
  /** Cancelled because their creator may no longer send them (role revoked, scope narrowed). */
  cancelled: string[];
}

/**
 * Queues the scheduled announcements whose time has come. A late one (the bot was down) still
 * goes out: an announcement is not a reminder that loses its point. Before queueing, the
 * creator's role and scope are checked again: a creator who may no longer send it (role
 * revoked, audience now outside their scope) gets it cancelled, nothing sent, and is told.
 */
export async function queueDueBroadcasts(
  db: Db,
  now: Date,
  options: DueBroadcastOptions,
): Promise<DueBroadcasts> {
  const result: DueBroadcasts = { queued: [], cancelled: [] };
  for (const { id } of await listDueScheduledBroadcasts(db, now)) {
    const outcome = await db.$transaction(
      async (tx) => {
        const broadcast = await findBroadcast(tx, id);
        if (broadcast?.status !== "SCHEDULED") return undefined;
        const audience = broadcastAudienceSchema.parse(broadcast.audience);
        const creator = await creatorScope(tx, broadcast, options.adminTelegramIds);
        if (!creator.scope || !audienceWithinScope(creator.scope, audience)) {
          if (!(await cancelScheduledBroadcast(tx, id, now))) return undefined;
          await recordAudit(tx, {
            actorId: broadcast.createdById,
            action: "broadcast.cancelled",
            programId: broadcast.programId,
            details: { broadcastId: id, reason: "creator_not_allowed", audience: audience.kind },
            at: now,
          });
          await tellCreator(tx, broadcast, creator, options, now);
          return "cancelled" as const;
        }
        if (!(await takeScheduledBroadcast(tx, id, now))) return undefined;
        const recipients = await enqueueRecipients(
          tx,
          id,
          broadcast.programId,
          contentFromRow(broadcast),
          audience,
          now,
          creator.scope,
        );
        await recordAudit(tx, {
          actorId: broadcast.createdById,
          action: "broadcast.queued",
          programId: broadcast.programId,
          details: { broadcastId: id, audience: audience.kind, recipients, scheduled: true },
          at: now,
        });
        return "queued" as const;
      },
      { maxWait: 30_000, timeout: 120_000 },
    );
    if (outcome) result[outcome].push(id);
  }
  return result;
}

type BroadcastRow = NonNullable<Awaited<ReturnType<typeof findBroadcast>>>;

interface CreatorScope {
  scope: ProgramScope | undefined;
  chatId: bigint | null;
  locale: string | null;
}

/** The creator's scope now, from their active grants (the same resolver as every command). */
async function creatorScope(
  db: DbOrTx,
  broadcast: BroadcastRow,
  adminTelegramIds: readonly bigint[],
): Promise<CreatorScope> {
  const { account, grants } = broadcast.createdById
    ? await findPersonGrants(db, broadcast.createdById)
    : { account: null, grants: [] };
  // An administrator without a person record is known by the private chat it scheduled from.
  const telegramUserId = account?.telegramUserId ?? broadcast.progressChatId;
  const scope =
    telegramUserId === null
      ? undefined
      : resolveProgramScope(
          {
            telegramUserId,
            personId: broadcast.createdById,
            locale: account?.locale ?? null,
            isAdmin: adminTelegramIds.includes(telegramUserId),
            grants,
          },
          broadcast.programId,
          "manage",
        );
  return {
    scope,
    chatId: broadcast.progressChatId ?? account?.telegramUserId ?? null,
    locale: account?.locale ?? null,
  };
}

/** The creator learns, in their language, that the announcement was cancelled and not sent. */
async function tellCreator(
  db: DbOrTx,
  broadcast: BroadcastRow,
  creator: CreatorScope,
  options: DueBroadcastOptions,
  now: Date,
): Promise<void> {
  if (creator.chatId === null) return;
  const program = await findProgramForBroadcast(db, broadcast.programId);
  const { t, locale } = options.language(creator.locale);
  const at = broadcast.scheduledFor ?? now;
  const zone = program?.hostProvince;
  const text = t("broadcast.cancelled_not_allowed", {
    program: program?.name ?? "",
    date: zone ? formatDateId(localDate(at, zone.timeZone), locale) : "",
    time: zone ? formatTimeWithZone(at, zone.timeZone, zone.zone) : "",
  });
  await enqueue(db, [
    {
      dedupeKey: `broadcast-cancelled:${broadcast.id}`,
      chatId: creator.chatId,
      personId: broadcast.createdById,
      kind: "broadcast_cancelled",
      method: "sendMessage",
      payload: { text },
      notBefore: now,
    },
  ]);
}

/** A coordinator cancels a scheduled announcement (button); audited. False when too late. */
export async function cancelScheduledAnnouncement(
  db: Db,
  input: { broadcastId: string; programId: string; actorId: string | null; now: Date },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (!(await cancelScheduledBroadcast(tx, input.broadcastId, input.now))) return false;
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "broadcast.cancelled",
      programId: input.programId,
      details: { broadcastId: input.broadcastId, reason: "cancelled_by_coordinator" },
      at: input.now,
    });
    return true;
  });
}
