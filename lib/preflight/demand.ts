import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssetManifestArtifact, CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { PocConfig } from '../config/schema';
import { synthesizeTemplates } from '../synthesis';

/**
 * What the POC of a config would deploy, read from its synthesized cloud assembly (never from the
 * constructs): the regions and bootstrap versions `cdk deploy` needs, and, in the primary region,
 * the instance types, database, cache, account singletons and the resources that count against
 * quotas. The checks compare it with the account.
 */
export interface PocDemand {
  readonly stacks: readonly StackDemand[];
  /** Each EC2 instance type the fleets launch, with the constructs that use it. */
  readonly instanceTypes: readonly { readonly instanceType: string; readonly usedBy: readonly string[] }[];
  /** The instances the templates run: each Auto Scaling group at its min and max size, each standalone instance once. */
  readonly fleets: readonly FleetDemand[];
  readonly database?: DatabaseDemand;
  readonly databaseOptions?: {
    readonly engineName: string;
    readonly majorEngineVersion: string;
    readonly options: readonly string[];
  };
  readonly cache?: { readonly engine: string; readonly nodeType: string; readonly nodes: number };
  /** The account-wide singletons the templates create in the primary region. */
  readonly creates: SingletonDemand;
  /** How many of each the templates create in the primary region. */
  readonly counts: ResourceCounts;
}

export interface StackDemand {
  readonly name: string;
  /** undefined: environment-agnostic, deployed to the primary region. */
  readonly region?: string;
  /** The bootstrap stack version the stack, its assets and (when synthesis needs look-ups) its look-up role require. */
  readonly bootstrapVersion: number;
  /** The SSM parameter that holds the bootstrap version of the region. */
  readonly bootstrapParameter: string;
}

export interface FleetDemand {
  readonly usedBy: string;
  readonly instanceType: string;
  readonly min: number;
  readonly max: number;
}

export interface DatabaseDemand {
  readonly engine: string;
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly multiAz: boolean;
  readonly storageType: string;
  readonly storageEncrypted: boolean;
}

export interface SingletonDemand {
  readonly guardDutyDetector: boolean;
  readonly configRecorder: boolean;
  /** AWS Config rules need a customer-managed recorder in the region, the POC's or the account's. */
  readonly configRules: boolean;
  readonly securityHub: boolean;
  readonly trail: boolean;
  readonly sessionManagerPreferences: boolean;
}

export interface ResourceCounts {
  readonly vpcs: number;
  readonly internetGateways: number;
  readonly elasticIps: number;
  readonly natGateways: number;
  readonly applicationLoadBalancers: number;
  readonly securityGroups: number;
  readonly vpcOrigins: number;
}

/** The document Session Manager reads its region-wide preferences from. */
export const SESSION_MANAGER_PREFERENCES_DOCUMENT = 'SSM-SessionManagerRunShell';

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

