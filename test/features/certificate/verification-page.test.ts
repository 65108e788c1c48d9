import { describe, expect, it } from "vitest";
import { renderVerificationPage } from "../../../src/features/certificate/verification-page.ts";
import { createI18n } from "../../../src/i18n/i18n.ts";

const i18n = createI18n();
const facts = {
  holderName: `Siti <script>alert("x")</script> & "Rahma"`,
  programName: "Magang <b>ASN</b>",
  startDate: "2026-11-30",
  endDate: "2026-12-04",
  status: "VALID" as const,
  revokedOn: null,
};

describe("the verification page", () => {
  it("escapes everything it shows, in Indonesian with an English line", () => {
    const page = renderVerificationPage(i18n, facts);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain("<script>");
    expect(page.html).not.toContain("<b>ASN</b>");
    expect(page.html).toContain("Siti &lt;script&gt;");
    expect(page.html).toContain(`&amp; "Rahma"`);
    expect(page.html).toContain("Sertifikat ini BERLAKU.");
    expect(page.html).toContain("This certificate is VALID.");
    expect(page.html).toContain("30 November 2026 s.d. 4 Desember 2026");
    expect(page.html).toContain("30 November 2026 to 4 December 2026");
  });

  it("shows a revocation's date in both languages", () => {
    const page = renderVerificationPage(i18n, {
      ...facts,
      status: "REVOKED",
      revokedOn: "2026-12-07",
    });
    expect(page.html).toContain("Sertifikat ini DICABUT sejak 7 Desember 2026.");
    expect(page.html).toContain("REVOKED since 7 December 2026.");
    expect(page.html).not.toContain("BERLAKU");
  });

  it("answers an unknown number with a 404 that names nobody, and too many lookups with a 429", () => {
    const unknown = renderVerificationPage(i18n, undefined);
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain("Nomor sertifikat tidak ditemukan.");
    expect(unknown.html).not.toContain("Pemegang");
    expect(renderVerificationPage(i18n, "limited").status).toBe(429);
  });
});
