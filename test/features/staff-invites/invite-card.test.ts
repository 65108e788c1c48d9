import { describe, expect, it } from "vitest";
import { pngDimensions, renderSvgToPng } from "../../../src/charts/render-png.ts";
import { inviteCardSvg, wrapWords } from "../../../src/features/staff-invites/invite-card.ts";

const link = "https://t.me/tandang_pemprov_jatim_bot?start=AbCdEfGhIjKlMnOpQrStUvWxYz012345";

describe("the printable invite card", () => {
  it("wraps a long program name into at most two lines and cuts the rest", () => {
    const lines = wrapWords(
      "Magang ASN Sumbar di Jatim 2026 Gelombang Kedua untuk Pejabat Administrator dan Pengawas",
      34,
      2,
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe("Magang ASN Sumbar di Jatim 2026");
    expect(lines[1]?.endsWith("…")).toBe(true);
    expect(lines.every((line) => line.length <= 34)).toBe(true);
  });

  it("escapes the program name (user data) and never cuts the link", () => {
    const svg = inviteCardSvg({
      program: 'Magang <b>"A & B"</b>',
      heading: "Undangan peserta",
      link,
      expiry: "Berlaku sampai Selasa, 8 Desember 2026 07.30 WIB",
    });
    expect(svg).not.toContain("<b>");
    expect(svg).toContain("&lt;b&gt;&quot;A &amp; B&quot;&lt;/b&gt;");
    const linkLines = [...svg.matchAll(/font-size="18"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(linkLines.join("")).toBe(link);
    expect(svg).toContain("07.30 WIB");
  });

  it("renders to a PNG of the card's size", () => {
    const png = renderSvgToPng(
      inviteCardSvg({ program: "Magang", heading: "Undangan pejabat", link, expiry: "-" }),
    );
    const size = pngDimensions(png);
    expect(size?.width).toBe(720);
    expect(size?.height).toBeGreaterThan(600);
  });
});
