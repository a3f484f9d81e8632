/**
 * One keep-alive HTTP/1.1 connection over a bare TCP socket, for the API benchmark's load generator.
 *
 * Why not node:http's client: on this 2-core machine the load generator shares the CPU with the server it measures,
 * and node:http's client (agent, ClientRequest/IncomingMessage objects, header validation) cost about as much CPU
 * per request as Rampart's whole describe by id, so the client, not the server, set the ceiling (bench/api-floor:
 * ~7k req/s against a server that does nothing). This writes the request as one buffer and reads back only the
 * status line, Content-Length (or chunked framing) and the body: a few microseconds per request. It serves one
 * request at a time (no pipelining), as the closed-loop generator needs, and reconnects if the server closes.
 */
import net from 'node:net';

export interface RawAnswer {
  readonly status: number;
  readonly body: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

interface Pending {
  readonly resolve: (a: RawAnswer) => void;
  readonly reject: (e: Error) => void;
}

type Parsed =
  | { readonly answer: RawAnswer; readonly used: number; readonly close: boolean }
  /** The head is in, the body not yet: the byte count the whole answer needs (Content-Length framing). */
  | { readonly needed: number };

/**
 * Parses one response out of `buf`: the answer and the bytes it used, how many bytes it needs, or undefined.
 * `atEnd`: the connection has ended, so an answer without framing is the rest of `buf`.
 */
function parseResponse(buf: Buffer, atEnd = false): Parsed | undefined {
  const headerEnd = buf.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  const head = buf.toString('latin1', 0, headerEnd);
  const status = Number(head.slice(9, 12));
  const lower = head.toLowerCase();
  const close = /\r\nconnection:\s*close/.test(lower);
  const length = /\r\ncontent-length:\s*(\d+)/.exec(lower);
  const bodyStart = headerEnd + 4;
  if (length) {
    const end = bodyStart + Number(length[1]);
    if (buf.length < end) return { needed: end };
    return { answer: { status, body: buf.toString('utf8', bodyStart, end) }, used: end, close };
  }
  if (/\r\ntransfer-encoding:\s*chunked/.test(lower)) {
    const parts: Buffer[] = [];
    let at = bodyStart;
    for (;;) {
      const lineEnd = buf.indexOf(CRLF, at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(buf.toString('latin1', at, lineEnd), 16);
      const dataEnd = lineEnd + 2 + size;
      if (buf.length < dataEnd + 2) return undefined;
      if (size === 0) return { answer: { status, body: Buffer.concat(parts).toString('utf8') }, used: dataEnd + 2, close };
      parts.push(buf.subarray(lineEnd + 2, dataEnd));
      at = dataEnd + 2;
    }
  }
  // No framing: the body runs to the end of the connection (HTTP/1.0 style); answered on 'end'.
  return atEnd ? { answer: { status, body: buf.toString('utf8', bodyStart) }, used: buf.length, close: true } : undefined;
}

export class RawConnection {
  private socket: net.Socket | undefined;
  private received: Buffer = Buffer.alloc(0);
  /** Chunks not yet joined into `received`: a large answer (a full describe, ~1 MB) arrives in many. */
  private parts: Buffer[] = [];
  private partsLength = 0;
  /** Once the head of the answer has been read: the byte count the whole answer needs (Content-Length framing). */
  private needed = 0;
  private pending: Pending | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** Sends one request (`head` without the blank line, `body`) and resolves with the answer. */
  request(head: string, body: string): Promise<RawAnswer> {
    if (this.pending) return Promise.reject(new Error('RawConnection: one request at a time'));
    const socket = this.socket ?? this.connect();
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      socket.write(`${head}\r\n\r\n${body}`);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private connect(): net.Socket {
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    this.received = Buffer.alloc(0);
    this.parts = [];
    this.partsLength = 0;
    this.needed = 0;
    // Events of a socket already replaced (the server closed it after answering) concern no pending request.
    const current = (): boolean => this.socket === socket;
    socket.on('data', (chunk: Buffer) => current() && this.onData(chunk));
    socket.on('end', () => current() && this.onEnd());
    socket.on('error', (e) => current() && this.fail(e));
    socket.on('close', () => {
      if (!current()) return;
      this.socket = undefined;
      this.fail(new Error('connection closed before the answer'));
    });
    this.socket = socket;
    return socket;
  }

  private onData(chunk: Buffer): void {
    // Join chunks only when they may complete the answer: joining on every chunk copied a 1 MB answer ~16 times
    // and made the client, not the server, the limit of a full describe.
    this.parts.push(chunk);
    this.partsLength += chunk.length;
    if (this.received.length + this.partsLength < this.needed) return;
    this.received = Buffer.concat([this.received, ...this.parts]);
    this.parts = [];
    this.partsLength = 0;
    const parsed = parseResponse(this.received);
    if (!parsed || 'needed' in parsed) {
      this.needed = parsed?.needed ?? 0;
      return;
    }
    this.needed = 0;
    if (!this.pending) return;
    this.received = this.received.subarray(parsed.used);
    const { resolve } = this.pending;
    this.pending = undefined;
    if (parsed.close) this.close();
    resolve(parsed.answer);
  }

  private onEnd(): void {
    // A response without framing ends with the connection.
    if (this.parts.length > 0) this.received = Buffer.concat([this.received, ...this.parts]);
    const unframed = this.pending ? parseResponse(this.received, true) : undefined;
    if (this.pending && unframed && 'answer' in unframed) {
      const { resolve } = this.pending;
      this.pending = undefined;
      resolve(unframed.answer);
    }
    // Closed with no (whole) answer: the request fails rather than waiting for ever (close() below detaches 'close').
    this.fail(new Error('connection closed before the answer'));
    this.close();
  }

  private fail(e: Error): void {
    if (!this.pending) return;
    const { reject } = this.pending;
    this.pending = undefined;
    reject(e);
  }
}
