/**
 * UUIDs in 22 characters (base64url of the 16 bytes), so two of them fit in Telegram's 64-byte
 * callback_data. `expandId` returns undefined for anything that is not such a value.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COMPACT = /^[A-Za-z0-9_-]{22}$/;

export function compactId(uuid: string): string {
  if (!UUID.test(uuid)) throw new RangeError(`Not a UUID: ${uuid}`);
  return Buffer.from(uuid.replace(/-/g, ""), "hex").toString("base64url");
}

export function expandId(compact: string): string | undefined {
  if (!COMPACT.test(compact)) return undefined;
  const hex = Buffer.from(compact, "base64url").toString("hex");
  if (hex.length !== 32) return undefined;
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return compactId(uuid) === compact ? uuid : undefined;
}
