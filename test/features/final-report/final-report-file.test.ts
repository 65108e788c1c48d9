import { describe, expect, it } from "vitest";
import {
  finalReportDirectory,
  isAcceptedReportType,
  safeFileName,
} from "../../../src/features/final-report/final-report-file.ts";

const pdf = "application/pdf";
const docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

describe("final report files", () => {
  it("accepts PDF and Word only", () => {
    expect(isAcceptedReportType(pdf)).toBe(true);
    expect(isAcceptedReportType("application/msword")).toBe(true);
    expect(isAcceptedReportType(docx)).toBe(true);
    expect(isAcceptedReportType("image/png")).toBe(false);
    expect(isAcceptedReportType(undefined)).toBe(false);
  });

  it("makes names safe: no directories, no odd characters, the type's extension", () => {
    expect(safeFileName("../../etc/passwd", pdf)).toBe("passwd.pdf");
    expect(safeFileName("..\\..\\Laporan Akhir (Andi).PDF", pdf)).toBe("Laporan_Akhir_Andi_.pdf");
    expect(safeFileName("Laporan Ümum.docx", docx)).toBe("Laporan_Umum.docx");
    expect(safeFileName("laporan.exe", pdf)).toBe("laporan.pdf");
    expect(safeFileName(undefined, "application/msword")).toBe("laporan-akhir.doc");
    expect(safeFileName("...", pdf)).toBe("laporan-akhir.pdf");
    expect(safeFileName(`${"a".repeat(300)}.pdf`, pdf)).toHaveLength(94);
  });

  it("keeps each enrollment's files in its own folder", () => {
    expect(finalReportDirectory("/srv/tandang", "e-1")).toBe(
      "/srv/tandang/files/final-reports/e-1",
    );
  });
});
