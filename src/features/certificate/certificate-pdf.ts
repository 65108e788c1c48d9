import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import PDFDocument from "pdfkit";
import type { Translate } from "../../i18n/i18n.ts";
import { buildQrPng } from "./certificate-qr.ts";

/**
 * One certificate as plain data: everything printed on it, already formatted (dates in
 * Indonesian, NIPs grouped). It crosses into the worker thread by structured clone.
 */
export interface CertificatePdfInput {
  number: string;
  holderName: string;
  /** Grouped ("19850312 201001 1 003"); empty when the person has none. */
  holderNip: string;
  programName: string;
  /** "23 November 2026 s.d. 4 Desember 2026". */
  period: string;
  hostProvince: string;
  hostAgency: string;
  sendingProvince: string;
  /** JP; null when the program has not set it (the line is left out). */
  hours: number | null;
  signatories: { name: string; position: string; nip?: string }[];
  /** "Surabaya, 7 Desember 2026"-style date line, without the place: "7 Desember 2026". */
  issuedOn: string;
  /** What the QR code carries: the verification link, or the number alone. */
  qrText: string;
  /** True when qrText is a link; otherwise the caption tells to use /verifikasi in the bot. */
  qrIsLink: boolean;
  botUsername?: string;
}

const fontPath = fileURLToPath(new URL("../../../data/fonts/DejaVuSans.ttf", import.meta.url));
let fontData: Buffer | undefined;
/**
 * The parsed font, kept from the first document: pdfkit accepts a parsed font where it takes a
 * file, and parsing DejaVu Sans again costs more than the rest of a certificate. Each document
 * still embeds its own subset.
 */
let parsedFont: unknown;

/** A4 landscape, in Indonesian (the translator given is the Indonesian one). */
export async function buildCertificatePdf(
  t: Translate,
  input: CertificatePdfInput,
): Promise<Buffer> {
  fontData ??= readFileSync(fontPath);
  const qr = await buildQrPng(input.qrText);
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: 0,
    info: {
      Title: t("certificate.pdf.title"),
      Author: "Tandang",
      Subject: input.number,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("body", (parsedFont ?? fontData) as Buffer);
  doc.font("body");
  const current = (doc as unknown as { _font?: { font?: { layout?: unknown } } })._font?.font;
  if (parsedFont === undefined && typeof current?.layout === "function") parsedFont = current;

  const width = doc.page.width;
  const height = doc.page.height;
  const inner = { x: 48, y: 40, w: width - 96 };

  // Double frame.
  doc
    .lineWidth(3)
    .strokeColor("#1f3b63")
    .rect(20, 20, width - 40, height - 40)
    .stroke();
  doc
    .lineWidth(1)
    .rect(28, 28, width - 56, height - 56)
    .stroke();

  // Top to bottom; a long name or program name wraps and pushes what follows down.
  let y = 56;
  const centred = (text: string, size: number, gapAfter: number, color = "#000000") => {
    doc.fillColor(color).fontSize(size).text(text, inner.x, y, { width: inner.w, align: "center" });
    y += doc.heightOfString(text, { width: inner.w }) + gapAfter;
  };

  centred(t("certificate.pdf.title"), 34, 4, "#1f3b63");
  centred(`${t("certificate.pdf.number_label")} ${input.number}`, 11, 16);
  centred(t("certificate.pdf.given_to"), 13, 6);
  centred(input.holderName, 26, 2, "#1f3b63");
  if (input.holderNip) centred(`NIP ${input.holderNip}`, 12, 10);
  centred(t("certificate.pdf.for_completing"), 13, 6);
  centred(input.programName, 18, 10, "#1f3b63");
  const details = [
    t("certificate.pdf.period", { period: input.period }),
    t("certificate.pdf.host", { agency: input.hostAgency, province: input.hostProvince }),
    t("certificate.pdf.sending", { province: input.sendingProvince }),
    ...(input.hours !== null ? [t("certificate.pdf.hours", { hours: input.hours })] : []),
  ];
  doc.fontSize(12).fillColor("#000000");
  doc.text(details.join("\n"), inner.x + 60, y, {
    width: inner.w - 120,
    align: "center",
    lineGap: 4,
  });
  y += doc.heightOfString(details.join("\n"), { width: inner.w - 120, lineGap: 4 });

  // Signatories: one centred, two side by side; the date line above. Below the text, but never
  // so low that the names leave the frame.
  const signTop = Math.min(Math.max(390, y + 40), height - 150);
  const signatories = input.signatories.slice(0, 2);
  const columnWidth = 250;
  const columns =
    signatories.length === 2
      ? [width / 2 - columnWidth - 20, width / 2 + 20]
      : [width / 2 - columnWidth / 2];
  y = signTop - 22;
  centred(input.issuedOn, 11, 0);
  signatories.forEach((signatory, index) => {
    const x = columns[index] ?? inner.x;
    doc.fontSize(11).text(signatory.position, x, signTop, { width: columnWidth, align: "center" });
    doc.fontSize(12).text(signatory.name, x, signTop + 70, {
      width: columnWidth,
      align: "center",
      underline: true,
    });
    if (signatory.nip) {
      doc
        .fontSize(10)
        .text(`NIP ${signatory.nip}`, x, signTop + 88, { width: columnWidth, align: "center" });
    }
  });

  // The QR code, bottom left, with its caption.
  const qrSize = 92;
  const qrX = 44;
  const qrY = height - 44 - qrSize - 24;
  doc.image(qr, qrX, qrY, { width: qrSize, height: qrSize });
  const caption = input.qrIsLink
    ? t("certificate.pdf.qr_link_caption")
    : t("certificate.pdf.qr_bot_caption", {
        number: input.number,
        bot: input.botUsername ? `@${input.botUsername}` : "Tandang",
      });
  doc.fontSize(7.5).text(caption, qrX, qrY + qrSize + 4, { width: 200 });

  doc.end();
  return finished;
}
