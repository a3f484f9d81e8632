/**
 * The reference evaluator's own IP arithmetic: an address is a family plus one BigInt. Written from scratch on purpose
 * (no ipaddr.js, nothing from src/): a bug in the engine's parsing must not be repeated here, or the two would agree
 * on the wrong answer.
 */
export type Family = 4 | 6;

export interface Addr {
  readonly family: Family;
  readonly value: bigint;
}

/** A CIDR block with its network address already masked, as EC2 stores it. */
export interface Block {
  readonly family: Family;
  readonly base: bigint;
  readonly prefix: number;
}

const DECIMAL_OCTET = /^(0|[1-9]\d{0,2})$/;
const HEXTET = /^[0-9a-fA-F]{1,4}$/;

function bitsOf(family: Family): number {
  return family === 4 ? 32 : 128;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!DECIMAL_OCTET.test(part) || Number(part) > 255) return undefined;
    value = value * 256n + BigInt(part);
  }
  return value;
}

/** Hextets of one side of `::`, with a trailing dotted IPv4 counted as two hextets. */
function hextetsOf(side: string): bigint[] | undefined {
  if (side === '') return [];
  const groups = side.split(':');
  const out: bigint[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (i === groups.length - 1 && g.includes('.')) {
      const v4 = parseIpv4(g);
      if (v4 === undefined) return undefined;
      out.push(v4 >> 16n, v4 & 0xffffn);
    } else if (HEXTET.test(g)) {
      out.push(BigInt(parseInt(g, 16)));
    } else {
      return undefined;
    }
  }
  return out;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = hextetsOf(halves[0]);
  const tail = halves.length === 2 ? hextetsOf(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<bigint>(missing).fill(0n), ...tail];
  return all.reduce((acc, h) => (acc << 16n) | h, 0n);
}

export function parseAddr(text: string): Addr | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  if (!text.includes(':')) return undefined;
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

export function mustParseAddr(text: string): Addr {
  const a = parseAddr(text);
  if (!a) throw new Error(`reference: not an IP address: ${text}`);
  return a;
}

function maskOf(family: Family, prefix: number): bigint {
  const bits = bitsOf(family);
  return ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);
}

export function parseBlock(text: string): Block | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addr = parseAddr(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!addr || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > bitsOf(addr.family)) return undefined;
  return { family: addr.family, base: addr.value & maskOf(addr.family, prefix), prefix };
}

export function mustParseBlock(text: string): Block {
  const b = parseBlock(text);
  if (!b) throw new Error(`reference: not a CIDR block: ${text}`);
  return b;
}

export function blockContains(block: Block, addr: Addr): boolean {
  return block.family === addr.family && (addr.value & maskOf(block.family, block.prefix)) === block.base;
}

export function sameAddr(a: Addr, b: Addr): boolean {
  return a.family === b.family && a.value === b.value;
}

/** A string usable as a map key or in a conntrack key. */
export function addrKey(a: Addr): string {
  return `${a.family}:${a.value.toString(16)}`;
}

/** The address `offset` above a block's network address (the VPC router is base+1, the DNS resolver base+2). */
export function addrInBlock(block: Block, offset: number): Addr {
  return { family: block.family, value: block.base + BigInt(offset) };
}
