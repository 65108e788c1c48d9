/**
 * Fake Telegram Bot API over real HTTP on loopback, for tests, benchmarks and the no-network
 * demo. Depends on node built-ins only.
 */
export { ApiError } from "./api-error.ts";
export { createFakeBotApi, type FakeBotApi, startFakeBotApi } from "./fake-bot-api.ts";
export { type ParsedHtml, parseHtml } from "./html-entities.ts";
export { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimitRefusal } from "./rate-limiter.ts";
export { DEFAULT_BOT_USER } from "./state.ts";
export type * from "./types.ts";
export type {
  ContactInput,
  DocumentInput,
  LocationInput,
  PhotoInput,
  StickerInput,
  UserProfile,
  VenueInput,
  VoiceInput,
} from "./updates.ts";
export type {
  EditLocationInput,
  GroupHandle,
  PressButtonOptions,
  SendOptions,
  UserHandle,
} from "./user-handles.ts";
