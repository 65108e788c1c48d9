/**
 * Just enough multipart/form-data to read what Bot API clients send: text fields and file parts.
 * grammY writes headers without a space after the colon and an unquoted filename as the last
 * parameter (`content-disposition:form-data;name="x";filename=my file.pdf`), so both quoted and
 * bare values are accepted and a bare filename runs to the end of the line.
 */

export interface MultipartFile {
  name: string;
  filename: string;
  contentType: string | undefined;
  data: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string>;
  files: MultipartFile[];
}

export class MultipartError extends Error {}

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

export function boundaryOf(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
  const fields: Record<string, string> = {};
  const files: MultipartFile[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);

  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new MultipartError("multipart boundary not found");
  pos += delimiter.length;

  for (;;) {
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // "--" closes the body
    if (body.subarray(pos, pos + 2).equals(CRLF)) pos += 2;
    const headerEnd = body.indexOf(HEADER_END, pos);
    if (headerEnd < 0) throw new MultipartError("unterminated part headers");
    const headers = parsePartHeaders(body.toString("utf8", pos, headerEnd));
    const contentStart = headerEnd + HEADER_END.length;
    const contentEnd = body.indexOf(nextDelimiter, contentStart);
    if (contentEnd < 0) throw new MultipartError("unterminated part");
    const content = body.subarray(contentStart, contentEnd);

    if (headers.name !== undefined) {
      if (headers.filename !== undefined) {
        files.push({
          name: headers.name,
          filename: headers.filename,
          contentType: headers.contentType,
          // Copy so the whole request buffer is not kept alive by one small file.
          data: Buffer.from(content),
        });
      } else {
        fields[headers.name] = content.toString("utf8");
      }
    }
    pos = contentEnd + nextDelimiter.length;
  }
  return { fields, files };
}

interface PartHeaders {
  name: string | undefined;
  filename: string | undefined;
  contentType: string | undefined;
}

function parsePartHeaders(block: string): PartHeaders {
  const result: PartHeaders = { name: undefined, filename: undefined, contentType: undefined };
  for (const line of block.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "content-type") result.contentType = value;
    if (key !== "content-disposition") continue;
    const name = /(?:^|;)\s*name=(?:"([^"]*)"|([^;]*))/i.exec(value);
    if (name) result.name = name[1] ?? name[2]?.trim();
    const filename = /;\s*filename=(?:"([^"]*)"|(.*)$)/i.exec(value);
    if (filename) result.filename = filename[1] ?? filename[2]?.trim();
  }
  return result;
}
