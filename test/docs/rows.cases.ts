import { loadDocsModel } from '../../lib/docs/assembly-model';
import { DOCUMENTS } from '../../lib/docs/generate';
import { collectNetwork, NetworkRows } from '../../lib/docs/network-rows';
import { collectInTransit, TransitRow } from '../../lib/docs/security-encryption';
import { synthesized } from '../helpers';
import { assemblyDirectory } from '../support/assemblies';

/** The documents' facts as data: what SECURITY.md and NETWORK.md print for the default config, row by row. */

const STACK = 'AnyCompanyApparel';

describe('documents as data (default config)', () => {
  let transit: TransitRow[];
  let network: NetworkRows;
  beforeAll(() => {
    const model = loadDocsModel(assemblyDirectory('default'), synthesized('default').config);
    transit = collectInTransit(model);
    network = collectNetwork(model);
  });

  test('adding a document is one entry: the list names each file once, in the order index.html presents them', () => {
    expect(DOCUMENTS.map((document) => document.file)).toEqual([
      'ARCHITECTURE.md',
      'NETWORK.md',
      'SECURITY.md',
      'COMPLIANCE.md',
      'RESILIENCE.md',
      'COST.md',
    ]);
  });

  test('SECURITY.md in transit: every hop the analysis allows, its protocol, its protection and the resource it is read from', () => {
    const rows = transit.map((row) => [`${row.from} -> ${row.to}`, `${row.protocol} ${row.ports}`, row.evidence]);
    expect(rows).toEqual([
      ['internet -> cloudfront', 'tcp 80', [`${STACK}-Edge/Distribution`]],
      ['internet -> cloudfront', 'tcp 443', [`${STACK}-Edge/Distribution`]],
      ['corporate -> bastion', 'tcp 22', []],
      ['cloudfront -> webAlb', 'tcp 80', [`${STACK}-Edge/Distribution/Origin1/VpcOrigin`]],
      ['webAlb -> web', 'tcp 80', [`${STACK}-App/WebTargets`]],
      ['web -> internet', 'tcp 443', []],
      ['web -> internalAlb', 'tcp 8080', [`${STACK}-App/InternalAlb/Api`]],
      ['internalAlb -> app', 'tcp 8080', [`${STACK}-App/AppTargets`]],
      ['app -> internet', 'tcp 443', []],
      ['app -> database', 'tcp 3306', [`${STACK}-Data/Database/Parameters`]],
      ['app -> cache', 'tcp 11211', [`${STACK}-Data/Database/Options`]],
      ['rotation -> internet', 'tcp 443', []],
      ['rotation -> database', 'tcp 3306', [`${STACK}-Data/Database/Parameters`]],
      ['bastion -> internet', 'tcp 443', []],
      ['bastion -> web', 'tcp 22', []],
      ['bastion -> app', 'tcp 22', []],
    ]);
    const protection = (from: string, to: string, ports: string) =>
      transit.find((row) => row.from === from && row.to === to && row.ports === ports)?.protection;
    // The database refuses clients without TLS, whoever connects.
    expect(protection('app', 'database', '3306')).toBe(
      `TLS required: \`require_secure_transport=1\` in \`${STACK}-Data/Database/Parameters\``,
    );
    expect(protection('rotation', 'database', '3306')).toBe(protection('app', 'database', '3306'));
    // Viewers on port 80 are only redirected; the relaxations of the default config (no domain, the MEMCACHED option) show as such.
    expect(protection('internet', 'cloudfront', '80')).toBe(
      'HTTP only to be redirected or refused (viewer protocol policy redirect-to-https)',
    );
    expect(protection('internet', 'cloudfront', '443')).toMatch(
      /^\*\*TLS with the default `\*\.cloudfront\.net` certificate\*\*/,
    );
    expect(protection('cloudfront', 'webAlb', '80')).toMatch(/^\*\*plain HTTP, not encrypted\*\* .* through the VPC origin /);
    expect(protection('app', 'cache', '11211')).toBe('**plain text, no authentication**: the RDS MEMCACHED option has no TLS');
    for (const row of transit.filter((candidate) => candidate.ports === '22')) {
      expect(row.protection).toBe('SSH (encrypted by the protocol)');
    }
  });

  test('NETWORK.md security groups: the data tier admits the app tier and the rotation function only, the web ALB CloudFront only', () => {
    const rules = (group: string) =>
      network.securityGroups
        .find((candidate) => candidate.name === `${STACK}-Network/SecurityGroups/${group}`)
        ?.rules.map(
          (rule) =>
            `${rule.direction} ${rule.traffic ?? 'none'} ${rule.peers.map((peer) => `${peer.kind}:${peer.name}`).join(',')}`,
        );
    const group = (name: string) => `group:${STACK}-Network/SecurityGroups/${name}`;
    expect(rules('Database')).toEqual([
      `inbound tcp 3306 ${group('App')}`,
      `inbound tcp 3306 ${group('Rotation')}`,
      // CDK's placeholder for "no egress": no real address, no real protocol.
      'outbound icmp type 252 cidr:255.255.255.255/32',
    ]);
    expect(rules('Cache')).toEqual([`inbound tcp 11211 ${group('App')}`, 'outbound icmp type 252 cidr:255.255.255.255/32']);
    expect(rules('WebAlb')).toEqual([
      'inbound tcp 80 prefix-list:com.amazonaws.global.cloudfront.origin-facing',
      `outbound tcp 80 ${group('Web')}`,
    ]);
    expect(rules('Rotation')?.[0]).toBe('inbound none ');
    // The one rule open to an address range is SSH to the bastions from the corporate range of the config.
    const fromRanges = network.securityGroups.flatMap((candidate) =>
      candidate.rules
        .filter((rule) => rule.direction === 'inbound' && rule.peers.some((peer) => peer.kind === 'cidr'))
        .map((rule) => `${candidate.name} ${rule.traffic} ${rule.peers.map((peer) => peer.name).join(',')}`),
    );
    expect(fromRanges).toEqual([`${STACK}-Network/SecurityGroups/Bastion tcp 22 198.51.100.0/24`]);
  });

  test('NETWORK.md subnets, NACLs and routes: no public IP on launch, each NACL ends in deny-all, the data subnets have no way out', () => {
    expect(network.subnets.map((subnet) => subnet.tier)).toEqual([
      'public',
      'public',
      'ingress',
      'ingress',
      'web',
      'web',
      'app',
      'app',
      'data',
      'data',
    ]);
    expect(network.subnets.filter((subnet) => subnet.publicIpOnLaunch)).toEqual([]);
    expect(network.nacls.map((nacl) => nacl.name.replace(`${STACK}-Network/Nacl/`, ''))).toEqual([
      'App',
      'Data',
      'Ingress',
      'Public',
      'Web',
    ]);
    for (const nacl of network.nacls) {
      expect(nacl.entries.slice(-2)).toEqual([
        { direction: 'inbound', rule: '*', action: 'deny', traffic: 'all traffic', cidr: '0.0.0.0/0' },
        { direction: 'outbound', rule: '*', action: 'deny', traffic: 'all traffic', cidr: '0.0.0.0/0' },
      ]);
    }
    const dataTables = new Set(network.subnets.filter((subnet) => subnet.tier === 'data').map((subnet) => subnet.routeTable));
    const dataRoutes = network.routeTables.filter((table) => dataTables.has(table.name)).flatMap((table) => table.routes);
    expect(dataRoutes.length).toBeGreaterThan(0);
    expect(dataRoutes.filter((route) => ['internet-gateway', 'nat-gateway'].includes(route.target.kind))).toEqual([]);
    const publicTables = new Set(network.subnets.filter((subnet) => subnet.tier === 'public').map((subnet) => subnet.routeTable));
    for (const table of network.routeTables.filter((candidate) => publicTables.has(candidate.name))) {
      expect(table.routes.some((route) => route.destination === '0.0.0.0/0' && route.target.kind === 'internet-gateway')).toBe(
        true,
      );
    }
  });
});
