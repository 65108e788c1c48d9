import { fileURLToPath } from "node:url";
import type * as ResvgModule from "@resvg/resvg-js";
import { lazyModule } from "../shared/lazy-module.ts";

const resvgModule = lazyModule<typeof ResvgModule>("@resvg/resvg-js");

/**
 * The font ships with the repository (data/fonts, DejaVu Sans, Bitstream Vera licence), so a
 * server without any system font still draws the labels; system fonts are never consulted.
 */
const fontFile = fileURLToPath(new URL("../../data/fonts/DejaVuSans.ttf", import.meta.url));

export function renderSvgToPng(svg: string): Buffer {
  const resvg = new (resvgModule().Resvg)(svg, {
    font: { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: "DejaVu Sans" },
    background: "#ffffff",
  });
  return resvg.render().asPng();
}

/** Width and height from a PNG's IHDR chunk; undefined when the bytes are not a PNG. */
export function pngDimensions(png: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 24 || !png.subarray(0, 8).equals(signature)) return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
