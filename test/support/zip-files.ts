import { constants, crc32, deflateRawSync } from "node:zlib";

/** One part of a zip: its deflated bytes and what the central directory says of it. */
export interface ZipPart {
  name: string;
  deflated: Buffer;
  unpackedSize: number;
  crc: number;
  /** Written into the directory instead of unpackedSize (a lying archive). */
  declaredSize?: number;
}

export function deflatedPart(name: string, text: string): ZipPart {
  const data = Buffer.from(text, "utf8");
  return { name, deflated: deflateRawSync(data), unpackedSize: data.length, crc: crc32(data) };
}

/**
 * A part of `head`, then `unit` repeated until about `totalBytes`, then `tail`, deflated without
 * ever holding the unpacked text: one deflated megabyte of units is reused (each copy stands
 * alone, flushed with Z_FULL_FLUSH), so a 400 MB part takes a fraction of a second to make.
 */
export function repeatedPart(
  name: string,
  parts: { head: string; unit: string; tail: string; totalBytes: number },
): ZipPart {
  const head = Buffer.from(parts.head);
  const tail = Buffer.from(parts.tail);
  const unitsPerBlock = Math.max(1, Math.floor((1024 * 1024) / Buffer.byteLength(parts.unit)));
  const block = Buffer.from(parts.unit.repeat(unitsPerBlock));
  const blocks = Math.max(1, Math.round(parts.totalBytes / block.length));
  const flushed = { finishFlush: constants.Z_FULL_FLUSH };
  const deflatedBlock = deflateRawSync(block, flushed);
  let crc = crc32(head);
  for (let index = 0; index < blocks; index++) crc = crc32(block, crc);
  crc = crc32(tail, crc);
  return {
    name,
    deflated: Buffer.concat([
      deflateRawSync(head, flushed),
      ...Array.from({ length: blocks }, () => deflatedBlock),
      deflateRawSync(tail),
    ]),
    unpackedSize: head.length + blocks * block.length + tail.length,
    crc,
  };
}

/** A zip archive (deflate, no data descriptors) of the parts. */
export function zipArchive(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const size = part.declaredSize ?? part.unpackedSize;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.crc >>> 0, 14);
    local.writeUInt32LE(part.deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(part.crc >>> 0, 16);
    central.writeUInt32LE(part.deflated.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, part.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + part.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const rootRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const workbook = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="peserta" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const workbookRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

/**
 * An XLSX whose one cell holds about `unpackedMb` megabytes of repeated text: a zip bomb
 * (400 MB packs into well under 1 MB). Options make the directory lie about the sheet's size.
 */
export function xlsxBomb(unpackedMb: number, options: { declaredSheetBytes?: number } = {}) {
  const sheet = repeatedPart("xl/worksheets/sheet1.xml", {
    head: `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`,
    unit: "Andi Putra 198503122010011003 ",
    tail: "</t></is></c></row></sheetData></worksheet>",
    totalBytes: unpackedMb * 1024 * 1024,
  });
  if (options.declaredSheetBytes !== undefined) sheet.declaredSize = options.declaredSheetBytes;
  return zipArchive([
    deflatedPart("[Content_Types].xml", contentTypes),
    deflatedPart("_rels/.rels", rootRels),
    deflatedPart("xl/workbook.xml", workbook),
    deflatedPart("xl/_rels/workbook.xml.rels", workbookRels),
    sheet,
  ]);
}
