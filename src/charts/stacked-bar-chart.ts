import { renderPngInWorker } from "../workers/heavy-work.ts";
import { PHONE_CHART, svgDocument, svgLine, svgRect, svgText, truncateLabel } from "./svg.ts";

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

const {
  width: WIDTH,
  labelWidth: LABEL_WIDTH,
  rowHeight: ROW_HEIGHT,
  barHeight: BAR_HEIGHT,
  labelSize: LABEL_SIZE,
} = PHONE_CHART;
const TOP = 104;
const LEGEND_ROW = 34;
const RIGHT = 80;

/** Horizontal stacked bars, one row per label (e.g. per host agency: hadir, terlambat, …). */
export function stackedBarChartSvg(input: StackedBarChartInput): string {
  const rows = input.rows.length > 0 ? input.rows : [{ label: "–", values: {} }];
  const plotWidth = WIDTH - LABEL_WIDTH - RIGHT;
  const totals = rows.map((row) =>
    input.segments.reduce((sum, segment) => sum + (row.values[segment.key] ?? 0), 0),
  );
  const max = Math.max(1, ...totals);
  const body: string[] = [
    svgText(24, 40, input.title, { size: PHONE_CHART.titleSize, weight: "bold" }),
  ];
  if (input.subtitle) {
    body.push(svgText(24, 72, input.subtitle, { size: LABEL_SIZE, fill: "#3e4c59" }));
  }

  rows.forEach((row, index) => {
    const y = TOP + index * ROW_HEIGHT;
    const baseline = y + BAR_HEIGHT / 2 + LABEL_SIZE * 0.35;
    body.push(
      svgText(LABEL_WIDTH - 10, baseline, truncateLabel(row.label, 28), {
        anchor: "end",
        size: LABEL_SIZE,
      }),
    );
    let x = LABEL_WIDTH;
    for (const segment of input.segments) {
      const value = row.values[segment.key] ?? 0;
      const width = (value / max) * plotWidth;
      if (value > 0) body.push(svgRect(x, y, width, BAR_HEIGHT, segment.color));
      x += width;
    }
    body.push(
      svgText(x + 8, baseline, String(totals[index] ?? 0), { size: LABEL_SIZE, fill: "#3e4c59" }),
    );
  });
  const axisBottom = TOP + rows.length * ROW_HEIGHT;
  body.push(svgLine(LABEL_WIDTH, TOP - 4, LABEL_WIDTH, axisBottom));

  // The legend wraps onto as many lines as it needs, so every status keeps its label.
  let legendX = 24;
  let legendY = axisBottom + 36;
  for (const segment of input.segments) {
    const itemWidth = 34 + segment.label.length * LABEL_SIZE * 0.6;
    if (legendX + itemWidth > WIDTH - 24 && legendX > 24) {
      legendX = 24;
      legendY += LEGEND_ROW;
    }
    body.push(svgRect(legendX, legendY - 16, 20, 20, segment.color));
    body.push(svgText(legendX + 28, legendY, segment.label, { size: LABEL_SIZE }));
    legendX += itemWidth + 16;
  }
  return svgDocument(WIDTH, legendY + 24, body);
}

/** Drawn in a worker thread (resvg), off the event loop. */
export function renderStackedBarChart(input: StackedBarChartInput): Promise<Buffer> {
  return renderPngInWorker(stackedBarChartSvg(input));
}
