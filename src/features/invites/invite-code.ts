import { randomBytes } from "node:crypto";

/** 16 url-safe characters (96 random bits): unguessable, and fits a /start payload (≤ 64). */
export function createInviteCode(): string {
  return randomBytes(12).toString("base64url");
}

export function isWellFormedInviteCode(code: string): boolean {
  return /^[A-Za-z0-9_-]{8,64}$/.test(code);
}

export function inviteLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername}?start=${code}`;
}
