import { App, AppProps, Tags } from 'aws-cdk-lib';
import { stackName, StackRole } from './config/naming';
import { PocConfig } from './config/schema';
import { SampleAppSources } from './constructs/sample-app';
import { AppStack } from './stacks/app-stack';
import { DataStack } from './stacks/data-stack';
import { EdgeStack } from './stacks/edge-stack';
import { NetworkStack } from './stacks/network-stack';
import { OperationsStack } from './stacks/operations-stack';

export interface PocStacks {
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly app: AppStack;
  readonly edge: EdgeStack;
  readonly operations: OperationsStack;
}

/** App settings that keep templates deterministic and free of environment noise. */
export const APP_DEFAULTS: AppProps = { analyticsReporting: false };

/** Builds the POC's five stacks from a validated config and the sample application's sources. */
export function buildPoc(app: App, config: PocConfig, sources: SampleAppSources): PocStacks {
  const env = config.environment ? { account: config.environment.account, region: config.environment.region } : undefined;
  const common = (role: StackRole) => ({
    stackName: stackName(config, role),
    env,
    description: `PCI POC of ${config.customer.name}: ${role} (pci-poc-kit)`,
    config,
  });

  const network = new NetworkStack(app, stackName(config, 'Network'), common('Network'));
  const data = new DataStack(app, stackName(config, 'Data'), {
    ...common('Data'),
    vpc: network.vpc,
    groups: network.groups,
  });
  const appStack = new AppStack(app, stackName(config, 'App'), {
    ...common('App'),
    vpc: network.vpc,
    groups: network.groups,
    logArchive: network.logArchive,
    database: data.database,
    cacheEndpoint: data.cacheEndpoint,
    sources,
  });
  const edge = new EdgeStack(app, stackName(config, 'Edge'), {
    ...common('Edge'),
    publicAlb: appStack.publicAlb,
    originVerifySecret: appStack.originVerifySecret,
    logArchive: network.logArchive,
    sources,
  });
  const operations = new OperationsStack(app, stackName(config, 'Operations'), {
    ...common('Operations'),
    database: data.database,
    fleets: [appStack.web, appStack.app],
    logArchive: network.logArchive,
  });

  const stacks = { network, data, app: appStack, edge, operations };
  for (const stack of Object.values(stacks)) {
    Tags.of(stack).add('Customer', config.customer.name);
    Tags.of(stack).add('ManagedBy', 'pci-poc-kit');
    for (const [key, value] of Object.entries(config.tags)) Tags.of(stack).add(key, value);
  }
  return stacks;
}
