import { inflateRawSync } from "node:zlib";
import { ImportLimitError, type ImportLimits, megabytes } from "./import-limits.ts";

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const LARGE_PART_BYTES = 1024 * 1024;

export class BrokenZipError extends Error {
  override name = "BrokenZipError";
}

interface ZipEntry {
  method: number;
  packed: number;
  unpacked: number;
  localHeader: number;
}

/**
 * The zip-bomb guard for an XLSX, before any spreadsheet library opens it: reads the central
 * directory, refuses a total unpacked size above the cap or a large part with an absurd
 * compression ratio, then inflates each part with an output ceiling of its declared size, so
 * a directory that lies about sizes is refused too — never more than the cap is unpacked.
 */
export function checkZipLimits(content: Buffer, limits: ImportLimits): void {
  const entries = centralDirectory(content);
  let total = 0;
  for (const entry of entries) {
    total += entry.unpacked;
    if (total > limits.maxUnpackedBytes) {
      throw new ImportLimitError("unpacked", megabytes(limits.maxUnpackedBytes));
    }
    if (
      entry.unpacked > LARGE_PART_BYTES &&
      entry.unpacked / Math.max(entry.packed, 1) > limits.maxCompressionRatio
    ) {
      throw new ImportLimitError("ratio", limits.maxCompressionRatio);
    }
  }
  for (const entry of entries) verifyUnpackedSize(content, entry, limits);
}

function centralDirectory(content: Buffer): ZipEntry[] {
  const end = findEndRecord(content);
  const count = content.readUInt16LE(end + 10);
  const size = content.readUInt32LE(end + 12);
  const offset = content.readUInt32LE(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    // ZIP64: an XLSX under the upload cap never needs it.
    throw new BrokenZipError("zip64 archives are not accepted");
  }
  if (offset + size > content.length) throw new BrokenZipError("central directory out of range");
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let index = 0; index < count; index++) {
    if (at + 46 > content.length || content.readUInt32LE(at) !== CENTRAL_FILE_HEADER) {
      throw new BrokenZipError("bad central directory entry");
    }
    entries.push({
      method: content.readUInt16LE(at + 10),
      packed: content.readUInt32LE(at + 20),
      unpacked: content.readUInt32LE(at + 24),
      localHeader: content.readUInt32LE(at + 42),
    });
    at +=
      46 +
      content.readUInt16LE(at + 28) +
      content.readUInt16LE(at + 30) +
      content.readUInt16LE(at + 32);
  }
  return entries;
}

function findEndRecord(content: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const lowest = Math.max(0, content.length - 22 - 0xffff);
  for (let at = content.length - 22; at >= lowest; at--) {
    if (content.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  throw new BrokenZipError("not a zip archive");
}

function verifyUnpackedSize(content: Buffer, entry: ZipEntry, limits: ImportLimits): void {
  const at = entry.localHeader;
  if (at + 30 > content.length || content.readUInt32LE(at) !== LOCAL_FILE_HEADER) {
    throw new BrokenZipError("bad local header");
  }
  const dataStart = at + 30 + content.readUInt16LE(at + 26) + content.readUInt16LE(at + 28);
  const data = content.subarray(dataStart, dataStart + entry.packed);
  if (entry.packed === 0 && entry.unpacked === 0) return; // a folder entry
  if (entry.method === 0) {
    if (entry.packed !== entry.unpacked) throw new BrokenZipError("stored size mismatch");
    return;
  }
  if (entry.method !== 8) throw new BrokenZipError(`compression method ${entry.method}`);
  try {
    // One byte more than declared: a part that inflates past its declared size is a lie.
    const inflated = inflateRawSync(data, { maxOutputLength: Math.max(entry.unpacked + 1, 1) });
    if (inflated.length !== entry.unpacked) throw new BrokenZipError("declared size mismatch");
  } catch (error) {
    if (error instanceof BrokenZipError) throw error;
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      throw new ImportLimitError("unpacked", megabytes(limits.maxUnpackedBytes));
    }
    throw new BrokenZipError(error instanceof Error ? error.message : String(error));
  }
}
