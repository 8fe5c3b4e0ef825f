import { IPv4 } from 'ipaddr.js';

/** IPv4 CIDR checks used by config validation and by the segmentation constructs, on ipaddr.js. */

/** Returns why `value` is not a canonical IPv4 CIDR (a.b.c.d/n, no host bits), or undefined when it is one. */
export function ipv4CidrProblem(value: string): string | undefined {
  const [address, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || prefix === undefined || !/^\d{1,2}$/.test(prefix) || !IPv4.isValidFourPartDecimal(address)) {
    return 'is not an IPv4 CIDR (a.b.c.d/n, each number 0-255, no leading zeros)';
  }
  if (Number(prefix) > 32) return 'has a prefix length above 32';
  const network = IPv4.networkAddressFromCIDR(value).toString();
  if (network !== address) return `has host bits set (the network address is ${network}/${prefix})`;
  return undefined;
}

function parse(cidr: string): [IPv4, number] {
  const problem = ipv4CidrProblem(cidr);
  if (problem) throw new Error(`${cidr} ${problem}`);
  return IPv4.parseCIDR(cidr);
}

/** Whether every address of `inner` lies in `outer`. */
export function ipv4CidrContains(outer: string, inner: string): boolean {
  const [outerAddress, outerPrefix] = parse(outer);
  const [innerAddress, innerPrefix] = parse(inner);
  return innerPrefix >= outerPrefix && innerAddress.match(outerAddress, outerPrefix);
}

/** Whether `a` and `b` share an address: two CIDR blocks overlap only when one holds the other. */
export function ipv4CidrsOverlap(a: string, b: string): boolean {
  return ipv4CidrContains(a, b) || ipv4CidrContains(b, a);
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

export function isPrivateIpv4Cidr(value: string): boolean {
  return PRIVATE_RANGES.some((privateRange) => ipv4CidrContains(privateRange, value));
}

/**
 * The CIDR blocks that cover every IPv4 address outside `cidr`: one block per prefix bit,
 * the sibling of each ancestor of `cidr` (a /16 has 16 of them), in address order.
 */
export function complementOfIpv4Cidr(cidr: string): string[] {
  const [address, prefix] = parse(cidr);
  const blocks: IPv4[] = [];
  for (let length = 1; length <= prefix; length++) {
    // The sibling of the /length block holding `cidr` differs from it in bit `length` alone.
    const bytes = address.toByteArray();
    bytes[(length - 1) >> 3] ^= 0x80 >> ((length - 1) % 8);
    blocks.push(IPv4.networkAddressFromCIDR(`${new IPv4(bytes).toString()}/${length}`));
  }
  return blocks
    .map((block, index) => ({ block, text: `${block.toString()}/${index + 1}` }))
    .sort((a, b) => compareAddresses(a.block, b.block))
    .map(({ text }) => text);
}

function compareAddresses(a: IPv4, b: IPv4): number {
  const x = a.toByteArray();
  const y = b.toByteArray();
  const index = x.findIndex((byte, position) => byte !== y[position]);
  return index === -1 ? 0 : x[index] - y[index];
}
