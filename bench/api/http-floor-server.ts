/**
 * The HTTP floor of the API benchmark (bench/api-floor.bench.ts): Rampart's own fastify wiring (src/server/http-app.ts)
 * with a pipeline that does no work and answers a fixed XML document the size of a describe by id. Run as a child
 * process; prints `listening on http://HOST:PORT/` like `rampart serve`.
 */
import { buildHttpApp } from '../../src/server/http-app.ts';
import type { HttpAnswer, QueryPipeline } from '../../src/protocol/ec2-query/pipeline.ts';
import type { RampartApi } from '../../src/protocol/json/rampart-api.ts';

const ANSWER: HttpAnswer = {
  status: 200,
  contentType: 'text/xml;charset=UTF-8',
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeSecurityGroupsResponse>${'x'.repeat(1900)}</DescribeSecurityGroupsResponse>`,
};
/** `FLOOR_WORK_US`: a busy wait per request standing in for the pipeline's work, to see what µs of it cost in req/s. */
const workUs = Number(process.env.FLOOR_WORK_US ?? 0);
const work = (): void => {
  const end = performance.now() + workUs / 1000;
  while (performance.now() < end);
};
const pipeline = { handle: async () => (work(), ANSWER) } as unknown as QueryPipeline<unknown>;
const api = { health: () => ANSWER } as unknown as RampartApi;

const app = buildHttpApp(pipeline, api);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/\n`);
process.once('SIGTERM', () => void app.close());
