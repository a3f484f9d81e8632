/**
 * One rule of a large flat IPv4 rule set: source and destination prefixes, source and destination port
 * intervals, and a protocol (or any). This is the 5-tuple of the packet-classification literature
 * (ClassBench), read with security-group semantics: rules are allow-only, and a header is allowed iff some
 * rule matches it (docs/semantics.md §3), so rules carry no priority.
 */

export interface FlatRule {
  /** Source network address as an unsigned 32-bit number; bits beyond the prefix are ignored. */
  readonly srcAddr: number;
  /** 0–32. */
  readonly srcPrefixLength: number;
  readonly dstAddr: number;
  readonly dstPrefixLength: number;
  /** Inclusive port intervals, 0–65535. */
  readonly srcPortFrom: number;
  readonly srcPortTo: number;
  readonly dstPortFrom: number;
  readonly dstPortTo: number;
  /** IP protocol number 0–255, or -1 for every protocol. */
  readonly protocol: number;
}

/** The header fields a flat rule looks at. */
export interface FlatHeader {
  readonly src: number;
  readonly dst: number;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly protocol: number;
}

/** The IPv4 netmask of a prefix length, as an unsigned 32-bit number. */
export function ipv4PrefixMask(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

/** The definition of a match, written for clarity: the oracle for tests and for the benchmark's cross-checks. */
export function flatRuleMatches(rule: FlatRule, h: FlatHeader): boolean {
  const sm = ipv4PrefixMask(rule.srcPrefixLength);
  const dm = ipv4PrefixMask(rule.dstPrefixLength);
  return (
    ((h.src & sm) >>> 0) === ((rule.srcAddr & sm) >>> 0) &&
    ((h.dst & dm) >>> 0) === ((rule.dstAddr & dm) >>> 0) &&
    h.srcPort >= rule.srcPortFrom &&
    h.srcPort <= rule.srcPortTo &&
    h.dstPort >= rule.dstPortFrom &&
    h.dstPort <= rule.dstPortTo &&
    (rule.protocol === -1 || rule.protocol === h.protocol)
  );
}
