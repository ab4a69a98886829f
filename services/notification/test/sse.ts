import { request } from 'node:http';

export interface StreamEvent {
  id: string | undefined;
  event: string | undefined;
  data: string;
}

export interface OpenStream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  events: StreamEvent[];
  /** Comment lines received (heartbeats). */
  comments: string[];
  /** Everything received, as text. */
  raw(): string;
  /** Resolves once the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

const parseBlock = (block: string, into: OpenStream) => {
  const event: StreamEvent = { id: undefined, event: undefined, data: '' };
  let isEvent = false;
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) into.comments.push(line.slice(1).trim());
    const [field, ...rest] = line.split(': ');
    const value = rest.join(': ');
    if (field === 'id') event.id = value;
    if (field === 'event') event.event = value;
    if (field === 'data') {
      event.data = value;
      isEvent = true;
    }
  }
  if (isEvent) into.events.push(event);
};

/**
 * Opens a Server-Sent Events stream with a real HTTP request and reads it as it arrives
 * (an EventSource's view: events split on blank lines, comments kept apart).
 */
export const openSse = async (url: string, headers: Record<string, string> = {}) =>
  await new Promise<OpenStream>((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      let buffer = '';
      let all = '';
      let end: () => void = () => undefined;
      const stream: OpenStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events: [],
        comments: [],
        raw: () => all,
        ended: new Promise<void>((done) => {
          end = done;
        }),
        close: () => req.destroy(),
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        all += chunk;
        buffer += chunk;
        for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
          parseBlock(buffer.slice(0, cut), stream);
          buffer = buffer.slice(cut + 2);
        }
      });
      res.on('end', () => end());
      res.on('close', () => end());
      resolve(stream);
    });
    req.on('error', reject);
    req.end();
  });