/** Synthesizes the config's templates into a temporary folder and reads what they would deploy. */
export function synthesizeDemand(config: PocConfig): PocDemand {
  const outdir = mkdtempSync(join(tmpdir(), 'pci-poc-preflight-'));
  try {
    synthesizeTemplates(config, { root: join(__dirname, '..', '..'), outdir });
    return readDemand(new CloudAssembly(outdir), config.environment?.region);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** `pinnedRegion`: the config's environment.region; undefined when the stacks are environment-agnostic. */
export function readDemand(assembly: CloudAssembly, pinnedRegion: string | undefined): PocDemand {
  const needsLookups = (assembly.manifest.missing ?? []).length > 0;
  const stacks = assembly.stacks.map((stack) => stackDemand(stack, needsLookups));
  const primaryResources = assembly.stacks
    .filter((stack) => regionOf(stack) === pinnedRegion)
    .flatMap((stack) => Object.entries((stack.template as { Resources?: Record<string, TemplateResource> }).Resources ?? {}))
    .map(([logicalId, resource]) => ({ logicalId, ...resource }));
  const ofType = (type: string) => primaryResources.filter((resource) => resource.Type === type);
  const props = (resource: TemplateResource) => resource.Properties ?? {};

  const launchTemplateTypes = new Map(
    ofType('AWS::EC2::LaunchTemplate').map((template) => [
      template.logicalId,
      (props(template).LaunchTemplateData as Record<string, unknown> | undefined)?.InstanceType,
    ]),
  );
  const fleets: FleetDemand[] = [
    ...ofType('AWS::AutoScaling::AutoScalingGroup').map((group) => {
      const reference = (props(group).LaunchTemplate as { LaunchTemplateId?: { Ref?: string } } | undefined)?.LaunchTemplateId
        ?.Ref;
      return {
        usedBy: constructOf(group),
        instanceType: literal(
          launchTemplateTypes.get(reference ?? ''),
          `${group.logicalId}: the instance type of its launch template`,
        ),
        min: Number(literal(props(group).MinSize, `${group.logicalId}.MinSize`)),
        max: Number(literal(props(group).MaxSize, `${group.logicalId}.MaxSize`)),
      };
    }),
    ...ofType('AWS::EC2::Instance').map((instance) => ({
      usedBy: constructOf(instance),
      instanceType: literal(props(instance).InstanceType, `${instance.logicalId}.InstanceType`),
      min: 1,
      max: 1,
    })),
  ];

  const instanceTypes = new Map<string, Set<string>>();
  for (const fleet of fleets)
    instanceTypes.set(fleet.instanceType, (instanceTypes.get(fleet.instanceType) ?? new Set()).add(fleet.usedBy));

  const databases = ofType('AWS::RDS::DBInstance');
  const optionGroups = ofType('AWS::RDS::OptionGroup');
  const caches = ofType('AWS::ElastiCache::CacheCluster');
  return {
    stacks,
    instanceTypes: [...instanceTypes.entries()]
      .map(([instanceType, usedBy]) => ({ instanceType, usedBy: [...usedBy].sort() }))
      .sort((a, b) => a.instanceType.localeCompare(b.instanceType)),
    fleets,
    database: databases.length > 0 ? databaseDemand(only(databases)) : undefined,
    databaseOptions:
      optionGroups.length > 0
        ? (() => {
            const group = props(only(optionGroups));
            const configurations = (group.OptionConfigurations ?? []) as { OptionName?: unknown }[];
            return {
              engineName: literal(group.EngineName, 'OptionGroup.EngineName'),
              majorEngineVersion: literal(group.MajorEngineVersion, 'OptionGroup.MajorEngineVersion'),
              options: configurations.map((option) => literal(option.OptionName, 'OptionGroup.OptionName')),
            };
          })()
        : undefined,
    cache:
      caches.length > 0
        ? (() => {
            const cache = props(only(caches));
            return {
              engine: literal(cache.Engine, 'CacheCluster.Engine'),
              nodeType: literal(cache.CacheNodeType, 'CacheCluster.CacheNodeType'),
              nodes: Number(cache.NumCacheNodes ?? 1),
            };
          })()
        : undefined,
    creates: {
      guardDutyDetector: ofType('AWS::GuardDuty::Detector').length > 0,
      configRecorder: ofType('AWS::Config::ConfigurationRecorder').length > 0,
      configRules: ofType('AWS::Config::ConfigRule').length > 0,
      securityHub: ofType('AWS::SecurityHub::Hub').length > 0,
      trail: ofType('AWS::CloudTrail::Trail').length > 0,
      sessionManagerPreferences: ofType('AWS::SSM::Document').some(
        (document) => props(document).Name === SESSION_MANAGER_PREFERENCES_DOCUMENT,
      ),
    },
    counts: {
      vpcs: ofType('AWS::EC2::VPC').length,
      internetGateways: ofType('AWS::EC2::InternetGateway').length,
      elasticIps: ofType('AWS::EC2::EIP').length,
      natGateways: ofType('AWS::EC2::NatGateway').length,
      // Type defaults to application when absent.
      applicationLoadBalancers: ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').filter(
        (balancer) => (props(balancer).Type ?? 'application') === 'application',
      ).length,
      securityGroups: ofType('AWS::EC2::SecurityGroup').length,
      vpcOrigins: ofType('AWS::CloudFront::VpcOrigin').length,
    },
  };
}

function stackDemand(stack: CloudFormationStackArtifact, needsLookups: boolean): StackDemand {
  const assetManifests = stack.dependencies.filter((artifact): artifact is AssetManifestArtifact =>
    AssetManifestArtifact.isAssetManifestArtifact(artifact),
  );
  const versions = [
    stack.requiresBootstrapStackVersion ?? 0,
    ...assetManifests.map((manifest) => manifest.requiresBootstrapStackVersion ?? 0),
    needsLookups ? (stack.lookupRole?.requiresBootstrapStackVersion ?? 0) : 0,
  ];
  const parameter =
    stack.bootstrapStackVersionSsmParameter ??
    assetManifests.find((manifest) => manifest.bootstrapStackVersionSsmParameter)?.bootstrapStackVersionSsmParameter;
  if (parameter === undefined) {
    throw new Error(
      `stack ${stack.stackName} names no bootstrap version parameter: the kit expects CDK's DefaultStackSynthesizer`,
    );
  }
  return {
    name: stack.stackName,
    region: regionOf(stack),
    bootstrapVersion: Math.max(...versions),
    bootstrapParameter: parameter,
  };
}

/** The region a stack is pinned to; undefined for an environment-agnostic stack. */
function regionOf(stack: CloudFormationStackArtifact): string | undefined {
  const region = stack.environment.region;
  return region === 'unknown-region' ? undefined : region;
}

function databaseDemand(resource: TemplateResource): DatabaseDemand {
  const props = resource.Properties ?? {};
  return {
    engine: literal(props.Engine, 'DBInstance.Engine'),
    engineVersion: literal(props.EngineVersion, 'DBInstance.EngineVersion'),
    instanceClass: literal(props.DBInstanceClass, 'DBInstance.DBInstanceClass'),
    multiAz: props.MultiAZ === true,
    storageType: literal(props.StorageType ?? 'gp2', 'DBInstance.StorageType'),
    storageEncrypted: props.StorageEncrypted === true,
  };
}

/** "AnyCompanyApparel-App/WebTier/LaunchTemplate/Resource" -> "WebTier". */
function constructOf(resource: TemplateResource & { logicalId: string }): string {
  const path = resource.Metadata?.['aws:cdk:path'];
  return typeof path === 'string' && path.includes('/') ? path.split('/')[1] : resource.logicalId;
}

function only<T>(items: readonly T[]): T {
  if (items.length !== 1) throw new Error(`the templates hold ${items.length} of a resource the kit creates once`);
  return items[0];
}

function literal(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new Error(`${where} is not a literal string in the synthesized template`);
  return value;
}
