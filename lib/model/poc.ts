import { Assembly, loadAssembly } from './assembly';
import { Fleet, fleetsOf, LoadBalancer, loadBalancersOf } from './compute';
import { BackupPlan, backupPlansOf, Bucket, bucketsOf, CacheCluster, cacheClustersOf, Database, databasesOf } from './data';
import { Distribution, distributionsOf, WebAcl, webAclsOf } from './edge';
import { buildNetworkModel } from './network';
import { NetworkModel, PrefixListDescriptions, RuleRef } from './network-types';
import { Placements, ZoneId } from './placement-types';
import { findPlacements } from './placements';
import { Topology } from '../shared/topology';
import {
  inspectorEnablementsOf,
  ThreatDetector,
  threatDetectorsOf,
  Trail,
  trailsOf,
  VpcEndpoint,
  vpcEndpointsOf,
} from './operations';
import { Role, rolesOf } from './iam';
import { ParameterValues, Resolver } from './resolver';
import { ResourceIndex } from './resources';
import { Source, sourceOf } from './source';
import { READER_ELEMENTS, ReaderElements } from './reader-elements';
import { declaredString } from './retained';
import { ingressCidrsOf } from './scaling';
import { ruleDescriptionOf } from './vpc';
import { describeExpression, resourceName } from './describe';
import { referrerMap } from './references';

export interface StackInfo {
  readonly name: string;
  /** undefined: environment-agnostic, deployed to the region of the credentials. */
  readonly region?: string;
  readonly description?: string;
  readonly terminationProtection?: boolean;
  /** How many resources the template declares. */
  readonly resources: number;
  /** The stack that nests it (`<parent>/<logical id>` names it); undefined for a top-level stack. */
  readonly parent?: string;
}

/**
 * The POC as its synthesized templates would deploy it: each element typed, read once, and
 * keeping its `source` (stack, logical id, construct path) so evidence can name it. Built from
 * the assembly alone, never from the constructs or the config.
 */
export interface PocModel extends ReaderElements {
  readonly assembly: Assembly;
  /** Every resource by type and key, and the resolver behind it: the model's own lookups. */
  readonly index: ResourceIndex;
  /** Sorted by name. */
  readonly stacks: readonly StackInfo[];
  readonly network: NetworkModel;
  /** What has network interfaces, where, and which zone (tier) of the segmentation table each one is. */
  readonly placements: Placements;
  readonly fleets: readonly Fleet[];
  readonly loadBalancers: readonly LoadBalancer[];
  readonly databases: readonly Database[];
  readonly caches: readonly CacheCluster[];
  readonly buckets: readonly Bucket[];
  readonly distributions: readonly Distribution[];
  readonly webAcls: readonly WebAcl[];
  readonly backupPlans: readonly BackupPlan[];
  readonly trails: readonly Trail[];
  readonly threatDetectors: readonly ThreatDetector[];
  readonly vpcEndpoints: readonly VpcEndpoint[];
  /** Every IAM role with its trust and the statements of its policies. */
  readonly roles: readonly Role[];
  /** The custom resources that enable Amazon Inspector for EC2. */
  readonly inspectorEc2: readonly Source[];
  /** Every resource of a type, in stack then logical-id order. */
  resourcesOfType(type: string): readonly Source[];
  /** How many resources of each type the assembly declares. */
  readonly typeCounts: ReadonlyMap<string, number>;
  /** The resource of a key (`stack/logicalId`), if the assembly declares it. */
  resource(key: string): Source | undefined;
  /** The string the template writes at a property path of a resource, no reference followed: a physical name. */
  declaredString(key: string, path: readonly string[]): string | undefined;
  /** The CIDRs, as written, that a security group admits over TCP on a port (inline and separate rules). */
  ingressCidrs(groupKey: string, port: number): readonly string[];
  /** The Description the template gives a security-group rule, inline or separate. */
  ruleDescription(rule: RuleRef): string | undefined;
  /** A resource's name: its construct path without a trailing `/Resource`, else its key (`external:` dropped). */
  nameOf(key: string): string;
  /** An expression an element keeps as written (aliases, SSL protocols), as `describeExpression` prints it. */
  describe(stack: string, expression: unknown): string;
  /** Resource key -> the keys of the resources whose properties refer to it. */
  readonly referrers: ReadonlyMap<string, readonly string[]>;
}

