/** Escapes text for Telegram's HTML parse mode: everything a user typed goes through this. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
