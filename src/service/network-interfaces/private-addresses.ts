/**
 * Private IPv4 addresses in a subnet (aws-semantics.md §3.14, §8.2): every address of the subnet's block except the
 * five EC2 reserves (network, +1 router, +2 DNS, +3 future use, broadcast) and those interfaces hold already.
 * Requested addresses are checked; others are chosen by EC2 — not in order, so Rampart scans from a random point
 * (clients must not expect sequential addresses). One book per subnet per transaction: RunInstances of many
 * instances draws from the same book.
 */
import { randomInt } from 'node:crypto';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { cidrSize, parseCidr } from '../../core/net/cidr.ts';
import { formatIpv4Number, parseIpv4Number } from '../../core/net/ip.ts';
import type { ResourceView } from '../state/resource.ts';
import type { SubnetRecord } from '../vpcs/records.ts';
import type { NetworkInterfaceRecord } from './records.ts';

/** Private addresses one interface may hold (the largest instance types allow 50 per interface; §7 leaves it to the type). */
export const MAX_PRIVATE_ADDRESSES_PER_INTERFACE = 50;

export class SubnetAddressBook {
  private readonly first: number;
  private readonly last: number;
  /** Addresses held, as text: building the set costs no parsing, which matters in subnets with thousands. */
  private readonly used = new Set<string>();

  constructor(
    view: ResourceView,
    readonly subnet: SubnetRecord,
  ) {
    const cidr = parseCidr(subnet.cidrBlock)!;
    const base = cidr.words[0];
    // Network, router, DNS and future use at the bottom; broadcast at the top.
    this.first = base + 4;
    this.last = base + cidrSize(cidr) - 2;
    for (const eni of view.children<NetworkInterfaceRecord>(subnet.id, 'network-interface')) {
      for (const a of eni.privateAddresses) this.used.add(a.address);
    }
  }

  get freeCount(): number {
    return Math.max(0, this.last - this.first + 1 - this.used.size);
  }

  /** Checks and takes an address the request names. */
  claim(text: string): string {
    const n = parseIpv4Number(text);
    if (n === undefined) throw ec2Error('InvalidParameterValue', `Value (${text}) for parameter privateIpAddress is invalid. It is not a valid IPv4 address.`);
    const base = this.first - 4;
    if (n < base || n > this.last + 1) throw ec2Error('InvalidParameterValue', `Address ${text} does not fall within the subnet's address range`);
    // Wording UNCONFIRMED; the five addresses cannot be assigned (VPC-SUB).
    if (n < this.first || n > this.last) throw ec2Error('InvalidParameterValue', `Address ${text} is reserved in subnet ${this.subnet.id}.`);
    const canonical = formatIpv4Number(n);
    if (this.used.has(canonical)) throw ec2Error('InvalidIPAddress.InUse', text);
    this.used.add(canonical);
    return canonical;
  }

  /** Picks a free address, or throws InsufficientFreeAddressesInSubnet. */
  allocate(): string {
    const size = this.last - this.first + 1;
    if (this.used.size >= size) throw ec2Error('InsufficientFreeAddressesInSubnet', this.subnet.id);
    const start = randomInt(size);
    for (let i = 0; i < size; i++) {
      const text = formatIpv4Number(this.first + ((start + i) % size));
      if (!this.used.has(text)) {
        this.used.add(text);
        return text;
      }
    }
    throw ec2Error('InsufficientFreeAddressesInSubnet', this.subnet.id);
  }
}

/** One book per subnet for the length of a request. */
export class AddressBooks {
  private readonly books = new Map<string, SubnetAddressBook>();
  constructor(private readonly view: ResourceView) {}

  of(subnet: SubnetRecord): SubnetAddressBook {
    let b = this.books.get(subnet.id);
    if (!b) this.books.set(subnet.id, (b = new SubnetAddressBook(this.view, subnet)));
    return b;
  }
}
