import { zoneLabel } from '../../lib/analysis';
import { generateDocs } from '../../lib/docs/generate';
import { EXTERNAL_ZONES } from '../../lib/segmentation';
import { exampleConfig } from '../helpers';
import { assemblyDirectory } from '../support/assemblies';
import { generateDefaultDocs, section, tableRows } from './generated';

/**
 * The generated documents never contradict each other: COMPLIANCE.md's verdicts of 4.2.1, 3.5.1
 * and 1.2-1.4 against SECURITY.md's in-transit hops and at-rest inventory and NETWORK.md's
 * matrix, on the default config (no domain, SSH bastions, RDS memcached option) and the example
 * (domain, Session Manager only, ElastiCache, organization trail).
 */

type Files = Record<string, string>;
const configs: [string, () => Promise<Files>][] = [
  ['default', async () => (await generateDefaultDocs()).files],
  ['example', () => generateDocs({ assemblyDir: assemblyDirectory('example'), config: exampleConfig() })],
];

const UNTRUSTED = new Set<string>(EXTERNAL_ZONES.map(zoneLabel));

/** The verdict cell of a v4.0.1 requirement row of COMPLIANCE.md. */
function verdictCell(files: Files, requirement: string): string {
  const found = tableRows(section(files['COMPLIANCE.md'], '## PCI DSS v4.0.1')).find((row) => row[0] === requirement);
  if (!found) throw new Error(`COMPLIANCE.md has no row ${requirement}`);
  return found[1];
}

const kindOf = (cell: string): string => /^\*\*([a-z ]+)\*\*:/.exec(cell)?.[1] ?? `unreadable: ${cell.slice(0, 40)}`;

/** SECURITY.md's in-transit rows over a public network: from an external zone, to anything but the internet. */
function publicHops(files: Files): { hop: string; traffic: string; protection: string }[] {
  return tableRows(section(files['SECURITY.md'], '## Encryption in transit'))
    .map(([hop, traffic, protection]) => ({ hop, traffic, protection }))
    .filter(({ hop }) => {
      const [from, to] = hop.split(' -> ');
      return UNTRUSTED.has(from) && to !== 'internet';
    });
}

/** NETWORK.md's matrix cells from an external zone into the VPC, one `from -> to protocol port` per port. */
function entriesIntoVpc(files: Files): string[] {
  const matrix = section(files['NETWORK.md'], '## Who can reach whom');
  const header = matrix.split('\n').find((line) => line.startsWith('| from \\ to |')) ?? '';
  const columns = header
    .slice(1, -1)
    .split('|')
    .map((cell) => cell.trim());
  return tableRows(matrix).flatMap((row) => {
    const from = row[0].replace(/\*\*/g, '');
    if (!UNTRUSTED.has(from)) return [];
    return row.slice(1).flatMap((cell, index) => {
      const to = columns[index + 1];
      if (cell === '' || UNTRUSTED.has(to)) return [];
      return cell.split('; ').flatMap((traffic) => {
        const [protocol, ports] = traffic.replace(' ⚠', '').split(/ (.*)/);
        return ports.split(', ').map((port) => `${from} -> ${to} ${protocol} ${port}`);
      });
    });
  });
}

describe.each(configs)('the %s documents agree', (_name, generate) => {
  let files: Files;
  beforeAll(async () => {
    files = await generate();
  });

  test('4.2.1 is in place only if no public hop of SECURITY.md is clear text or allows TLS below 1.2, and cites each as printed', () => {
    const hops = publicHops(files);
    expect(hops.length).toBeGreaterThan(0);
    const cell = verdictCell(files, '4.2.1');
    const flagged = hops.filter(({ protection }) => protection.includes('**'));
    expect(kindOf(cell) === 'in place').toBe(flagged.length === 0);
    for (const { hop, traffic, protection } of hops.filter((entry) => !entry.protection.startsWith('SSH'))) {
      expect(cell).toContain(`\`${hop} ${traffic}\`: ${protection}`);
    }
  });

  test('3.5.1 is not in place iff a data store of SECURITY.md is not encrypted, and lists the same stores', () => {
    const stores = tableRows(section(files['SECURITY.md'], '## Encryption at rest'));
    expect(stores.length).toBeGreaterThan(10);
    const cell = verdictCell(files, '3.5.1');
    expect(kindOf(cell) === 'not in place').toBe(stores.some(([, , encryption]) => encryption.includes('**none**')));
    expect(kindOf(cell)).not.toBe('in place');
    for (const [store] of stores) expect(cell).toContain(`${store} \``);
  });

  test('1.2-1.4 link to NETWORK.md’s matrix and agree with it: no ⚠ iff 1.3.1 in place, every entry from outside named in 1.4.1', () => {
    expect(files['NETWORK.md'].split('\n')).toContain('## Who can reach whom');
    for (const requirement of ['1.2.5', '1.3.1', '1.3.2', '1.4.1', '1.4.2', '1.4.4']) {
      expect(verdictCell(files, requirement)).toContain('](NETWORK.md#who-can-reach-whom)');
    }
    const cells = tableRows(section(files['NETWORK.md'], '## Who can reach whom')).flat();
    expect(kindOf(verdictCell(files, '1.3.1')) === 'in place').toBe(!cells.some((cell) => cell.includes('⚠')));
    const entries = entriesIntoVpc(files);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(verdictCell(files, '1.4.1')).toContain(entry);
  });

  test('the summary counts the verdicts of the requirement rows, and lists every one not in place with its fix', () => {
    const compliance = files['COMPLIANCE.md'];
    const kinds = tableRows(section(compliance, '## PCI DSS v4.0.1'))
      .filter((row) => /^(\d|A)/.test(row[0]))
      .map((row) => kindOf(row[1]));
    const [counts] = tableRows(section(compliance, '## Summary'));
    expect(counts).toEqual([
      'PCI DSS v4.0.1',
      ...['in place', 'not in place', 'customer responsibility', 'not applicable'].map((kind) =>
        String(kinds.filter((found) => found === kind).length),
      ),
    ]);
    const listed = section(compliance, '## Summary')
      .split('\n')
      .filter((line) => line.startsWith('- **PCI DSS v4.0.1 '));
    expect(listed).toHaveLength(kinds.filter((kind) => kind === 'not in place').length);
    for (const line of listed) expect(line).toMatch(/\*\*Cause:\*\* .+ \*\*Fix:\*\* .+/);
  });
});
