import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDirectory } from '../lib/analysis/analyze';
import { loadAssembly, Resolver, ResourceIndex } from '../lib/model';
import { configKnowledge } from '../lib/analysis/intended';
import { loadConfigFile } from '../lib/config/load';
import { PocConfig } from '../lib/config/schema';
import { ROOT } from './helpers';
import { assemblyDirectory, SYNTHESIZED_CONFIGS, SynthesizedConfigName } from './support/assemblies';

/**
 * Only CloudFront faces the internet (and the bastions in ssh mode): for the default and every
 * example config, read from the synthesized cloud assembly.
 */

const EXAMPLES = join(ROOT, 'config/examples');
const CONFIGS = Object.keys(SYNTHESIZED_CONFIGS) as SynthesizedConfigName[];

test('the suite synthesizes the default config and every example', () => {
  const examples = readdirSync(EXAMPLES).filter((file) => file.endsWith('.yaml'));
  expect(Object.values(SYNTHESIZED_CONFIGS).sort()).toEqual(
    ['config/anycompany-apparel.yaml', ...examples.map((file) => `config/examples/${file}`)].sort(),
  );
});

type Props = Readonly<Record<string, unknown>>;

describe.each(CONFIGS)('the %s config', (name) => {
  let config: PocConfig;
  let directory: string;
  let index: ResourceIndex;

  beforeAll(() => {
    config = loadConfigFile(join(ROOT, SYNTHESIZED_CONFIGS[name]));
    directory = assemblyDirectory(name);
    index = new ResourceIndex(new Resolver(loadAssembly(directory)));
  });

  test('no load balancer is internet-facing', () => {
    const balancers = index.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(balancers.length).toBe(2);
    for (const balancer of balancers)
      expect({ key: balancer.key, scheme: balancer.props.Scheme }).toEqual({ key: balancer.key, scheme: 'internal' });
  });

  test("CloudFront's default origin is a VPC origin on the web load balancer, HTTPS with a domain, HTTP without", () => {
    const [distribution] = index.ofType('AWS::CloudFront::Distribution');
    const distributionConfig = distribution.props.DistributionConfig as Props;
    const targetId = (distributionConfig.DefaultCacheBehavior as Props).TargetOriginId;
    const origins = distributionConfig.Origins as Props[];
    const origin = origins.find((candidate) => candidate.Id === targetId) as Props;
    expect(origins.filter((candidate) => candidate.CustomOriginConfig !== undefined)).toEqual([]);

    const vpcOrigin = index.get(index.keyOf(distribution.stack, (origin.VpcOriginConfig as Props).VpcOriginId) ?? '');
    expect(vpcOrigin?.resource.Type).toBe('AWS::CloudFront::VpcOrigin');
    const endpoint = vpcOrigin?.props.VpcOriginEndpointConfig as Props;
    const target = index.get(index.keyOf(vpcOrigin?.stack ?? '', endpoint.Arn) ?? '');
    expect(target?.resource.Type).toBe('AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(target?.logicalId).toMatch(/^WebAlb/);
    expect(target?.props.Scheme).toBe('internal');

    if (config.domain) {
      expect(endpoint).toEqual(
        expect.objectContaining({ OriginProtocolPolicy: 'https-only', HTTPSPort: 443, OriginSSLProtocols: ['TLSv1.2'] }),
      );
      expect(origin.DomainName).toBe(config.domain.originHostname);
    } else {
      expect(endpoint).toEqual(expect.objectContaining({ OriginProtocolPolicy: 'http-only', HTTPPort: 80 }));
    }
  });

  test('the VPC origin is named per region when the config pins one (a DR copy must not collide with the primary)', () => {
    const [vpcOrigin] = index.ofType('AWS::CloudFront::VpcOrigin');
    const name = (vpcOrigin.props.VpcOriginEndpointConfig as Props).Name;
    if (config.environment) expect(name).toMatch(new RegExp(`-${config.environment.region}$`));
    else expect(typeof name).toBe('string');
  });

  test('the public subnets hold only the NAT gateways and, in ssh mode, the bastions', () => {
    const publicSubnets = new Set(
      index
        .ofType('AWS::EC2::Subnet')
        .filter((subnet) =>
          (subnet.props.Tags as { Key: string; Value: string }[]).some(
            (tag) => tag.Key === 'aws-cdk:subnet-name' && tag.Value === 'public',
          ),
        )
        .map((subnet) => subnet.key),
    );
    expect(publicSubnets.size).toBe(config.network.availabilityZoneCount);
    const analysis = analyzeDirectory(directory, configKnowledge(config));
    // One entry per public subnet a resource sits in: the bastions' one group spans a subnet per AZ.
    const inPublic = analysis.zones.flatMap((zone) =>
      zone.resources.flatMap((resource) => resource.subnets.filter((subnet) => publicSubnets.has(subnet)).map(() => zone.zone)),
    );
    expect(inPublic).toEqual(
      config.management.bastionAccess === 'ssh' ? Array(config.network.availabilityZoneCount).fill('bastion') : [],
    );
    for (const nat of index.ofType('AWS::EC2::NatGateway'))
      expect(publicSubnets.has(index.keyOf(nat.stack, nat.props.SubnetId) ?? '')).toBe(true);
  });

  test('the analysis: only CloudFront reaches the web load balancer, on its listener port; the internet reaches no load balancer', () => {
    const analysis = analyzeDirectory(directory, configKnowledge(config));
    const intoBalancers = analysis.flows
      .filter((flow) => flow.to === 'webAlb' || flow.to === 'internalAlb')
      .filter((flow) => !['web', 'webAlb'].includes(flow.from))
      .map((flow) => `${flow.from} -> ${flow.to} ${flow.ports.from}-${flow.ports.to}`);
    const listener = config.domain ? 443 : 80;
    expect(intoBalancers).toEqual([`cloudfront -> webAlb ${listener}-${listener}`]);
    const publicEndpoints = analysis.zones
      .flatMap((zone) => zone.resources.map((resource) => ({ zone: zone.zone, kind: resource.kind })))
      .filter((resource) => /internet-facing/.test(resource.kind));
    expect(publicEndpoints).toEqual([]);
  });
});
