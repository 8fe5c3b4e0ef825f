import { ref, StackFixture } from './fixture';

/**
 * The default config's POC by hand, in one AZ: the same zones, ports and security-group rules
 * as the synthesized one (the web load balancer internal, reached by CloudFront through a VPC
 * origin), coarser NACLs, and references between stacks written three ways (Fn::ImportValue of
 * an export for App, Fn::GetStackOutput for Data and Edge).
 */

export const VPC = '10.40.0.0/16';
export const PUBLIC = '10.40.0.0/24';
export const INGRESS = '10.40.22.0/24';
export const WEB = '10.40.4.0/22';
export const APP = '10.40.12.0/22';
export const DATA = '10.40.20.0/24';
export const CORPORATE = '198.51.100.0/24';

export interface MiniPoc {
  readonly network: StackFixture;
  readonly app: StackFixture;
  readonly data: StackFixture;
  readonly edge: StackFixture;
  readonly stacks: readonly StackFixture[];
}

export function miniPoc(): MiniPoc {
  const network = new StackFixture('Mini-Network');
  const vpc = network.vpc('Vpc', VPC);
  network.subnet('PublicSubnet', vpc, PUBLIC);
  network.subnet('IngressSubnet', vpc, INGRESS);
  network.subnet('WebSubnet', vpc, WEB);
  network.subnet('AppSubnet', vpc, APP);
  network.subnet('DataSubnet', vpc, DATA);
  network.routeToInternetGateway('PublicSubnet', 'Vpc');
  network.natGateway('Nat', 'PublicSubnet', ['IngressSubnet', 'WebSubnet', 'AppSubnet']);

  network.nacl(
    'PublicNacl',
    vpc,
    ['PublicSubnet'],
    [
      { rule: 110, cidr: CORPORATE, ports: 22 },
      { rule: 120, cidr: VPC, ports: 443 },
      // A well-known service port denied inside the reply range admitted from outside.
      { rule: 125, cidr: '0.0.0.0/0', ports: 3306, deny: true },
      { rule: 130, cidr: '0.0.0.0/0', ports: [1024, 65535] },
      { rule: 110, egress: true, cidr: VPC, ports: 22 },
      { rule: 120, egress: true, cidr: '0.0.0.0/0', ports: 443 },
      { rule: 130, egress: true, cidr: '0.0.0.0/0', ports: [1024, 65535] },
    ],
  );
  network.nacl(
    'IngressNacl',
    vpc,
    ['IngressSubnet'],
    [
      { rule: 100, cidr: '0.0.0.0/0', ports: 80 },
      { rule: 110, cidr: WEB, ports: [1024, 65535] },
      { rule: 100, egress: true, cidr: WEB, ports: 80 },
      { rule: 110, egress: true, cidr: '0.0.0.0/0', ports: [1024, 65535] },
    ],
  );
  network.nacl(
    'WebNacl',
    vpc,
    ['WebSubnet'],
    [
      { rule: 100, cidr: INGRESS, ports: 80 },
      { rule: 110, cidr: PUBLIC, ports: 22 },
      { rule: 120, cidr: '0.0.0.0/0', ports: [1024, 65535] },
      { rule: 100, egress: true, cidr: APP, ports: 8080 },
      { rule: 110, egress: true, cidr: '0.0.0.0/0', ports: 443 },
      { rule: 120, egress: true, cidr: VPC, ports: [1024, 65535] },
    ],
  );
  network.nacl(
    'AppNacl',
    vpc,
    ['AppSubnet'],
    [
      { rule: 100, cidr: WEB, ports: 8080 },
      { rule: 110, cidr: PUBLIC, ports: 22 },
      { rule: 120, cidr: '0.0.0.0/0', ports: [1024, 65535] },
      { rule: 100, egress: true, cidr: DATA, ports: 3306 },
      { rule: 110, egress: true, cidr: DATA, ports: 11211 },
      { rule: 120, egress: true, cidr: '0.0.0.0/0', ports: 443 },
      { rule: 130, egress: true, cidr: VPC, ports: [1024, 65535] },
    ],
  );
  network.nacl(
    'DataNacl',
    vpc,
    ['DataSubnet'],
    [
      { rule: 100, cidr: APP, ports: 3306 },
      { rule: 110, cidr: APP, ports: 11211 },
      { rule: 100, egress: true, cidr: APP, ports: [1024, 65535] },
    ],
  );

  const noTraffic = { protocol: 'icmp', from: 252, to: 86, cidr: '255.255.255.255/32' };
  const cloudFront = network.prefixListLookup('CloudFrontLookup', 'com.amazonaws.global.cloudfront.origin-facing');
  const webAlb = network.securityGroup('WebAlbGroup', vpc, { ingress: [{ from: 80, prefixList: cloudFront }] });
  const bastion = network.securityGroup('BastionGroup', vpc, {
    ingress: [{ from: 22, cidr: CORPORATE }],
    egress: [{ from: 443, cidr: '0.0.0.0/0' }],
  });
  const web = network.securityGroup('WebGroup', vpc, { egress: [{ from: 443, cidr: '0.0.0.0/0' }] });
  const internalAlb = network.securityGroup('InternalAlbGroup', vpc);
  const app = network.securityGroup('AppGroup', vpc, { egress: [{ from: 443, cidr: '0.0.0.0/0' }] });
  const rotation = network.securityGroup('RotationGroup', vpc, { egress: [{ from: 443, cidr: '0.0.0.0/0' }] });
  const database = network.securityGroup('DatabaseGroup', vpc, { egress: [noTraffic] });
  const cache = network.securityGroup('CacheGroup', vpc, { egress: [noTraffic] });
  const allow = (name: string, from: typeof web, to: typeof web, port: number) => {
    network.egressRule(`${name}Egress`, from, { from: port, group: to });
    network.ingressRule(`${name}Ingress`, to, { from: port, group: from });
  };
  allow('WebAlbToWeb', webAlb, web, 80);
  allow('WebToInternalAlb', web, internalAlb, 8080);
  allow('InternalAlbToApp', internalAlb, app, 8080);
  allow('AppToDatabase', app, database, 3306);
  allow('AppToCache', app, cache, 11211);
  allow('RotationToDatabase', rotation, database, 3306);
  allow('BastionToWeb', bastion, web, 22);
  allow('BastionToApp', bastion, app, 22);

  const appStack = new StackFixture('Mini-App');
  const imported = (name: string, value: ReturnType<typeof ref>) => network.exportValue(name, value);
  const publicSubnet = imported('PublicSubnet', ref('PublicSubnet'));
  const webAlbId = appStack.loadBalancer(
    'WebAlb',
    'internal',
    [imported('IngressSubnet', ref('IngressSubnet'))],
    [imported('WebAlbGroup', webAlb)],
  );
  const internalAlbId = appStack.loadBalancer(
    'InternalAlb',
    'internal',
    [imported('AppSubnet', ref('AppSubnet'))],
    [imported('InternalAlbGroup', internalAlb)],
  );
  appStack.autoScalingGroup('Web', {
    loadBalancer: webAlbId,
    port: 80,
    subnets: [imported('WebSubnet', ref('WebSubnet'))],
    groups: [imported('WebGroup', web)],
  });
  appStack.autoScalingGroup('App', {
    loadBalancer: internalAlbId,
    port: 8080,
    subnets: [imported('AppSubnet', ref('AppSubnet'))],
    groups: [imported('AppGroup', app)],
  });
  appStack.instance('Bastion', publicSubnet, [imported('BastionGroup', bastion)], true);

  const data = new StackFixture('Mini-Data');
  const published = (name: string, value: ReturnType<typeof ref>) => network.publish(name, value);
  data.database('Database', {
    subnets: [published('DataSubnetOut', ref('DataSubnet'))],
    groups: [published('DatabaseGroupOut', database)],
    publiclyAccessible: false,
    memcachedGroups: [published('CacheGroupOut', cache)],
  });
  data.rotationFunction('Rotation', [published('AppSubnetOut', ref('AppSubnet'))], [published('RotationGroupOut', rotation)]);

  const edge = new StackFixture('Mini-Edge');
  edge.vpcOrigin('WebOrigin', appStack.publish('WebAlbArn', ref('WebAlb')), 'http-only');
  edge.distribution('Distribution', {
    origin: appStack.publish('WebAlbDns', { 'Fn::GetAtt': ['WebAlb', 'DNSName'] }),
    vpcOrigin: 'WebOrigin',
    viewerPolicy: 'redirect-to-https',
  });

  return { network, app: appStack, data, edge, stacks: [network, appStack, data, edge] };
}
