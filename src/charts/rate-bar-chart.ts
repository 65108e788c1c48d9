import { renderPngInWorker } from "../workers/heavy-work.ts";
import { PHONE_CHART, svgDocument, svgLine, svgRect, svgText, truncateLabel } from "./svg.ts";

export interface RateBar {
  label: string;
  /** 0..1, or null when nothing was expected (drawn as an empty slot). */
  rate: number | null;
  /** 0..1 awaiting review (not in the rate): drawn as its own series after the rate's bar. */
  pending?: number | null;
}

export interface RatePanel {
  title: string;
  bars: readonly RateBar[];
  /** The pending series' legend entry and colour; without it no pending segment is drawn. */
  pendingSeries?: { label: string; color: string };
}

export interface RateChartInput {
  title: string;
  subtitle?: string;
  /** Drawn one under the other: e.g. the rate per working day, then per host agency. */
  panels: readonly RatePanel[];
}

const {
  width: RATE_CHART_WIDTH,
  labelWidth: LABEL_WIDTH,
  rowHeight: ROW_HEIGHT,
  barHeight: BAR_HEIGHT,
  labelSize: LABEL_SIZE,
  titleSize: TITLE_SIZE,
} = PHONE_CHART;
const PANEL_GAP = 64;
const RIGHT = 100;

/** Horizontal bars of percentages (attendance rate), one panel per grouping. */
export function rateBarChartSvg(input: RateChartInput): string {
  const plotWidth = RATE_CHART_WIDTH - LABEL_WIDTH - RIGHT;
  const body: string[] = [svgText(24, 40, input.title, { size: TITLE_SIZE, weight: "bold" })];
  if (input.subtitle) {
    body.push(svgText(24, 72, input.subtitle, { size: LABEL_SIZE, fill: "#3e4c59" }));
  }
  let y = 110;
  for (const panel of input.panels) {
    body.push(svgText(24, y + 6, panel.title, { size: 20, weight: "bold" }));
    y += 22;
    const top = y;
    for (const bar of panel.bars) {
      const baseline = y + BAR_HEIGHT / 2 + LABEL_SIZE * 0.35;
      body.push(
        svgText(LABEL_WIDTH - 10, baseline, truncateLabel(bar.label, 28), {
          anchor: "end",
          size: LABEL_SIZE,
        }),
      );
      body.push(svgRect(LABEL_WIDTH, y, plotWidth, BAR_HEIGHT, "#eef2f6"));
      const value = bar.rate === null ? null : Math.min(1, Math.max(0, bar.rate));
      if (value !== null)
        body.push(svgRect(LABEL_WIDTH, y, value * plotWidth, BAR_HEIGHT, colorFor(value)));
      const pending = Math.min(1 - (value ?? 0), Math.max(0, bar.pending ?? 0));
      if (panel.pendingSeries && pending > 0) {
        body.push(
          svgRect(
            LABEL_WIDTH + (value ?? 0) * plotWidth,
            y,
            pending * plotWidth,
            BAR_HEIGHT,
            panel.pendingSeries.color,
          ),
        );
      }
      body.push(
        svgText(
          LABEL_WIDTH + plotWidth + 10,
          baseline,
          value === null ? "–" : `${Math.round(value * 100)}%`,
          { size: LABEL_SIZE, weight: "bold" },
        ),
      );
      y += ROW_HEIGHT;
    }
    body.push(svgLine(LABEL_WIDTH, top - 2, LABEL_WIDTH, y - ROW_HEIGHT + BAR_HEIGHT + 2));
    if (panel.pendingSeries) {
      // The legend entry of the pending series, under its panel.
      y += 10;
      body.push(svgRect(LABEL_WIDTH, y, 20, 20, panel.pendingSeries.color));
      body.push(svgText(LABEL_WIDTH + 28, y + 16, panel.pendingSeries.label, { size: LABEL_SIZE }));
      y += 30;
    }
    y += PANEL_GAP - 22;
  }
  return svgDocument(RATE_CHART_WIDTH, Math.round(y), body);
}

/** Drawn in a worker thread (resvg), off the event loop. */
export function renderRateBarChart(input: RateChartInput): Promise<Buffer> {
  return renderPngInWorker(rateBarChartSvg(input));
}

/** Okabe–Ito bluish green / orange / vermillion: good, watch, low, told apart without red-green. */
function colorFor(rate: number): string {
  if (rate >= 0.9) return "#009E73";
  if (rate >= 0.75) return "#E69F00";
  return "#D55E00";
}
