import jsQRModule from "jsqr";
import { getDocument, ImageKind, OPS } from "pdfjs-dist/legacy/build/pdf.mjs";

type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
// jsqr is CommonJS with an ES-style default: Node hands over either shape.
const jsQR: Decode =
  (jsQRModule as unknown as { default?: Decode }).default ?? (jsQRModule as unknown as Decode);

/** The text of every page of a PDF (pdfjs-dist), items joined by spaces, pages by newlines. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const document = await getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
  }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
  }
  await document.destroy();
  return pages.join("\n");
}

/** The page size of the first page in points (width, height). */
export async function pdfPageSize(bytes: Uint8Array): Promise<{ width: number; height: number }> {
  const document = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false })
    .promise;
  const page = await document.getPage(1);
  const [, , width = 0, height = 0] = page.view;
  await document.destroy();
  return { width, height };
}

/** Decodes every QR code drawn as an image on the PDF's first page (pdfjs operator list, jsQR). */
export async function pdfQrCodes(bytes: Uint8Array): Promise<string[]> {
  const document = await getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    disableFontFace: true,
  }).promise;
  const page = await document.getPage(1);
  const operators = await page.getOperatorList();
  const found: string[] = [];
  for (let index = 0; index < operators.fnArray.length; index++) {
    if (operators.fnArray[index] !== OPS.paintImageXObject) continue;
    const name = (operators.argsArray[index] as unknown[])[0] as string;
    const image = await new Promise<{
      width: number;
      height: number;
      kind: number;
      data: Uint8Array | Uint8ClampedArray;
    }>((resolve) => page.objs.get(name, resolve as (value: unknown) => void));
    const rgba = toRgba(image);
    const decoded = jsQR(rgba, image.width, image.height);
    if (decoded) found.push(decoded.data);
  }
  await document.destroy();
  return found;
}

function toRgba(image: {
  width: number;
  height: number;
  kind: number;
  data: Uint8Array | Uint8ClampedArray;
}): Uint8ClampedArray {
  const pixels = image.width * image.height;
  if (image.kind === ImageKind.RGBA_32BPP) return new Uint8ClampedArray(image.data);
  const rgba = new Uint8ClampedArray(pixels * 4);
  if (image.kind === ImageKind.RGB_24BPP) {
    for (let pixel = 0; pixel < pixels; pixel++) {
      rgba[pixel * 4] = image.data[pixel * 3] ?? 0;
      rgba[pixel * 4 + 1] = image.data[pixel * 3 + 1] ?? 0;
      rgba[pixel * 4 + 2] = image.data[pixel * 3 + 2] ?? 0;
      rgba[pixel * 4 + 3] = 255;
    }
    return rgba;
  }
  // 1 bit per pixel, rows padded to whole bytes.
  const rowBytes = Math.ceil(image.width / 8);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const bit = ((image.data[y * rowBytes + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1;
      const value = bit ? 255 : 0;
      const at = (y * image.width + x) * 4;
      rgba[at] = value;
      rgba[at + 1] = value;
      rgba[at + 2] = value;
      rgba[at + 3] = 255;
    }
  }
  return rgba;
}
