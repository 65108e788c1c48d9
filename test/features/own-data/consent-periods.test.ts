import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config.ts";
import { renderConsent } from "../../../src/features/registration/registration.render.ts";
import { createI18n, translatorFor } from "../../../src/i18n/i18n.ts";

const token = "123456789:AAExampleExampleExampleExample";

describe("the consent text states the periods the code keeps data for", () => {
  const i18n = createI18n("id");

  it("says 12 months, and the configured days for raw updates, messages and conversations", () => {
    const periods = parseConfig({ BOT_TOKEN: token }).housekeeping;
    const id = renderConsent(translatorFor(i18n, "id"), "Sumatera Barat", periods);
    expect(id).toContain("12 bulan setelah program berakhir");
    expect(id).toContain("NIP yang diketik atau kontak): 7 hari");
    expect(id).toContain("dikirim bot kepada Bapak/Ibu: 30 hari");
    expect(id).toContain("belum selesai: 7 hari");
    expect(id).not.toMatch(/\{\{|\}\}/);
    expect(id.length).toBeLessThan(4096);

    const custom = parseConfig({
      BOT_TOKEN: token,
      INBOX_RETENTION_DAYS: "3",
      OUTBOX_RETENTION_DAYS: "14",
      CHAT_STATE_IDLE_DAYS: "2",
    }).housekeeping;
    const en = renderConsent(translatorFor(i18n, "en"), "West Sumatra", custom);
    expect(en).toContain("a typed NIP or a contact): 3 days");
    expect(en).toContain("the bot sends you: 14 days");
    expect(en).toContain("unfinished conversation: 2 days");
  });
});
