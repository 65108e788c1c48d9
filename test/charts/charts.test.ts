import { afterAll, describe, expect, it } from "vitest";
import { rateBarChartSvg, renderRateBarChart } from "../../src/charts/rate-bar-chart.ts";
import { pngDimensions } from "../../src/charts/render-png.ts";
import { renderStackedBarChart, stackedBarChartSvg } from "../../src/charts/stacked-bar-chart.ts";
import { closeHeavyWork } from "../../src/workers/heavy-work.ts";

const segments = [
  { key: "HADIR", label: "Hadir", color: "#2f9e44" },
  { key: "missing", label: "Belum", color: "#adb5bd" },
];

describe("charts (PNGs drawn in a worker thread)", () => {
  afterAll(() => closeHeavyWork());

  it("renders a stacked bar chart as a PNG whose height grows with the rows", async () => {
    const small = await renderStackedBarChart({
      title: "Presensi",
      segments,
      rows: [{ label: "BKD Jatim", values: { HADIR: 2 } }],
    });
    const large = await renderStackedBarChart({
      title: "Presensi",
      segments,
      rows: Array.from({ length: 13 }, (_, i) => ({
        label: `OPD ${i}`,
        values: { HADIR: i, missing: 1 },
      })),
    });
    expect(small.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(pngDimensions(small)?.width).toBe(1080);
    expect(pngDimensions(large)?.width).toBe(1080);
    expect(pngDimensions(large)?.height ?? 0).toBeGreaterThan(pngDimensions(small)?.height ?? 0);
  });

  it("draws text with the bundled font (the PNG differs when a label changes)", async () => {
    const input = { title: "A", segments, rows: [{ label: "BKD", values: { HADIR: 1 } }] };
    const one = await renderStackedBarChart(input);
    const other = await renderStackedBarChart({ ...input, title: "Presensi hari ini" });
    expect(one.equals(other)).toBe(false);
  });

  it("escapes user data in labels", () => {
    const svg = stackedBarChartSvg({
      title: "<script>&",
      segments,
      rows: [{ label: 'Dinas "A" & <B>', values: { HADIR: 1 } }],
    });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;&amp;");
    expect(svg).toContain("Dinas &quot;A&quot; &amp; &lt;B&gt;");
  });

  it("renders rate panels, with an empty slot for days nobody was expected", async () => {
    const input = {
      title: "Rekap",
      panels: [
        {
          title: "Per hari",
          bars: [
            { label: "Senin", rate: 0.96 },
            { label: "Selasa", rate: null },
          ],
        },
        { title: "Per OPD", bars: [{ label: "BKD", rate: 1 }] },
      ],
    };
    const svg = rateBarChartSvg(input);
    expect(svg).toContain("96%");
    expect(svg).toContain("100%");
    const png = await renderRateBarChart(input);
    expect(pngDimensions(png)).toMatchObject({ width: 1080 });
  });
});
