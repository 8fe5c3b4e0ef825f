import { Endpoint, loadModel, PocModel, Source, StackInfo } from '../model';
import { stackName, StackRole, STACK_ROLES } from '../config/naming';
import { PocConfig } from '../config/schema';
import {
  BastionsFact,
  CacheFact,
  DatabaseFact,
  keyOf,
  Located,
  located,
  locatedOf,
  RunbookError,
  RunbookFacts,
  SecretFact,
  SubnetFact,
  TierFact,
} from './facts';
import { backupFact, edgeFact, operationsFacts } from './facts-operations';

/**
 * Reads the runbook facts from the model: which element plays which part, checked to be there
 * exactly once. The parts about what the POC runs (tiers, bastions, database, secrets, cache)
 * are here; backup, edge and operations in `facts-operations.ts`.
 */

export interface FactsInput {
  readonly assemblyDir: string;
  readonly config: PocConfig;
  readonly configFile: string;
}

export function readRunbookFacts(input: FactsInput): RunbookFacts {
  const reader = new FactReader(loadModel(input.assemblyDir), input.config, input.configFile, input.assemblyDir);
  return reader.read();
}

/** What every part of the facts reads through: the model, the stacks by role, and checks that name what is missing. */
export class FactReader {
  readonly stacks: Partial<Record<StackRole, StackInfo>> = {};

  constructor(
    readonly model: PocModel,
    readonly config: PocConfig,
    readonly configFile: string,
    private readonly directory: string,
  ) {
    for (const role of STACK_ROLES) {
      const name = stackName(config, role);
      const stack = model.stacks.find((candidate) => candidate.name === name);
      const expected = role !== 'DisasterRecovery' || config.disasterRecovery.copyToRegion !== null;
      if (stack && expected) this.stacks[role] = stack;
      else if (expected) {
        throw new RunbookError(
          `${directory} has no stack ${name}: it was synthesized from another config; synthesize ${configFile} into it first`,
        );
      }
    }
  }

  read(): RunbookFacts {
    const database = this.database();
    const operations = operationsFacts(this);
    return {
      config: this.config,
      configFile: this.configFile,
      model: this.model,
      stacks: this.stacks,
      primaryRegion: this.stack('Data').region,
      web: this.tier('web'),
      app: this.tier('app'),
      ...this.bastions(),
      webAlb: locatedOf(this.endpoint('webAlb', 'the web load balancer CloudFront reaches through its VPC origin').key),
      database,
      ...this.secrets(database),
      cache: this.cache(),
      backup: backupFact(this),
      edge: edgeFact(this),
      ...operations,
      protectedLoadBalancers: this.model.loadBalancers
        .filter((loadBalancer) => loadBalancer.deletionProtection)
        .map(({ source }) => located(source)),
    };
  }

  stack(role: StackRole): StackInfo {
    const stack = this.stacks[role];
    if (!stack) throw new RunbookError(`${this.directory} has no ${role} stack for ${this.configFile}`);
    return stack;
  }

  /** The elements of a list that the stack playing `role` declares. */
  inStack<T extends { readonly source: Source }>(role: StackRole, elements: readonly T[]): T[] {
    const name = this.stack(role).name;
    return elements.filter((element) => element.source.stack === name);
  }

  one<T extends { readonly source: Source }>(
    role: StackRole,
    elements: readonly T[],
    type: string,
    what: string,
    filter: (element: T) => boolean = () => true,
  ): T {
    const found = this.inStack(role, elements).filter(filter);
    if (found.length !== 1) {
      throw new RunbookError(
        `${this.stack(role).name} should hold exactly one ${type} (${what}), found ${found.length}: ${found.map((element) => element.source.logicalId).join(', ') || 'none'}`,
      );
    }
    return found[0];
  }

