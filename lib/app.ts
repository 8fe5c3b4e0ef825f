import { App, AppProps, Stack, Tags } from 'aws-cdk-lib';
import { distributionIdParameterName, stackName, StackRole } from './config/naming';
import { CLOUDFRONT_METRICS_REGION } from './constructs/distribution-id-relay';
import { PocConfig } from './config/schema';
import { kitTags } from './config/tags';
import { SampleAppSources } from './constructs/sample-app';
import { AppStack } from './stacks/app-stack';
import { DataStack } from './stacks/data-stack';
import { DisasterRecoveryStack } from './stacks/disaster-recovery-stack';
import { EdgeAlarmsStack } from './stacks/edge-alarms-stack';
import { EdgeStack } from './stacks/edge-stack';
import { NetworkStack } from './stacks/network-stack';
import { OperationsStack } from './stacks/operations-stack';
import { TierSoftwareHook } from './stacks/tier-software';
import { Topology, topologyProblems } from './shared/topology';

export interface PocStacks {
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly app: AppStack;
  readonly edge: EdgeStack;
  readonly operations: OperationsStack;
  /** The CloudFront alarms, in us-east-1 where CloudFront publishes its metrics. */
  readonly edgeAlarms: EdgeAlarmsStack;
  /** The vault of the DR copies, in disasterRecovery.copyToRegion; absent when the copy is off. */
  readonly disasterRecovery?: DisasterRecoveryStack;
}

/** Every stack of the POC, in STACK_ROLES order. */
export function allStacks(stacks: PocStacks): Stack[] {
  return Object.values(stacks).filter((stack): stack is Stack => stack instanceof Stack);
}

/** App settings that keep templates deterministic and free of environment noise. */
export const APP_DEFAULTS: AppProps = { analyticsReporting: false };

export interface BuildOptions {
  /**
   * The tiers to build; a config for another topology comes from its schema (pocConfigSchemaFor).
   * @default TOPOLOGY
   */
  readonly topology?: Topology;
  /**
   * What each tier's instances run, by tier name.
   * @default SAMPLE_APP_SOFTWARE
   */
  readonly software?: Readonly<Record<string, TierSoftwareHook>>;
}

/** Builds the POC's stacks (six, and the DR vault's when a copy region is set) from a validated config and the sample application's sources. */
export function buildPoc(app: App, config: PocConfig, sources: SampleAppSources, options: BuildOptions = {}): PocStacks {
  const problems = options.topology ? topologyProblems(options.topology) : [];
  if (problems.length > 0) throw new Error(`Invalid topology:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  const { topology } = options;
  const env = config.environment ? { account: config.environment.account, region: config.environment.region } : undefined;
  const common = (role: StackRole) => ({
    stackName: stackName(config, role),
    env,
    description: `PCI POC of ${config.customer.name}: ${role} (pci-poc-kit)`,
    config,
  });

  const network = new NetworkStack(app, stackName(config, 'Network'), { ...common('Network'), topology });
  const data = new DataStack(app, stackName(config, 'Data'), {
    ...common('Data'),
    vpc: network.vpc,
    groups: network.groups,
    sources,
    topology,
  });
  const appStack = new AppStack(app, stackName(config, 'App'), {
    ...common('App'),
    vpc: network.vpc,
    groups: network.groups,
    logArchive: network.logArchive,
    database: data.database,
    databaseUsers: data.users,
    cacheEndpoint: data.cacheEndpoint,
    sources,
    topology,
    software: options.software,
  });
  const edge = new EdgeStack(app, stackName(config, 'Edge'), {
    ...common('Edge'),
    webAlb: appStack.edgeLoadBalancer,
    logArchive: network.logArchive,
    distributionIdParameter: distributionIdParameterName(config),
    sources,
  });
  const operations = new OperationsStack(app, stackName(config, 'Operations'), {
    ...common('Operations'),
    database: data.database,
    databaseUsers: data.users,
    tiers: appStack.tiers,
    bastions: appStack.bastions,
    sessionInstanceRoles: [...appStack.tiers.map((tier) => tier.fleet.role), appStack.bastions.role],
    logArchive: network.logArchive,
    webAcl: appStack.webAcl.webAcl,
    distribution: edge.distribution,
    auditedBuckets: [edge.assetsBucket],
  });

  const edgeAlarms = new EdgeAlarmsStack(app, stackName(config, 'EdgeAlarms'), {
    ...common('EdgeAlarms'),
    env: { account: config.environment?.account, region: CLOUDFRONT_METRICS_REGION },
    distributionIdParameter: distributionIdParameterName(config),
  });
  edgeAlarms.addStackDependency(edge, 'its alarms read the distribution id the Edge stack writes');

  const drRegion = config.disasterRecovery.copyToRegion;
  const disasterRecovery = drRegion
    ? new DisasterRecoveryStack(app, stackName(config, 'DisasterRecovery'), {
        ...common('DisasterRecovery'),
        env: { account: config.environment?.account, region: drRegion },
      })
    : undefined;
  // The copy action names the DR vault: the CLI must deploy it first.
  if (disasterRecovery) data.addStackDependency(disasterRecovery, 'the backup copy action targets its vault');

  const stacks: PocStacks = {
    network,
    data,
    app: appStack,
    edge,
    operations,
    edgeAlarms,
    ...(disasterRecovery ? { disasterRecovery } : {}),
  };
  for (const stack of allStacks(stacks)) {
    for (const [key, value] of Object.entries({ ...kitTags(config), ...config.tags })) Tags.of(stack).add(key, value);
  }
  return stacks;
}
