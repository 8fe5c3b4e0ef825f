import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssetManifestArtifact, CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { PocConfig } from '../config/schema';
import { Database, Literal, loadModel, Source } from '../model';
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
  const model = loadModel(assembly.directory);
  const primary = new Set(
    model.stacks.filter((stack) => !stack.parent && stack.region === pinnedRegion).map((stack) => stack.name),
  );
  const inPrimary = <T extends { readonly source: Source }>(elements: readonly T[]): T[] =>
    elements.filter((element) => primary.has(element.source.stack));
  const count = (type: string) => model.resourcesOfType(type).filter((source) => primary.has(source.stack)).length;

  const fleets: FleetDemand[] = inPrimary(model.fleets).map((fleet) => {
    const id = fleet.source.logicalId;
    const instance = fleet.kind === 'instance';
    return {
      usedBy: constructOf(fleet.source),
      instanceType: literal(
        fleet.instanceType,
        instance ? `${id}.InstanceType` : `${id}: the instance type of its launch template`,
      ),
      min: instance ? 1 : Number(literal(fleet.minSize, `${id}.MinSize`)),
      max: instance ? 1 : Number(literal(fleet.maxSize, `${id}.MaxSize`)),
    };
  });

  const instanceTypes = new Map<string, Set<string>>();
  for (const fleet of fleets)
    instanceTypes.set(fleet.instanceType, (instanceTypes.get(fleet.instanceType) ?? new Set()).add(fleet.usedBy));

  const databases = inPrimary(model.databases);
  const optionGroups = inPrimary(model.databaseOptionGroups);
  const caches = inPrimary(model.caches);
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
            const group = only(optionGroups);
            return {
              engineName: literal(group.engineName, 'OptionGroup.EngineName'),
              majorEngineVersion: literal(group.majorEngineVersion, 'OptionGroup.MajorEngineVersion'),
              options: group.options.map((option) => literal(option, 'OptionGroup.OptionName')),
            };
          })()
        : undefined,
    cache:
      caches.length > 0
        ? (() => {
            const cache = only(caches);
            return {
              engine: literal(cache.engine, 'CacheCluster.Engine'),
              nodeType: literal(cache.nodeType, 'CacheCluster.CacheNodeType'),
              nodes: cache.nodes.known ? cache.nodes.value : 1,
            };
          })()
        : undefined,
    creates: {
      guardDutyDetector: count('AWS::GuardDuty::Detector') > 0,
      configRecorder: count('AWS::Config::ConfigurationRecorder') > 0,
      configRules: count('AWS::Config::ConfigRule') > 0,
      securityHub: count('AWS::SecurityHub::Hub') > 0,
      trail: count('AWS::CloudTrail::Trail') > 0,
      sessionManagerPreferences: inPrimary(model.sessionDocuments).some(
        (document) => document.name === SESSION_MANAGER_PREFERENCES_DOCUMENT,
      ),
    },
    counts: {
      vpcs: count('AWS::EC2::VPC'),
      internetGateways: count('AWS::EC2::InternetGateway'),
      elasticIps: count('AWS::EC2::EIP'),
      natGateways: count('AWS::EC2::NatGateway'),
      // The model reads an absent Type as application.
      applicationLoadBalancers: inPrimary(model.loadBalancers).filter((balancer) => balancer.type === 'application').length,
      securityGroups: count('AWS::EC2::SecurityGroup'),
      vpcOrigins: count('AWS::CloudFront::VpcOrigin'),
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

function databaseDemand(database: Database): DatabaseDemand {
  return {
    engine: literal(database.engine, 'DBInstance.Engine'),
    engineVersion: literal(database.engineVersion, 'DBInstance.EngineVersion'),
    instanceClass: literal(database.instanceClass, 'DBInstance.DBInstanceClass'),
    multiAz: database.multiAz,
    storageType: literal(database.storageType, 'DBInstance.StorageType'),
    storageEncrypted: database.encrypted,
  };
}

/** "AnyCompanyApparel-App/WebTier/LaunchTemplate/Resource" -> "WebTier". */
function constructOf(source: Source): string {
  return source.path?.includes('/') ? source.path.split('/')[1] : source.logicalId;
}

function only<T>(items: readonly T[]): T {
  if (items.length !== 1) throw new Error(`the templates hold ${items.length} of a resource the kit creates once`);
  return items[0];
}

/** A value the model read as a literal, or an error naming where the template does not give one. */
function literal(value: Literal<string> | Literal<number> | string | undefined, where: string): string {
  const known = typeof value === 'object' ? (value.known ? String(value.value) : undefined) : value;
  if (known === undefined) throw new Error(`${where} is not a literal string in the synthesized template`);
  return known;
}
