import { IPv4 } from 'ipaddr.js';

/**
 * Inclusive integer intervals and sets of them: ports (0-65535), ICMP types (0-255) and IPv4
 * addresses (0 to 2^32-1) are all evaluated as interval sets, so a rule open on 0-65535 is one
 * comparison, not 65536.
 */

export interface Range {
  readonly from: number;
  readonly to: number;
}

/** Sorted, disjoint and non-adjacent ranges. */
export type RangeSet = readonly Range[];

export const ALL_PORTS: Range = { from: 0, to: 65535 };
export const ALL_ICMP_TYPES: Range = { from: 0, to: 255 };
export const ALL_IPV4: Range = { from: 0, to: 2 ** 32 - 1 };

export function normalize(ranges: readonly Range[]): RangeSet {
  const sorted = ranges.filter((range) => range.from <= range.to).sort((a, b) => a.from - b.from || a.to - b.to);
  const merged: Range[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.from <= last.to + 1) merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, range.to) };
    else merged.push(range);
  }
  return merged;
}

export function union(a: RangeSet, b: RangeSet): RangeSet {
  return normalize([...a, ...b]);
}

export function intersect(a: RangeSet, b: RangeSet): RangeSet {
  const result: Range[] = [];
  for (const x of a) {
    for (const y of b) {
      const from = Math.max(x.from, y.from);
      const to = Math.min(x.to, y.to);
      if (from <= to) result.push({ from, to });
    }
  }
  return normalize(result);
}

export function subtract(a: RangeSet, b: RangeSet): RangeSet {
  let remaining: Range[] = [...a];
  for (const cut of b) {
    const next: Range[] = [];
    for (const range of remaining) {
      if (cut.to < range.from || cut.from > range.to) {
        next.push(range);
        continue;
      }
      if (range.from < cut.from) next.push({ from: range.from, to: cut.from - 1 });
      if (cut.to < range.to) next.push({ from: cut.to + 1, to: range.to });
    }
    remaining = next;
  }
  return normalize(remaining);
}

export function contains(outer: Range, inner: Range): boolean {
  return outer.from <= inner.from && inner.to <= outer.to;
}

export function overlaps(a: Range, b: Range): boolean {
  return a.from <= b.to && b.from <= a.to;
}

export function covers(set: RangeSet, range: Range): boolean {
  return subtract([range], set).length === 0;
}

/**
 * Splits `set` at every boundary of `cuts` (each cut's first value and the value after its
 * last), so each piece lies entirely inside or entirely outside every cut: one evaluation per
 * piece then stands for every address in it.
 */
export function splitAt(set: RangeSet, cutPoints: readonly number[]): Range[] {
  const pieces: Range[] = [];
  for (const range of set) {
    let start = range.from;
    for (const point of cutPoints) {
      if (point <= start) continue;
      if (point > range.to) break;
      pieces.push({ from: start, to: point - 1 });
      start = point;
    }
    pieces.push({ from: start, to: range.to });
  }
  return pieces;
}

/** The cut points of `ranges` for splitAt, sorted and unique. */
export function cutPointsOf(ranges: readonly Range[]): number[] {
  const points = new Set<number>();
  for (const range of ranges) {
    points.add(range.from);
    points.add(range.to + 1);
  }
  return [...points].sort((a, b) => a - b);
}

export function formatRange(range: Range): string {
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}

export function formatRangeSet(set: RangeSet): string {
  return set.map(formatRange).join(', ');
}

// IPv4 addresses as integers, parsed and printed by ipaddr.js.

/** Parses an IPv4 CIDR, tolerating host bits (AWS rejects them, but the analysis should still read the intent). */
export function parseCidr(text: string): Range | undefined {
  const cidr = text.trim();
  if (!IPv4.isValidCIDRFourPartDecimal(cidr)) return undefined;
  return { from: toNumber(IPv4.networkAddressFromCIDR(cidr)), to: toNumber(IPv4.broadcastAddressFromCIDR(cidr)) };
}

function toNumber(address: IPv4): number {
  return address.toByteArray().reduce((value, byte) => value * 256 + byte, 0);
}

export function formatAddress(value: number): string {
  return new IPv4([24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256)).toString();
}

/** The CIDR text of a range when it is one CIDR block, else "a.b.c.d-e.f.g.h". */
export function formatAddressRange(range: Range): string {
  const size = range.to - range.from + 1;
  const prefix = 32 - Math.log2(size);
  if (Number.isInteger(prefix) && range.from % size === 0) return `${formatAddress(range.from)}/${prefix}`;
  return `${formatAddress(range.from)}-${formatAddress(range.to)}`;
}

export const ANYWHERE = parseCidr('0.0.0.0/0') as Range;
