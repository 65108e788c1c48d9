import QRCode from "qrcode";

/**
 * The QR code printed on a certificate, as PNG bytes: the verification link when a public base
 * URL is set, otherwise the certificate number itself (the caption then says to send
 * `/verifikasi <nomor>` to the bot). Error correction M survives a creased or stamped paper.
 */
export function buildQrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, {
    type: "png",
    errorCorrectionLevel: "M",
    margin: 2,
    scale: 6,
    color: { dark: "#000000", light: "#ffffff" },
    // 8-bit grayscale without alpha: pdfkit embeds such a PNG's data as it is, where an RGBA
    // one would be decoded and compressed again for every certificate.
    rendererOpts: { colorType: 0, deflateLevel: 6 } as QRCode.QRCodeToBufferOptions["rendererOpts"],
  });
}

/** The link a certificate's QR carries; undefined without PUBLIC_BASE_URL. */
export function verificationUrl(
  publicBaseUrl: string | undefined,
  number: string,
): string | undefined {
  if (!publicBaseUrl) return undefined;
  // The number's slashes stay path separators: /verifikasi/TDG/2026/0001-7Q3K reads as it prints.
  return `${publicBaseUrl.replace(/\/+$/, "")}/verifikasi/${number.split("/").map(encodeURIComponent).join("/")}`;
}
