import { describe, expect, it } from "vitest";
import {
  buildCertificatePdf,
  type CertificatePdfInput,
} from "../../../src/features/certificate/certificate-pdf.ts";
import { verificationUrl } from "../../../src/features/certificate/certificate-qr.ts";
import { createI18n, translatorFor } from "../../../src/i18n/i18n.ts";
import { pdfPageSize, pdfQrCodes, pdfText } from "../../support/pdf-reading.ts";

const t = translatorFor(createI18n(), "id");
const input: CertificatePdfInput = {
  number: "TDG/2026/0042-7Q3K",
  holderName: "Rina Marlina, S.E.",
  holderNip: "19850312 201001 2 003",
  programName: "Magang ASN Sumbar di Jatim 2026",
  period: "30 November 2026 s.d. 4 Desember 2026",
  hostProvince: "Jawa Timur",
  hostAgency: "Badan Pengembangan Sumber Daya Manusia Provinsi Jawa Timur",
  sendingProvince: "Sumatera Barat",
  hours: null,
  signatories: [
    { name: "Dr. Budi Santoso, M.Si.", position: "Kepala BPSDM Provinsi Jawa Timur" },
    {
      name: "Ir. Sri Lestari",
      position: "Kepala BPSDM Provinsi Sumatera Barat",
      nip: "19720202 199803 2 002",
    },
  ],
  issuedOn: "7 Desember 2026",
  qrText: "TDG/2026/0042-7Q3K",
  qrIsLink: false,
  botUsername: "tandang_bot",
};

describe("the certificate PDF", () => {
  it("without a public address: the QR carries the number and the caption names /verifikasi", async () => {
    const pdf = await buildCertificatePdf(t, input);
    const size = await pdfPageSize(pdf);
    expect(Math.round(size.width)).toBe(842);
    expect(Math.round(size.height)).toBe(595);
    expect(await pdfQrCodes(pdf)).toEqual(["TDG/2026/0042-7Q3K"]);
    const text = await pdfText(pdf);
    expect(text).toContain("/verifikasi TDG/2026/0042-7Q3K");
    expect(text).toContain("@tandang_bot");
    expect(text).toContain("Ir. Sri Lestari");
    expect(text).toContain("NIP 19720202 199803 2 002");
    // No JP set: no JP line.
    expect(text).not.toContain("JP");
  });

  it("links to <PUBLIC_BASE_URL>/verifikasi/<number> with the slashes as path separators", () => {
    expect(verificationUrl("https://tandang.example.go.id/", "TDG/2026/0042-7Q3K")).toBe(
      "https://tandang.example.go.id/verifikasi/TDG/2026/0042-7Q3K",
    );
    expect(verificationUrl(undefined, "TDG/2026/0042-7Q3K")).toBeUndefined();
  });
});
