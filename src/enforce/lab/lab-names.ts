/**
 * Names of the lab's namespaces and links. All start with `rampart-` (RAMPART_PREFIX), which is how `lab down`
 * finds them again after a crash, with no state file. Namespace names may be long; link names are at most 15
 * bytes, hence the hashed `rampart-xxxxxxx` link names from compile/nft-names.ts.
 */
import { interfaceLinkName, RAMPART_PREFIX } from '../compile/nft-names.ts';

/** The nft table in every router namespace. */
export const ROUTER_TABLE = `${RAMPART_PREFIX}vpc`;

/**
 * Namespace names of one lab. The default prefix is `rampart-`; tests run labs side by side under
 * `rampart-t-<random>-`, and `lab down` removes one prefix's namespaces.
 */
export class LabNames {
  constructor(readonly prefix: string = RAMPART_PREFIX) {
    if (!prefix.startsWith(RAMPART_PREFIX)) throw new Error(`lab prefix ${prefix} must start with ${RAMPART_PREFIX}`);
  }
  get internet(): string {
    return `${this.prefix}internet`;
  }
  router(vpcId: string): string {
    return `${this.prefix}router-${vpcId}`;
  }
  /** An instance's namespace; an interface without an instance gets one of its own. */
  instance(instanceOrInterfaceId: string): string {
    return `${this.prefix}${instanceOrInterfaceId}`;
  }
  /**
   * True for a namespace a lab plan of this prefix makes (internet, routers, instances), false for the internet
   * hosts `lab exec --source-ip` adds and for other labs whose prefix extends this one (`rampart-t-…` under
   * `rampart-`): what a restarted live lab may adopt or remove.
   */
  isPlanned(namespace: string): boolean {
    if (!namespace.startsWith(this.prefix)) return false;
    const rest = namespace.slice(this.prefix.length);
    return rest === 'internet' || /^router-vpc-[0-9a-z]+$/.test(rest) || /^(i|eni)-[0-9a-z]+$/.test(rest);
  }
  internetHost(address: string): string {
    return `${this.prefix}host-${address.replace(/:/g, '_')}`;
  }
}

/** Inside an instance namespace: the link of its device index `k` (eth0 is the primary interface). */
export const instanceLink = (deviceIndex: number): string => `${RAMPART_PREFIX}eth${deviceIndex}`;
/** In the internet namespace: the link towards one VPC's router. */
export const internetGatewayLink = (vpcId: string): string => interfaceLinkName(`gateway:${vpcId}`);
/** In the internet namespace: the link towards one internet host namespace. */
export const internetHostLink = (address: string): string => interfaceLinkName(`host:${address}`);

/**
 * Transit addressing between routers, the internet namespace and internet hosts. Every router owns 169.254.0.1
 * and fe80::1 on its side, the internet namespace 169.254.0.2 and fe80::2 on its side; routes name the link, so
 * the same next hop on many links is unambiguous and no per-VPC address plan is needed. 169.254.0.0/24 is
 * link-local and far from the never-filtered 169.254.169.x services.
 */
export const TRANSIT = { routerV4: '169.254.0.1', internetV4: '169.254.0.2', routerV6: 'fe80::1', internetV6: 'fe80::2' } as const;
