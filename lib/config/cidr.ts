/** IPv4 CIDR arithmetic used by config validation and by the NACL plan. */

export interface Ipv4Range {
  readonly first: number;
  readonly last: number;
}

/** Returns why `value` is not a canonical IPv4 CIDR, or undefined when it is one. */
export function ipv4CidrProblem(value: string): string | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (!match) return 'is not an IPv4 CIDR (a.b.c.d/n)';
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255)) return 'has an octet above 255';
  if (prefix > 32) return 'has a prefix length above 32';
  const { first } = rangeOf(octets, prefix);
  if (toInt(octets) !== first) {
    return `has host bits set (the network address is ${toDotted(first)}/${prefix})`;
  }
  return undefined;
}

export function parseIpv4Cidr(value: string): Ipv4Range {
  const problem = ipv4CidrProblem(value);
  if (problem) throw new Error(`${value} ${problem}`);
  const [address, prefix] = value.split('/');
  return rangeOf(address.split('.').map(Number), Number(prefix));
}

export function containsRange(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map(parseIpv4Cidr);

export function isPrivateIpv4Cidr(value: string): boolean {
  const range = parseIpv4Cidr(value);
  return PRIVATE_RANGES.some((privateRange) => containsRange(privateRange, range));
}

function rangeOf(octets: number[], prefix: number): Ipv4Range {
  const size = 2 ** (32 - prefix);
  const first = Math.floor(toInt(octets) / size) * size;
  return { first, last: first + size - 1 };
}

function toInt(octets: number[]): number {
  return octets.reduce((acc, octet) => acc * 256 + octet, 0);
}

function toDotted(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/**
 * The CIDR blocks that cover every IPv4 address outside `cidr`: one block per prefix bit,
 * the sibling of each ancestor of `cidr` (a /16 has 16 of them).
 */
export function complementOfIpv4Cidr(cidr: string): string[] {
  const { first } = parseIpv4Cidr(cidr);
  const prefix = Number(cidr.split('/')[1]);
  const blocks: string[] = [];
  for (let length = 1; length <= prefix; length++) {
    const size = 2 ** (32 - length);
    const ancestor = Math.floor(first / size) * size;
    const sibling = ancestor ^ size;
    blocks.push(`${toDotted(sibling >>> 0)}/${length}`);
  }
  return blocks.sort((a, b) => parseIpv4Cidr(a).first - parseIpv4Cidr(b).first);
}
