import { renderPngInWorker } from "../workers/heavy-work.ts";
import { svgDocument, svgLine, svgRect, svgText, truncateLabel } from "./svg.ts";

export interface RateBar {
  label: string;
  /** 0..1, or null when nothing was expected (drawn as an empty slot). */
  rate: number | null;
}

export interface RatePanel {
  title: string;
  bars: readonly RateBar[];
}

export interface RateChartInput {
  title: string;
  subtitle?: string;
  /** Drawn one under the other: e.g. the rate per working day, then per host agency. */
  panels: readonly RatePanel[];
}

const WIDTH = 960;
const LABEL_WIDTH = 250;
const ROW_HEIGHT = 24;
const BAR_HEIGHT = 16;
const PANEL_GAP = 46;
const RIGHT = 70;

/** Horizontal bars of percentages (attendance rate), one panel per grouping. */
export function rateBarChartSvg(input: RateChartInput): string {
  const plotWidth = WIDTH - LABEL_WIDTH - RIGHT;
  const body: string[] = [svgText(20, 30, input.title, { size: 18, weight: "bold" })];
  if (input.subtitle) body.push(svgText(20, 54, input.subtitle, { size: 13, fill: "#52606d" }));
  let y = 80;
  for (const panel of input.panels) {
    body.push(svgText(20, y + 4, panel.title, { size: 14, weight: "bold" }));
    y += 16;
    const top = y;
    for (const bar of panel.bars) {
      body.push(svgText(LABEL_WIDTH - 8, y + 13, truncateLabel(bar.label, 34), { anchor: "end" }));
      body.push(svgRect(LABEL_WIDTH, y, plotWidth, BAR_HEIGHT, "#f0f4f8"));
      if (bar.rate !== null) {
        const rate = Math.min(1, Math.max(0, bar.rate));
        body.push(svgRect(LABEL_WIDTH, y, rate * plotWidth, BAR_HEIGHT, colorFor(rate)));
        body.push(
          svgText(LABEL_WIDTH + plotWidth + 6, y + 13, `${Math.round(rate * 100)}%`, {
            size: 11,
          }),
        );
      } else {
        body.push(svgText(LABEL_WIDTH + plotWidth + 6, y + 13, "–", { size: 11 }));
      }
      y += ROW_HEIGHT;
    }
    body.push(svgLine(LABEL_WIDTH, top - 2, LABEL_WIDTH, y - ROW_HEIGHT + BAR_HEIGHT + 2));
    y += PANEL_GAP - 16;
  }
  return svgDocument(WIDTH, Math.round(y), body);
}

/** Drawn in a worker thread (resvg), off the event loop. */
export function renderRateBarChart(input: RateChartInput): Promise<Buffer> {
  return renderPngInWorker(rateBarChartSvg(input));
}

function colorFor(rate: number): string {
  if (rate >= 0.9) return "#2f9e44";
  if (rate >= 0.75) return "#f59f00";
  return "#e03131";
}
