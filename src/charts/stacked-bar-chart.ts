import { renderPngInWorker } from "../workers/heavy-work.ts";
import { svgDocument, svgLine, svgRect, svgText, truncateLabel } from "./svg.ts";

export interface ChartSegment {
  key: string;
  label: string;
  color: string;
}

export interface StackedBarRow {
  label: string;
  /** Segment key → count; missing keys count as zero. */
  values: Readonly<Record<string, number>>;
}

export interface StackedBarChartInput {
  title: string;
  subtitle?: string;
  segments: readonly ChartSegment[];
  rows: readonly StackedBarRow[];
}

const WIDTH = 960;
const LABEL_WIDTH = 250;
const ROW_HEIGHT = 26;
const BAR_HEIGHT = 18;
const TOP = 78;
const LEGEND_HEIGHT = 44;
const RIGHT = 60;

/** Horizontal stacked bars, one row per label (e.g. per host agency: hadir, terlambat, …). */
export function stackedBarChartSvg(input: StackedBarChartInput): string {
  const rows = input.rows.length > 0 ? input.rows : [{ label: "–", values: {} }];
  const height = TOP + rows.length * ROW_HEIGHT + LEGEND_HEIGHT + 16;
  const plotWidth = WIDTH - LABEL_WIDTH - RIGHT;
  const totals = rows.map((row) =>
    input.segments.reduce((sum, segment) => sum + (row.values[segment.key] ?? 0), 0),
  );
  const max = Math.max(1, ...totals);
  const body: string[] = [svgText(20, 30, input.title, { size: 18, weight: "bold" })];
  if (input.subtitle) body.push(svgText(20, 54, input.subtitle, { size: 13, fill: "#52606d" }));

  rows.forEach((row, index) => {
    const y = TOP + index * ROW_HEIGHT;
    body.push(svgText(LABEL_WIDTH - 8, y + 14, truncateLabel(row.label, 34), { anchor: "end" }));
    let x = LABEL_WIDTH;
    for (const segment of input.segments) {
      const value = row.values[segment.key] ?? 0;
      const width = (value / max) * plotWidth;
      if (value > 0) body.push(svgRect(x, y, width, BAR_HEIGHT, segment.color));
      x += width;
    }
    body.push(svgText(x + 6, y + 14, String(totals[index] ?? 0), { size: 11, fill: "#52606d" }));
  });
  const axisBottom = TOP + rows.length * ROW_HEIGHT;
  body.push(svgLine(LABEL_WIDTH, TOP - 4, LABEL_WIDTH, axisBottom));

  let legendX = 20;
  const legendY = axisBottom + 24;
  for (const segment of input.segments) {
    body.push(svgRect(legendX, legendY - 11, 14, 14, segment.color));
    body.push(svgText(legendX + 20, legendY, segment.label, { size: 12 }));
    legendX += 34 + segment.label.length * 7.5;
  }
  return svgDocument(WIDTH, height, body);
}

/** Drawn in a worker thread (resvg), off the event loop. */
export function renderStackedBarChart(input: StackedBarChartInput): Promise<Buffer> {
  return renderPngInWorker(stackedBarChartSvg(input));
}
