import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import PDFDocument from "pdfkit";

/**
 * The shared page furniture of Tandang's PDFs (pdfkit, no browser): A4, the font shipped in
 * data/fonts (DejaVu Sans, so Indonesian text and "–", "≥" print on any server), headings,
 * label–value lines, tables that continue on the next page with their header, and
 * "Halaman x dari y" footers. Pure: plain data in, bytes out.
 */

const fontFile = fileURLToPath(new URL("../../../data/fonts/DejaVuSans.ttf", import.meta.url));
const FONT = "DejaVu";

/**
 * The font parsed once per thread and handed to every document: pdfkit accepts a fontkit font
 * object as a font source, and re-parsing DejaVu's tables per document cost most of the time of
 * a dossier. fontkit is loaded from pdfkit's own dependency, so both see the same library.
 */
let sharedFont: unknown;
function parsedFont(): unknown {
  if (sharedFont === undefined) {
    const fromPdfkit = createRequire(createRequire(import.meta.url).resolve("pdfkit"));
    const fontkit = fromPdfkit("fontkit") as { create(bytes: Uint8Array): unknown };
    sharedFont = fontkit.create(readFileSync(fontFile));
  }
  return sharedFont;
}

export const INK = "#1f2933";
export const MUTED = "#52606d";
export const RULE = "#cbd2d9";
export const SHADE = "#eef2f6";

export type Pdf = PDFKit.PDFDocument;

export interface PdfMeta {
  title: string;
  subject?: string;
  layout?: "portrait" | "landscape";
}

/** A new A4 document with the shipped font; pages are buffered for the footers. */
export function createPdf(meta: PdfMeta): Pdf {
  const font = parsedFont();
  const doc = new PDFDocument({
    size: "A4",
    layout: meta.layout ?? "portrait",
    margins: { top: 48, bottom: 56, left: 50, right: 50 },
    bufferPages: true,
    // The shipped font from the start: pdfkit would otherwise load Helvetica's metrics first.
    font: font as string,
    info: { Title: meta.title, Subject: meta.subject ?? meta.title, Creator: "Tandang" },
    lang: "id-ID",
  });
  doc.registerFont(FONT, font as PDFKit.Mixins.PDFFontSource);
  doc.font(FONT).fillColor(INK);
  return doc;
}

/** Writes "Halaman x dari y" (or any text per page) at the foot of every page, then the bytes. */
export function finishPdf(
  doc: Pdf,
  footer: (page: number, pages: number) => string,
): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => {
      const bytes = Buffer.concat(chunks);
      resolve(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
    doc.on("error", reject);
  });
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(FONT)
      .fontSize(8)
      .fillColor(MUTED)
      .text(footer(index + 1, range.count), doc.page.margins.left, doc.page.height - 36, {
        width: contentWidth(doc),
        align: "center",
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

export function contentWidth(doc: Pdf): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function pageBottom(doc: Pdf): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page when less than `height` points are left on this one. */
export function ensureSpace(doc: Pdf, height: number): void {
  if (doc.y + height > pageBottom(doc)) doc.addPage();
}

export function title(doc: Pdf, text: string, subtitle?: string): void {
  doc.fontSize(16).fillColor(INK).text(text, { align: "center" });
  if (subtitle) doc.moveDown(0.2).fontSize(11).fillColor(MUTED).text(subtitle, { align: "center" });
  doc.moveDown(0.6);
  rule(doc);
  doc.moveDown(0.6);
}

export function rule(doc: Pdf): void {
  const left = doc.page.margins.left;
  doc
    .moveTo(left, doc.y)
    .lineTo(left + contentWidth(doc), doc.y)
    .lineWidth(0.6)
    .strokeColor(RULE)
    .stroke();
}

export function heading(doc: Pdf, text: string): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.6);
  doc.fontSize(12).fillColor(INK).text(text, doc.page.margins.left);
  doc.moveDown(0.15);
  rule(doc);
  doc.moveDown(0.35);
}

export function paragraph(doc: Pdf, text: string, options: { muted?: boolean } = {}): void {
  doc
    .fontSize(9.5)
    .fillColor(options.muted ? MUTED : INK)
    .text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.fillColor(INK);
}

/** "Label    : value" lines with the values aligned. */
export function fields(doc: Pdf, rows: readonly [string, string][], labelWidth = 150): void {
  const left = doc.page.margins.left;
  const valueWidth = contentWidth(doc) - labelWidth - 10;
  doc.fontSize(9.5);
  for (const [label, value] of rows) {
    const height = Math.max(
      doc.heightOfString(label, { width: labelWidth }),
      doc.heightOfString(value || "–", { width: valueWidth }),
    );
    ensureSpace(doc, height + 2);
    const y = doc.y;
    doc.fillColor(MUTED).text(label, left, y, { width: labelWidth });
    doc.fillColor(INK).text(value || "–", left + labelWidth + 10, y, { width: valueWidth });
    doc.y = y + height + 3;
  }
  doc.x = left;
}

export interface Column {
  header: string;
  /** Share of the content width (the shares are scaled to fill it). */
  width: number;
  align?: "left" | "right" | "center";
}

/** A table with a shaded header row, repeated on each page it continues on. */
export function table(doc: Pdf, columns: readonly Column[], rows: readonly string[][]): void {
  const left = doc.page.margins.left;
  const total = columns.reduce((sum, column) => sum + column.width, 0);
  const widths = columns.map((column) => (column.width / total) * contentWidth(doc));
  const pad = 3;
  const size = 8.5;
  const rowHeight = (cells: readonly string[]) =>
    Math.max(
      ...cells.map((cell, index) =>
        doc.fontSize(size).heightOfString(cell || " ", { width: (widths[index] ?? 20) - 2 * pad }),
      ),
    ) +
    2 * pad;
  const drawRow = (cells: readonly string[], shaded: boolean) => {
    const height = rowHeight(cells);
    const y = doc.y;
    if (shaded) doc.rect(left, y, contentWidth(doc), height).fillColor(SHADE).fill();
    let x = left;
    cells.forEach((cell, index) => {
      const width = widths[index] ?? 20;
      doc
        .fontSize(size)
        .fillColor(INK)
        .text(cell, x + pad, y + pad, {
          width: width - 2 * pad,
          align: columns[index]?.align ?? "left",
        });
      x += width;
    });
    doc
      .moveTo(left, y + height)
      .lineTo(left + contentWidth(doc), y + height)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
    doc.y = y + height;
  };
  const header = columns.map((column) => column.header);
  ensureSpace(doc, rowHeight(header) + 20);
  drawRow(header, true);
  for (const row of rows) {
    if (doc.y + rowHeight(row) > pageBottom(doc)) {
      doc.addPage();
      drawRow(header, true);
    }
    drawRow(row, false);
  }
  doc.x = left;
  doc.moveDown(0.4);
}

/** A PNG scaled to the content width (at most `maxHeight` points high). */
export function image(doc: Pdf, png: Uint8Array, aspect: number, maxHeight = 520): void {
  const width = contentWidth(doc);
  const height = Math.min(width * aspect, maxHeight);
  ensureSpace(doc, height + 6);
  const left = doc.page.margins.left;
  const y = doc.y;
  doc.image(Buffer.from(png.buffer, png.byteOffset, png.byteLength), left, y, {
    fit: [width, height],
    align: "center",
  });
  doc.y = y + height + 6;
  doc.x = left;
}
