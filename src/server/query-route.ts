/**
 * The EC2 Query endpoint (`GET|POST /`) served straight from node:http, ahead of fastify.
 *
 * Why not a fastify route: every AWS client call lands here, and fastify's per-request machinery (content-type
 * parsing, routing, hooks, the Reply object) cost ~30 µs of CPU per request on this machine — a third of what a
 * do-nothing server costs and a fifth of a whole describe by id (bench/api-floor.bench.ts, docs/api.md "Speed").
 * The route needs none of it: the body is read as text (SigV4 hashes the exact bytes), the pipeline answers with a
 * status, a content type and a body, and it never throws. Fastify keeps everything else (`/_rampart/v1/…`, 404s).
 * The behaviour fastify gave this route is kept: a 4 MB body limit answered 413, 503 while the server is closing.
 *
 * Answers are written in batches: the ones ready in an event-loop turn go out together once the turn's I/O callbacks
 * have run (setImmediate), the way Redis writes its replies in `beforeSleep` rather than as each is ready. The CPU
 * then runs every request of a turn back to back, and every socket write after: a write on loopback runs the
 * client's receive path and wakes it, and interleaved with the requests it left each one to run on cold caches. By
 * id at 1,000 groups with 8 connections: 11.1k → 14.5–15.1k req/s, 88 → 66 µs of server CPU per request, p50 0.61 →
 * 0.56 ms (bench/api.bench.ts, docs/api.md "Speed"). An answer waits at most for the rest of its own turn.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SignedHttpRequest } from '../protocol/auth/sigv4.ts';
import type { HttpAnswer, QueryPipeline } from '../protocol/ec2-query/pipeline.ts';

/** Large enough for any EC2 request Rampart serves (CreateTags on 1,000 resources is ~60 kB). */
export const BODY_LIMIT = 4 * 1024 * 1024;

/** `/` with or without a query string: where EC2 clients send every call (HEAD as fastify exposed it for GET). */
export function isQueryRoute(req: IncomingMessage): boolean {
  const url = req.url ?? '';
  return (req.method === 'POST' || req.method === 'GET' || req.method === 'HEAD') && (url === '/' || url.startsWith('/?'));
}

function writeAnswer(res: ServerResponse, answer: HttpAnswer): void {
  const payload = answer.bytes ?? answer.body;
  res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/** The JSON error shape fastify's error handler gives the rest of the server (http-app.ts). */
function writeJsonError(res: ServerResponse, status: number, code: string, message: string, close: boolean): void {
  const body = JSON.stringify({ error: { code, message } });
  const headers: Record<string, string | number> = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) };
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(body);
}

export class QueryRoute {
  private closing = false;
  /** Answers ready in this event-loop turn, written by `flush` once its I/O callbacks have run. */
  private pending: Array<[ServerResponse, HttpAnswer]> = [];

  constructor(private readonly pipeline: QueryPipeline<unknown>) {
    this.flush = this.flush.bind(this);
  }

  /** From now on answer 503 (fastify's return503OnClosing), so a shutting-down server takes no new calls. */
  close(): void {
    this.closing = true;
  }

  serve(req: IncomingMessage, res: ServerResponse): void {
    if (this.closing) {
      writeJsonError(res, 503, 'ServiceUnavailable', 'the server is shutting down', true);
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > BODY_LIMIT) {
      writeJsonError(res, 413, 'BadRequest', 'Request body is too large', true);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT && !tooLarge) {
        tooLarge = true;
        writeJsonError(res, 413, 'BadRequest', 'Request body is too large', true);
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) return;
      const body = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
      const signed: SignedHttpRequest = { method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body };
      this.pipeline.handle(signed).then(
        (answer) => this.answerSoon(res, answer),
        (e: unknown) => internalError(res, e),
      );
    });
    // A client that goes away mid-request leaves nothing to answer.
    req.on('error', () => res.destroy());
  }

  private answerSoon(res: ServerResponse, answer: HttpAnswer): void {
    if (this.pending.length === 0) setImmediate(this.flush);
    this.pending.push([res, answer]);
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    for (const [res, answer] of batch) {
      // Its client may have gone meanwhile: nothing to write to.
      if (res.destroyed) continue;
      try {
        writeAnswer(res, answer);
      } catch (e) {
        internalError(res, e);
      }
    }
  }
}

/**
 * The pipeline turns every failure into an EC2 error answer, so reaching here is a bug (in it or in writing the
 * answer). It is still never an unhandled rejection, which would stop the server.
 */
function internalError(res: ServerResponse, e: unknown): void {
  process.stderr.write(`rampart: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  if (!res.headersSent) writeJsonError(res, 500, 'InternalError', 'internal error', false);
  else res.destroy();
}
