/**
 * Just enough of RFC 5322/2045/2047 to read what nodemailer writes: unfolded headers, encoded
 * words in them, and the text and HTML parts of a multipart/alternative body, decoded.
 */
export interface ParsedMail {
  raw: string;
  /** Lower-case header name → decoded value. */
  headers: Map<string, string>;
  text: string;
  html: string;
}

const splitHead = (raw: string) => {
  const end = raw.indexOf('\r\n\r\n');
  return end < 0 ? [raw, ''] : [raw.slice(0, end), raw.slice(end + 4)];
};

const quotedPrintable = (text: string) =>
  Buffer.from(
    text
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      ),
    'latin1',
  ).toString('utf8');

const decodeWords = (value: string) =>
  value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?[^?]+\?([QqBb])\?([^?]*)\?=/g, (_, encoding: string, data: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : quotedPrintable(data.replaceAll('_', ' ')),
    );

const parseHeaders = (head: string) =>
  new Map(
    head
      .replace(/\r\n[ \t]+/g, ' ')
      .split('\r\n')
      .map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).toLowerCase(), decodeWords(line.slice(colon + 1).trim())];
      }),
  );

const decodeBody = (body: string, encoding = '') => {
  if (encoding === 'quoted-printable') return quotedPrintable(body);
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  return body;
};

const partsOf = (headers: Map<string, string>, body: string) => {
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1];
  if (!boundary) return [{ headers, body }];
  return body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const [head = '', content = ''] = splitHead(part.replace(/^\r\n/, ''));
      return { headers: parseHeaders(head), body: content.replace(/\r\n$/, '') };
    });
};

export const parseMail = (raw: string): ParsedMail => {
  const [head = '', body = ''] = splitHead(raw);
  const headers = parseHeaders(head);
  const decoded = partsOf(headers, body).map((part) => ({
    type: part.headers.get('content-type') ?? 'text/plain',
    content: decodeBody(part.body, part.headers.get('content-transfer-encoding')),
  }));
  const of = (type: string) => decoded.find((part) => part.type.startsWith(type))?.content ?? '';
  return { raw, headers, text: of('text/plain'), html: of('text/html') };
};
