import type { SentRecord, UserHandle } from "@tandang/fake-bot-api";

/** A message the bot sent (it has an id to reply to or edit). */
export type BotMessage = SentRecord & { message_id: number };

/**
 * The bot's next message to `user` matching `matcher` after `act` (a command, a press): the wait
 * starts before the act, so a quick answer is not missed, and only new messages count.
 */
export async function reply(
  user: UserHandle,
  act: () => unknown,
  matcher: RegExp,
): Promise<BotMessage> {
  const next = user.waitForMessage(matcher, { onlyNew: true });
  act();
  const record = await next;
  if (record.message_id === undefined) throw new Error("a sent message has an id");
  return record as BotMessage;
}