  endpoint(zone: string, what: string): Endpoint {
    const found = this.model.placements.endpoints.filter((endpoint) => endpoint.zone === zone);
    if (found.length !== 1) {
      throw new RunbookError(`the assembly should hold exactly one ${what}, found ${found.length}`);
    }
    return found[0];
  }

  /** The resource a property of `source` names, or an error saying what was expected. */
  target(source: Source, key: string | undefined, what: string): Located {
    if (!key || key.startsWith('external:')) {
      throw new RunbookError(`${source.stack} ${source.logicalId}: ${what} is not a resource of the assembly`);
    }
    return locatedOf(key);
  }

  present<T>(source: Source, value: T | undefined, what: string): T {
    if (value === undefined) throw new RunbookError(`${source.stack} ${source.logicalId}: ${what} is not a literal value`);
    return value;
  }

  /** The output people read for a resource: one that resolves to it and that no other stack consumes. */
  outputFor(resource: Located, attribute?: string): string {
    const keys = this.model.outputs
      .filter((output) => output.stack === resource.stack && !output.consumed)
      .filter(({ value }) => value.kind === 'resource' && value.logicalId === resource.logicalId && value.attribute === attribute)
      .map((output) => output.key)
      .sort();
    if (keys.length === 0) {
      throw new RunbookError(
        `${resource.stack} has no output giving ${resource.logicalId}${attribute ? `.${attribute}` : ''}: the runbooks read it from there`,
      );
    }
    return keys[0];
  }

  namedOutput(role: StackRole, key: string): string {
    const stack = this.stack(role);
    if (!this.model.outputs.some((output) => output.stack === stack.name && output.key === key))
      throw new RunbookError(`${stack.name} has no output ${key}: the runbooks read it from there`);
    return key;
  }

  private subnets(endpoint: Endpoint): SubnetFact[] {
    const seen = new Map<string, SubnetFact>();
    for (const { subnet } of endpoint.placements) {
      if (seen.has(subnet.key)) continue;
      const position = /^AZ (\d+)$/.exec(subnet.az)?.[1];
      const base = { stack: subnet.stack, logicalId: subnet.logicalId };
      seen.set(
        subnet.key,
        position !== undefined
          ? { ...base, zoneIndex: Number(position) - 1 }
          : subnet.az === 'AZ ?'
            ? base
            : { ...base, zone: subnet.az },
      );
    }
    return [...seen.values()].sort(bySubnetPosition);
  }

  private fleet(endpoint: Endpoint) {
    const fleet = this.model.fleets.find((candidate) => candidate.source.key === endpoint.key);
    if (!fleet) throw new RunbookError(`${endpoint.key}: not an Auto Scaling group of the assembly`);
    const where = fleet.source;
    if (fleet.launchTemplate === undefined)
      throw new RunbookError(
        `${where.stack} ${where.logicalId}: LaunchTemplate.LaunchTemplateId is not a resource of the assembly`,
      );
    return {
      fleet,
      /** `resolve:ssm:<name>` in the launch template: the parameter EC2 reads at each launch. */
      amiParameter: fleet.image?.startsWith('resolve:ssm:') ? fleet.image.slice('resolve:ssm:'.length) : undefined,
    };
  }

  private tier(tier: 'web' | 'app'): TierFact {
    const endpoint = this.endpoint(tier, `Auto Scaling group of the ${tier} tier`);
    const { fleet, amiParameter } = this.fleet(endpoint);
    if (fleet.targetGroups.length !== 1)
      throw new RunbookError(`${endpoint.key}: expected one target group, found ${fleet.targetGroups.length}`);
    const policy = this.one(
      'App',
      this.model.scalingPolicies,
      'AWS::AutoScaling::ScalingPolicy',
      `CPU target tracking of the ${tier} tier`,
      (candidate) => candidate.group === endpoint.key,
    );
    const size = (value: typeof fleet.minSize, what: string) =>
      this.present(fleet.source, value.known ? value.value : undefined, what);
    return {
      tier,
      group: locatedOf(endpoint.key),
      targetGroup: locatedOf(fleet.targetGroups[0]),
      scalingPolicy: located(policy.source),
      cpuTargetPercent: this.present(policy.source, policy.targetValue, 'the CPU target'),
      minSize: size(fleet.minSize, 'MinSize'),
      maxSize: size(fleet.maxSize, 'MaxSize'),
      subnets: this.subnets(endpoint),
      maxInstanceLifetimeSeconds: fleet.maxInstanceLifetimeSeconds,
      amiParameter,
    };
  }

