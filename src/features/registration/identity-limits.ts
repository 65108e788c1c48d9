/**
 * Limits on identity attempts at registration, in one place. An attempt counts when it proved
 * nothing: a NIP whose roster phone did not match the user's own contact (or that is unknown,
 * already bound to another account, or has no roster phone), or someone else's contact.
 * Attempts are stored in the database, so a restart does not reset them.
 */
export const IDENTITY_ATTEMPT_WINDOW_MINUTES = 60;

/** Refused attempts one Telegram account may make in the window; the next NIP is refused. */
export const MAX_REFUSED_ATTEMPTS_PER_ACCOUNT = 5;

/**
 * Refused attempts one invite link may collect in the window, over all accounts. Higher than
 * the per-account limit because a whole cohort shares one link and, with a roster lacking
 * phones, every honest participant is "unproven" too; reaching it stops new requests for
 * approval through that link, never a participant whose own contact matches the roster.
 */
export const MAX_REFUSED_ATTEMPTS_PER_INVITE = 30;
