import type { DbOrTx } from "../client.ts";

export interface TelegramProfile {
  telegramUserId: bigint;
  firstName?: string | undefined;
  username?: string | undefined;
}

/** lastSeenAt is refreshed at most this often, to spare writes. */
export const ACCOUNT_SEEN_REFRESH_MS = 60 * 60 * 1000;

/** Finds or creates the account and returns it with the person's active role grants. */
export async function touchAccount(db: DbOrTx, profile: TelegramProfile, now: Date) {
  const include = {
    person: { include: { roles: { where: { revokedAt: null } } } },
  } as const;
  const existing = await db.telegramAccount.findUnique({
    where: { telegramUserId: profile.telegramUserId },
    include,
  });
  if (!existing) {
    return db.telegramAccount.upsert({
      where: { telegramUserId: profile.telegramUserId },
      create: {
        telegramUserId: profile.telegramUserId,
        firstName: profile.firstName ?? null,
        username: profile.username ?? null,
        firstSeenAt: now,
        lastSeenAt: now,
      },
      update: { lastSeenAt: now },
      include,
    });
  }
  // A message means the chat works again; lastSeen is refreshed at most hourly to spare writes.
  if (
    existing.unreachableAt ||
    now.getTime() - existing.lastSeenAt.getTime() > ACCOUNT_SEEN_REFRESH_MS
  ) {
    await db.telegramAccount.update({
      where: { telegramUserId: profile.telegramUserId },
      data: { lastSeenAt: now, unreachableAt: null, unreachableWhy: null },
    });
  }
  return existing;
}

export function setAccountLocale(db: DbOrTx, telegramUserId: bigint, locale: string) {
  return db.telegramAccount.update({ where: { telegramUserId }, data: { locale } });
}

export function markAccountUnreachable(db: DbOrTx, telegramUserId: bigint, why: string, at: Date) {
  return db.telegramAccount.updateMany({
    where: { telegramUserId },
    data: { unreachableAt: at, unreachableWhy: why },
  });
}

export function linkAccountToPerson(db: DbOrTx, telegramUserId: bigint, personId: string) {
  return db.telegramAccount.update({ where: { telegramUserId }, data: { personId } });
}
