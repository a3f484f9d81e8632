/**
 * Rampart's JSON API for enforcement, SigV4-signed like every /_rampart/v1 call and acting for the caller's
 * account in the region of the signature:
 *
 *   GET /_rampart/v1/watch?since=N&wait=S   long poll: answers as soon as the region's revision is past N (at once
 *                                           without N), else after S seconds (default 25, at most 60):
 *                                           {accountId, region, revision, changed, resync}
 *   GET /_rampart/v1/snapshot               {accountId, region, revision, snapshot}: the engine's Snapshot as JSON
 *   GET /_rampart/v1/lab                    the region's running instances, their host, namespace and addresses,
 *                                           and what the server's own lab enforces (with --enforce)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { formatIp } from '../../core/net/ip.ts';
import { hostOf, hostTopology } from '../../enforce/agent/host-view.ts';
import { sourceKey } from '../../enforce/agent/region-feed.ts';
import type { HttpAnswer } from '../../protocol/ec2-query/pipeline.ts';
import type { RampartApi } from '../../protocol/json/rampart-api.ts';
import type { SignedHttpRequest } from '../../protocol/auth/sigv4.ts';
import type { ControlPlane } from '../../service/control-plane.ts';
import type { Store } from '../../store/store.ts';
import { watchAnswer } from './plane-feed.ts';
import type { RevisionWatch } from './revision-watch.ts';
import type { ServerEnforcement } from './server-enforcement.ts';

export interface EnforcementRoutesOptions {
  readonly api: RampartApi;
  readonly plane: ControlPlane;
  readonly store: Store;
  readonly watchers: RevisionWatch;
  /** Undefined without --enforce. */
  readonly enforcement: () => ServerEnforcement | undefined;
}

const DEFAULT_WAIT_SECONDS = 25;
const MAX_WAIT_SECONDS = 60;

const ok = (body: unknown): HttpAnswer => ({ status: 200, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) });

function integerParameter(query: URLSearchParams, name: string, max: number): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  if (!/^\d{1,16}$/.test(text) || Number(text) > max) throw ec2Error('InvalidParameterValue', `${name} must be an integer 0-${max}`);
  return Number(text);
}

const queryOf = (req: FastifyRequest): URLSearchParams => new URLSearchParams(req.url.split('?')[1] ?? '');

function signed(req: FastifyRequest): SignedHttpRequest {
  return { method: req.method, url: req.url, headers: req.headers, body: typeof req.body === 'string' ? req.body : '' };
}

const send = (reply: FastifyReply, answer: HttpAnswer): FastifyReply => reply.code(answer.status).header('content-type', answer.contentType).send(answer.bytes ?? answer.body);

export function registerEnforcementRoutes(app: FastifyInstance, o: EnforcementRoutesOptions): void {
  app.get('/_rampart/v1/watch', async (req, res) => {
    const answer = await o.api.guarded(signed(req), async ({ accountId, region }) => {
      const query = queryOf(req);
      const since = integerParameter(query, 'since', Number.MAX_SAFE_INTEGER);
      const wait = integerParameter(query, 'wait', MAX_WAIT_SECONDS) ?? DEFAULT_WAIT_SECONDS;
      const revision = await o.watchers.waitPast(sourceKey(accountId, region), since, () => o.store.regionRevision(accountId, region), wait * 1000);
      return ok({ accountId, region, ...watchAnswer(since, revision) });
    });
    return send(res, answer);
  });

  app.get('/_rampart/v1/snapshot', async (req, res) => {
    const answer = await o.api.guarded(signed(req), async ({ accountId, region }) => ok({ accountId, region, ...(await o.plane.snapshot(accountId, region)) }));
    return send(res, answer);
  });

  app.get('/_rampart/v1/lab', async (req, res) => {
    const answer = await o.api.guarded(signed(req), async ({ accountId, region }) => {
      const { revision, snapshot } = await o.plane.snapshot(accountId, region);
      const enforcement = o.enforcement();
      const serverHost = new Set(hostTopology(snapshot, undefined).instances.map((i) => i.instanceId));
      const instances = snapshot.instances
        .filter((i) => i.state !== 'terminated')
        .map((i) => {
          const interfaces = i.networkInterfaceIds.map((id) => snapshot.networkInterfaces.find((n) => n.networkInterfaceId === id)).filter((n) => n !== undefined);
          return {
            instanceId: i.instanceId,
            host: hostOf(i.tags) ?? null,
            namespace: enforcement && serverHost.has(i.instanceId) ? enforcement.lab.names.instance(i.instanceId) : null,
            privateIps: interfaces.flatMap((n) => n.privateIps.map(formatIp)),
            publicIps: interfaces.flatMap((n) => (n.publicIp ? [formatIp(n.publicIp)] : [])),
          };
        });
      return ok({
        accountId,
        region,
        revision,
        enforcing: enforcement !== undefined,
        ...(enforcement ? { prefix: enforcement.lab.names.prefix, internetNamespace: enforcement.lab.names.internet, enforcedRevision: enforcement.enforcedRevision(accountId, region) ?? null } : {}),
        instances,
      });
    });
    return send(res, answer);
  });
}
