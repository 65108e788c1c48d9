/** A few SVG building blocks; every text goes through `escapeXml`, since labels are user data. */

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/**
 * Bar-chart sizes for a phone: drawn 1080 px wide (a chat shows the picture full width) with
 * no text under 15 px there, so labels stay readable when Telegram scales it down.
 */
export const PHONE_CHART = {
  width: 1080,
  labelWidth: 330,
  rowHeight: 40,
  barHeight: 28,
  labelSize: 17,
  titleSize: 26,
} as const;

export interface TextOptions {
  size?: number;
  anchor?: "start" | "middle" | "end";
  fill?: string;
  weight?: "normal" | "bold";
}

export function svgText(x: number, y: number, text: string, options: TextOptions = {}): string {
  const { size = 12, anchor = "start", fill = "#1f2933", weight = "normal" } = options;
  return `<text x="${round(x)}" y="${round(y)}" font-size="${size}" text-anchor="${anchor}" fill="${fill}" font-weight="${weight}">${escapeXml(text)}</text>`;
}

export function svgRect(x: number, y: number, width: number, height: number, fill: string): string {
  return `<rect x="${round(x)}" y="${round(y)}" width="${round(Math.max(0, width))}" height="${round(Math.max(0, height))}" fill="${fill}"/>`;
}

export function svgLine(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  stroke = "#cbd2d9",
): string {
  return `<line x1="${round(x1)}" y1="${round(y1)}" x2="${round(x2)}" y2="${round(y2)}" stroke="${stroke}" stroke-width="1"/>`;
}

export function svgDocument(width: number, height: number, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans">`,
    svgRect(0, 0, width, height, "#ffffff"),
    ...body,
    "</svg>",
  ].join("\n");
}

/** Cuts a label to `max` characters with an ellipsis, so long agency names keep the layout. */
export function truncateLabel(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
