import { describe, expect, it } from "vitest";
import { rateBarChartSvg } from "../../../src/charts/rate-bar-chart.ts";
import { ATTENDANCE_STATUSES, type AttendanceStatus } from "../../../src/domain/attendance.ts";
import { attendanceRate, type DayCell, tallyCells } from "../../../src/domain/attendance-rate.ts";
import { recapChartInput } from "../../../src/features/recap/recap-chart.ts";
import type { RecapData } from "../../../src/features/recap/recap-data.service.ts";
import { createI18n, translatorFor } from "../../../src/i18n/i18n.ts";
import { STATUS_PALETTE } from "../../../src/shared/status-palette.ts";

const zero = () =>
  Object.fromEntries(ATTENDANCE_STATUSES.map((s) => [s, 0])) as Record<AttendanceStatus, number>;

/** Ten participants over two closed days: Monday 4 H and 3 awaiting review, Tuesday 5 H. */
function recapData(): RecapData {
  const cells: DayCell[][] = Array.from({ length: 10 }, (_, index) => [
    index < 4 ? "HADIR" : index < 7 ? "PENDING" : "ALPA",
    index < 5 ? "HADIR" : "ALPA",
  ]);
  return {
    program: {
      id: "p1",
      name: "Magang 2026",
      startDate: "2026-11-23",
      endDate: "2026-11-27",
      timeZone: "Asia/Jakarta",
      zoneLabel: "WIB",
      hostProvinceCode: "35",
      hostProvinceName: "Jawa Timur",
      sendingProvinceName: "Sumatera Barat",
      checkInClosesAt: "10:00",
      workingWeekdays: [1, 2, 3, 4, 5],
      scopeUnitIds: null,
    },
    days: ["2026-11-23", "2026-11-24"],
    closed: [true, true],
    rows: cells.map((statuses, index) => ({
      enrollmentId: `enrollment-${index}`,
      fullName: `Peserta ${index}`,
      nip: `1985031220100110${String(index).padStart(2, "0")}`,
      ownAgency: "Dinas",
      jabatan: "Analis",
      hostUnit: "Bappeda",
      statuses,
      times: statuses.map(() => ""),
      counts: zero(),
      pending: statuses.filter((cell) => cell === "PENDING").length,
      rate: attendanceRate(tallyCells(statuses)),
    })),
    units: [{ id: "u1", label: "Bappeda" }],
    anonymous: [zero(), zero()],
    generatedAt: new Date("2026-11-24T10:00:00Z"),
  };
}

/** Every <rect> of the SVG as numbers and its fill. */
function rects(svg: string) {
  return [
    ...svg.matchAll(
      /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="([^"]+)"\/>/g,
    ),
  ].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    width: Number(m[3]),
    height: Number(m[4]),
    fill: m[5],
  }));
}

describe("the recap chart's per-day panel", () => {
  const t = translatorFor(createI18n(), "id");
  const pendingFill = STATUS_PALETTE.PENDING.fill;

  it("draws check-ins awaiting review as their own series after the rate, with a legend entry", () => {
    const input = recapChartInput(t, "id", recapData());
    expect(input.panels[0]?.bars.map((bar) => [bar.rate, bar.pending])).toEqual([
      [0.4, 0.3],
      [0.5, 0],
    ]);
    const svg = rateBarChartSvg(input);
    const pending = rects(svg).filter((rect) => rect.fill === pendingFill);
    // One bar segment (Monday) and one legend swatch.
    expect(pending).toHaveLength(2);
    const [segment, swatch] = pending;
    const plotWidth = 1080 - 330 - 100;
    expect(segment?.x).toBeCloseTo(330 + 0.4 * plotWidth, 0);
    expect(segment?.width).toBeCloseTo(0.3 * plotWidth, 0);
    expect(swatch).toMatchObject({ width: 20, height: 20 });
    // The rate's own bar ends where the pending segment begins, in another colour.
    const rateBar = rects(svg).find(
      (rect) => rect.y === segment?.y && rect.x === 330 && rect.fill !== "#eef2f6",
    );
    expect(rateBar?.width).toBeCloseTo(0.4 * plotWidth, 0);
    expect(rateBar?.fill).not.toBe(pendingFill);
    expect(svg).toContain(">Menunggu tinjauan (belum dihitung hadir)<");
    // The rate still reads 40%: awaiting review is not present.
    expect(svg).toContain(">40%<");
    // The legend sits under the per-day bars and above the per-agency panel's title.
    const agencyTitle = Number(
      new RegExp(`<text x="24" y="([\\d.]+)"[^>]*>${t("recap.chart_per_unit")}<`).exec(svg)?.[1],
    );
    expect(swatch?.y ?? 0).toBeGreaterThan(segment?.y ?? 0);
    expect(swatch?.y ?? Number.POSITIVE_INFINITY).toBeLessThan(agencyTitle);
  });

  it("draws no pending segment in the per-agency panel, which has no such series", () => {
    const input = recapChartInput(t, "id", recapData());
    expect(input.panels[1]?.pendingSeries).toBeUndefined();
    const svg = rateBarChartSvg({ ...input, panels: input.panels.slice(1) });
    expect(rects(svg).some((rect) => rect.fill === pendingFill)).toBe(false);
  });

  it("names the series in English too", () => {
    const en = translatorFor(createI18n(), "en");
    expect(rateBarChartSvg(recapChartInput(en, "en", recapData()))).toContain(
      ">Awaiting review (not yet counted as present)<",
    );
  });
});