export interface ModelOptions {
  /** Values for stack parameters (by stack name) the templates leave to the deployer. */
  readonly parameterValues?: ParameterValues;
  /** How to read prefix lists the templates name only by id. */
  readonly prefixLists?: PrefixListDescriptions;
  /** Origin host names that are not resource attributes (a custom domain's CNAME), by the zone they reach. */
  readonly originHosts?: Readonly<Record<string, ZoneId>>;
  /**
   * The tier table the zones of the placements are named from.
   * @default TOPOLOGY
   */
  readonly topology?: Topology;
}

export function loadModel(directory: string, options: ModelOptions = {}): PocModel {
  return buildModel(loadAssembly(directory), options);
}

export function buildModel(assembly: Assembly, options: ModelOptions = {}): PocModel {
  const index = new ResourceIndex(new Resolver(assembly, options.parameterValues));
  const byType = new Map<string, Source[]>();
  for (const stack of assembly.stacks) {
    for (const logicalId of Object.keys(stack.template.Resources ?? {}).sort()) {
      const entry = index.get(`${stack.name}/${logicalId}`);
      if (!entry) continue;
      byType.set(entry.resource.Type, [...(byType.get(entry.resource.Type) ?? []), sourceOf(entry)]);
    }
  }
  const network = once(() => buildNetworkModel(index, options.prefixLists));
  const referrers = once(() => referrerMap(index));
  const placements = once(() =>
    findPlacements(index, network(), { originHosts: options.originHosts, topology: options.topology }),
  );
  const elements = once(() => ({
    fleets: fleetsOf(index),
    loadBalancers: loadBalancersOf(index),
    databases: databasesOf(index),
    caches: cacheClustersOf(index),
    buckets: bucketsOf(index),
    distributions: distributionsOf(index),
    webAcls: webAclsOf(index),
    backupPlans: backupPlansOf(index),
    trails: trailsOf(index),
    threatDetectors: threatDetectorsOf(index),
    vpcEndpoints: vpcEndpointsOf(index),
    inspectorEc2: inspectorEnablementsOf(index),
    roles: rolesOf(index),
  }));
  // Built on first read: the segmentation analysis reads only the network, the cost estimate never does.
  const model: Omit<PocModel, keyof ReaderElements> = {
    assembly,
    index,
    stacks: assembly.stacks
      .map((stack) => ({
        name: stack.name,
        region: stack.region,
        description: typeof stack.template.Description === 'string' ? stack.template.Description : undefined,
        terminationProtection: stack.terminationProtection,
        resources: Object.keys(stack.template.Resources ?? {}).length,
        parent: stack.parent?.stack,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    get network() {
      return network();
    },
    get placements() {
      return placements();
    },
    get fleets() {
      return elements().fleets;
    },
    get loadBalancers() {
      return elements().loadBalancers;
    },
    get databases() {
      return elements().databases;
    },
    get caches() {
      return elements().caches;
    },
    get buckets() {
      return elements().buckets;
    },
    get distributions() {
      return elements().distributions;
    },
    get webAcls() {
      return elements().webAcls;
    },
    get backupPlans() {
      return elements().backupPlans;
    },
    get trails() {
      return elements().trails;
    },
    get threatDetectors() {
      return elements().threatDetectors;
    },
    get vpcEndpoints() {
      return elements().vpcEndpoints;
    },
    get inspectorEc2() {
      return elements().inspectorEc2;
    },
    get roles() {
      return elements().roles;
    },
    resourcesOfType: (type) => byType.get(type) ?? [],
    typeCounts: new Map([...byType].map(([type, sources]) => [type, sources.length])),
    resource: (key) => {
      const entry = index.get(key);
      return entry && sourceOf(entry);
    },
    declaredString: (key, path) => declaredString(index, key, path),
    ingressCidrs: (groupKey, port) => ingressCidrsOf(index, groupKey, port),
    ruleDescription: (rule) => ruleDescriptionOf(index, rule),
    nameOf: (key) => resourceName(index, key),
    describe: (stack, expression) => describeExpression(index, stack, expression),
    get referrers() {
      return referrers();
    },
  };
  for (const [name, read] of Object.entries(READER_ELEMENTS)) {
    const element = once(() => read(index));
    Object.defineProperty(model, name, { get: element, enumerable: true });
  }
  return model as PocModel;
}

function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
