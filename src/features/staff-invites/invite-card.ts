import type QRCode from "qrcode";
import { escapeXml, svgDocument, svgText, truncateLabel } from "../../charts/svg.ts";
import { lazyModule } from "../../shared/lazy-module.ts";
import { renderPngInWorker } from "../../workers/heavy-work.ts";

const qrCode = lazyModule<typeof QRCode>("qrcode");

export interface InviteCardText {
  /** The program's name, the largest line (user data: escaped when drawn). */
  program: string;
  /** "Undangan peserta" or similar. */
  heading: string;
  link: string;
  /** "Berlaku sampai Senin, 2 Desember 2026 23.59 WIB". */
  expiry: string;
}

const width = 720;
const qrSize = 480;
const titleChars = 34;

/** Words packed into at most `maxLines` lines of about `chars` characters; the last one cut. */
export function wrapWords(text: string, chars: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (candidate.length <= chars || !current) {
      current = candidate;
      continue;
    }
    lines.push(current);
    current = word;
  }
  if (current) lines.push(current);
  const kept = lines.slice(0, maxLines);
  if (lines.length > maxLines) kept[maxLines - 1] = `${kept[maxLines - 1]} ${lines[maxLines]}`;
  return kept.map((line) => truncateLabel(line, chars));
}

/**
 * A printable invite: program name, heading, the QR code, the link and the expiry, so a sheet
 * pinned on a notice board says what it is for and until when. The QR is drawn as one SVG path
 * from the code's module matrix (no raster embedding), then the whole card goes through the same
 * SVG→PNG path as the charts (resvg with the shipped DejaVu font, in a worker thread).
 */
export function inviteCardSvg(text: InviteCardText): string {
  const qr = qrCode().create(text.link, { errorCorrectionLevel: "M" });
  const modules = qr.modules.size;
  const quiet = 2;
  const cell = qrSize / (modules + quiet * 2);
  const titleLines = wrapWords(text.program, titleChars, 2);
  const body: string[] = [];
  let y = 56;
  for (const line of titleLines) {
    body.push(svgText(width / 2, y, line, { size: 30, anchor: "middle", weight: "bold" }));
    y += 40;
  }
  body.push(svgText(width / 2, y, text.heading, { size: 22, anchor: "middle", fill: "#3e4c59" }));
  const qrTop = y + 16;
  const qrLeft = (width - qrSize) / 2;
  const path: string[] = [];
  for (let row = 0; row < modules; row++) {
    for (let col = 0; col < modules; col++) {
      if (!qr.modules.get(row, col)) continue;
      const x = qrLeft + (col + quiet) * cell;
      const top = qrTop + (row + quiet) * cell;
      path.push(
        `M${x.toFixed(2)} ${top.toFixed(2)}h${cell.toFixed(2)}v${cell.toFixed(2)}h-${cell.toFixed(2)}z`,
      );
    }
  }
  body.push(`<path d="${path.join("")}" fill="#000000" shape-rendering="crispEdges"/>`);
  let textY = qrTop + qrSize + 36;
  for (const line of chunks(text.link, 56)) {
    body.push(svgText(width / 2, textY, line, { size: 18, anchor: "middle", fill: "#1f2933" }));
    textY += 26;
  }
  body.push(
    svgText(width / 2, textY + 8, text.expiry, { size: 20, anchor: "middle", weight: "bold" }),
  );
  const height = Math.ceil(textY + 40);
  // escapeXml is applied by svgText; the title is marked for screen readers too.
  body.unshift(`<title>${escapeXml(text.program)}</title>`);
  return svgDocument(width, height, body);
}

/** A link is never cut: it is split into lines of at most `size` characters. */
function chunks(text: string, size: number): string[] {
  const parts: string[] = [];
  for (let start = 0; start < text.length; start += size)
    parts.push(text.slice(start, start + size));
  return parts;
}

export function renderInviteCard(text: InviteCardText): Promise<Buffer> {
  return renderPngInWorker(inviteCardSvg(text));
}