  private bastions(): { bastions: BastionsFact; bastionGroup: Located; sshCidrs: readonly string[] } {
    const endpoint = this.endpoint('bastion', 'Auto Scaling group of the bastions');
    const group = locatedOf(endpoint.key);
    const { fleet, amiParameter } = this.fleet(endpoint);
    const bastions = {
      ...group,
      output: this.outputFor(group),
      subnets: this.subnets(endpoint),
      publicIp: endpoint.placements.some((placement) => placement.publicIp),
      maxInstanceLifetimeSeconds: fleet.maxInstanceLifetimeSeconds,
      amiParameter,
    };
    if (endpoint.groups.length !== 1) {
      throw new RunbookError(`the bastions should have one security group, found ${endpoint.groups.length}`);
    }
    const securityGroup = endpoint.groups[0].key;
    return { bastions, bastionGroup: locatedOf(securityGroup), sshCidrs: this.model.ingressCidrs(securityGroup, 22) };
  }

  private database(): DatabaseFact {
    const endpoint = this.endpoint('database', 'RDS DB instance');
    const database = this.model.databases.find((candidate) => candidate.source.key === endpoint.key);
    if (!database) throw new RunbookError(`${endpoint.key}: not an RDS DB instance of the assembly`);
    const { source } = database;
    if (endpoint.groups.length !== 1) throw new RunbookError(`${endpoint.key}: expected one security group`);
    const subscription = this.one(
      'Operations',
      this.model.databaseEventSubscriptions,
      'AWS::RDS::EventSubscription',
      'RDS events to the alarm topic',
    );
    const retention = database.backupRetentionDays;
    return {
      ...located(source),
      identifier: this.present(source, database.identifier, 'DBInstanceIdentifier'),
      output: this.outputFor(source),
      endpointOutput: this.outputFor(source, 'Endpoint.Address'),
      subnetGroup: this.target(source, database.subnetGroup, 'DBSubnetGroupName'),
      parameterGroup: this.target(source, database.parameterGroup, 'DBParameterGroupName'),
      optionGroup: database.hasOptionGroup ? this.target(source, database.optionGroup, 'OptionGroupName') : undefined,
      securityGroup: locatedOf(endpoint.groups[0].key),
      key: this.target(source, database.kmsKey, 'KmsKeyId'),
      monitoringRole: database.hasMonitoringRole ? this.target(source, database.monitoringRole, 'MonitoringRoleArn') : undefined,
      masterUsername: this.present(source, database.masterUsername, 'MasterUsername'),
      backupRetentionDays: this.present(source, retention.known ? retention.value : undefined, 'BackupRetentionPeriod'),
      backupWindow: this.present(source, database.backupWindow, 'PreferredBackupWindow'),
      logExports: database.logExports,
      eventSubscription: located(subscription.source),
    };
  }

  private secrets(database: DatabaseFact): { secret: SecretFact; appSecret: SecretFact } {
    const attachments = this.inStack('Data', this.model.secretAttachments).filter(
      (attachment) => attachment.target === keyOf(database),
    );
    const isMaster = (attachment: (typeof attachments)[number]) => {
      const key = keyOf(this.target(attachment.source, attachment.secret, 'SecretId'));
      const template = this.model.secrets.find((secret) => secret.source.key === key)?.stringTemplate;
      return template !== undefined && template.includes(`"username":${JSON.stringify(database.masterUsername)}`);
    };
    const masters = attachments.filter(isMaster);
    const published = attachments.filter((attachment) => !isMaster(attachment) && this.hasOutputFor(attachment.source));
    if (masters.length !== 1 || published.length !== 1) {
      throw new RunbookError(
        `${this.stack('Data').name} should attach exactly one master secret and publish exactly one user secret to the database, found ${masters.length} and ${published.length}`,
      );
    }
    return { secret: this.secretOf(masters[0]), appSecret: this.secretOf(published[0]) };
  }

  private hasOutputFor(source: Source): boolean {
    try {
      this.outputFor(source);
      return true;
    } catch (error) {
      if (error instanceof RunbookError) return false;
      throw error;
    }
  }

  private secretOf(attachment: RunbookFacts['model']['secretAttachments'][number]): SecretFact {
    const secret = this.target(attachment.source, attachment.secret, 'SecretId');
    const rotation = this.one(
      'Data',
      this.model.rotationSchedules,
      'AWS::SecretsManager::RotationSchedule',
      `rotation of ${attachment.source.logicalId}`,
      (schedule) => [attachment.source.key, keyOf(secret)].includes(schedule.secret ?? ''),
    );
    const application = this.target(rotation.source, rotation.rotation, 'RotationLambdaARN');
    const deployed = this.model.serverlessApplications.find((candidate) => candidate.source.key === keyOf(application));
    const rotationEndpoint = this.model.placements.endpoints.find(
      (endpoint) => endpoint.zone === 'rotation' && endpoint.key === keyOf(application),
    );
    if (!rotationEndpoint || rotationEndpoint.groups.length !== 1) {
      throw new RunbookError(`${keyOf(application)}: the rotation function should run in the VPC with one security group`);
    }
    return {
      secret,
      attachment: located(attachment.source),
      output: this.outputFor(attachment.source),
      rotation: located(rotation.source),
      schedule: this.present(rotation.source, rotation.scheduleExpression, 'the rotation schedule'),
      rotationApplication: application,
      rotationFunctionName: this.present(
        deployed?.source ?? rotation.source,
        deployed?.functionName,
        'the rotation function name',
      ),
      rotationGroup: locatedOf(rotationEndpoint.groups[0].key),
    };
  }

  private cache(): CacheFact {
    const endpoint = this.endpoint('cache', 'memcached cache (RDS MEMCACHED option or ElastiCache)');
    if (endpoint.groups.length !== 1) throw new RunbookError(`${endpoint.key}: expected one security group`);
    const securityGroup = locatedOf(endpoint.groups[0].key);
    if (endpoint.key.endsWith('#MEMCACHED')) {
      const databaseKey = endpoint.key.replace(/#MEMCACHED$/, '');
      const database = this.model.databases.find((candidate) => candidate.source.key === databaseKey);
      if (!database) throw new RunbookError(`${databaseKey}: not an RDS DB instance of the assembly`);
      return {
        kind: 'rds-memcached-option',
        optionGroup: this.target(database.source, database.optionGroup, 'OptionGroupName'),
        securityGroup,
      };
    }
    const data = this.stack('Data').name;
    const output = this.model.outputs.find(
      (candidate) => candidate.stack === data && candidate.key === 'CacheConfigurationEndpoint',
    );
    return { kind: 'elasticache-memcached', cluster: locatedOf(endpoint.key), output: output?.key, securityGroup };
  }
}

/** Subnets in AZ order: the template's AZ name, else its Fn::GetAZs position, else the logical id. */
function bySubnetPosition(a: SubnetFact, b: SubnetFact): number {
  const position = (subnet: SubnetFact) => subnet.zone ?? String(subnet.zoneIndex ?? subnet.logicalId).padStart(3, '0');
  return position(a).localeCompare(position(b)) || a.logicalId.localeCompare(b.logicalId);
}
