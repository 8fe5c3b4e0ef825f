import {
  Assembly,
  CfnResource,
  dataEventBucketKeys,
  Endpoint,
  IndexedResource,
  isObject,
  loadModel,
  PocModel,
  Resolver,
  ResourceIndex,
  StackTemplate,
} from '../model';
import { stackName, StackRole, STACK_ROLES } from '../config/naming';
import { PocConfig } from '../config/schema';
import { SESSION_PREFERENCES_DOCUMENT } from '../shared/session-manager';

/**
 * What the runbooks need to know about a synthesized POC, read from its cloud assembly alone:
 * which resource plays which part (found from what it is and how it is wired, as the
 * segmentation analysis does, never from its construct path, which in-process synthesis does
 * not record), the outputs that name them, the alarms that watch them, and what outlives a
 * stack. Anything missing is an error naming the stack and what was expected.
 */

/** The synthesized templates do not hold what the runbooks need (wrong config, wrong folder, a stack changed). */
export class RunbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunbookError';
  }
}

/** A resource of a stack, by the names CloudFormation knows it by. */
export interface Located {
  readonly stack: string;
  readonly logicalId: string;
}

export interface SubnetFact extends Located {
  /** The AZ name when the template names it (a pinned environment). */
  readonly zone?: string;
  /** Otherwise: which entry of Fn::GetAZs the template selects. */
  readonly zoneIndex?: number;
}

export interface TierFact {
  readonly tier: 'web' | 'app';
  readonly group: Located;
  readonly targetGroup: Located;
  readonly scalingPolicy: Located;
  readonly cpuTargetPercent: number;
  readonly minSize: number;
  readonly maxSize: number;
  /** Sorted by AZ position: subnet 1 first. */
  readonly subnets: readonly SubnetFact[];
  /** After how long Auto Scaling replaces an instance; undefined when the group sets no limit. */
  readonly maxInstanceLifetimeSeconds?: number;
  /** The SSM parameter EC2 reads the AMI id from at each launch; undefined when the launch template names a fixed image. */
  readonly amiParameter?: string;
}

/** The bastions: one Auto Scaling group, one instance per public subnet. */
export interface BastionsFact extends Located {
  /** The output that names the group. */
  readonly output: string;
  /** Sorted by AZ position: subnet 1 first. */
  readonly subnets: readonly SubnetFact[];
  /** Whether the bastions get a public address (ssh mode only). */
  readonly publicIp: boolean;
  /** After how long Auto Scaling replaces a bastion; undefined when the group sets no limit. */
  readonly maxInstanceLifetimeSeconds?: number;
  /** The SSM parameter EC2 reads the AMI id from at each launch; undefined when the launch template names a fixed image. */
  readonly amiParameter?: string;
}

export interface AlarmFact extends Located {
  readonly name: string;
  /** Keys (`stack/logicalId`) of the resources its metrics name. */
  readonly watches: ReadonlySet<string>;
}

export interface BucketFact extends Located {
  readonly versioned: boolean;
  readonly objectLock?: { readonly mode: string; readonly days: number };
  /** Where its server access logs go. */
  readonly accessLogs?: { readonly bucket: Located; readonly prefix: string };
}

export interface RetainedFact extends Located {
  readonly type: string;
  readonly policy: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface ConfigRuleFact extends Located {
  readonly identifier: string;
}

export interface RunbookFacts {
  readonly config: PocConfig;
  /** How commands name the config: `-c config=<configFile>`. */
  readonly configFile: string;
  readonly assembly: Assembly;
  readonly stacks: Readonly<Partial<Record<StackRole, StackTemplate>>>;
  /** The Data stack's pinned region; undefined when the POC is environment-agnostic. */
  readonly primaryRegion?: string;
  readonly web: TierFact;
  readonly app: TierFact;
  readonly bastions: BastionsFact;
  readonly bastionGroup: Located;
  /** The CIDRs the bastion security group admits on port 22; empty in Session-Manager-only mode. */
  readonly sshCidrs: readonly string[];
  /** The web tier's internal load balancer, CloudFront's VPC origin. */
  readonly webAlb: Located;
  readonly database: DatabaseFact;
  /** The master user's secret: the database administrator's, break-glass. */
  readonly secret: SecretFact;
  /**
   * The app user's secret: the one user secret the Data stack publishes in an output (the
   * migration user's is read by the deploy-time function alone). Rotated with alternating users.
   */
  readonly appSecret: SecretFact;
  readonly cache: CacheFact;
  readonly backup: BackupFact;
  readonly edge: EdgeFact;
  readonly operations: OperationsFact;
  /** The Session Manager preferences the POC sets; absent when the account keeps its own. */
  readonly sessionLogging?: SessionLoggingFact;
  /** The CloudFront alarms, in the stack CloudFront's metrics region holds (us-east-1). */
  readonly edgeAlarms: readonly AlarmFact[];
  /** The SSM parameter the Edge stack writes its distribution id into, and the EdgeAlarms stack reads it from. */
  readonly distributionIdParameter: SsmParameterFact;
  readonly buckets: readonly BucketFact[];
  readonly retained: readonly RetainedFact[];
  /** The load balancers whose deletion protection must be lifted before their stack is destroyed. */
  readonly protectedLoadBalancers: readonly Located[];
  readonly logGroupRetentionDays: Readonly<Record<string, number>>;
}

export interface DatabaseFact extends Located {
  readonly identifier: string;
  readonly output: string;
  readonly endpointOutput: string;
  readonly subnetGroup: Located;
  readonly parameterGroup: Located;
  readonly optionGroup?: Located;
  readonly securityGroup: Located;
  readonly key: Located;
  readonly monitoringRole?: Located;
  readonly masterUsername: string;
  readonly backupRetentionDays: number;
  readonly backupWindow: string;
  readonly logExports: readonly string[];
  readonly eventSubscription: Located;
}

export interface SecretFact {
  readonly secret: Located;
  readonly attachment: Located;
  readonly output: string;
  readonly rotation: Located;
  readonly schedule: string;
  readonly rotationApplication: Located;
  readonly rotationFunctionName: string;
  readonly rotationGroup: Located;
}

export type CacheFact =
  | { readonly kind: 'rds-memcached-option'; readonly optionGroup: Located; readonly securityGroup: Located }
  | {
      readonly kind: 'elasticache-memcached';
      readonly cluster: Located;
      readonly output?: string;
      readonly securityGroup: Located;
    };

export interface BackupFact {
  readonly vault: Located & { readonly name: string };
  readonly plan: Located & { readonly name: string; readonly schedule: string };
  readonly copy?: Located & { readonly name: string; readonly region: string; readonly output: string; readonly key: Located };
}

export interface EdgeFact {
  readonly distribution: Located;
  readonly domainOutput: string;
  readonly bucket: Located;
  readonly bucketOutput: string;
  readonly staticPathPattern: string;
  /** A stack uploads the static assets into the bucket itself (a CDK BucketDeployment). */
  readonly deploysAssets: boolean;
}

/** A template parameter that CloudFormation resolves from SSM Parameter Store at deploy time. */
export interface SsmParameterFact {
  readonly stack: string;
  /** The template parameter's key. */
  readonly key: string;
  /** The SSM parameter it reads (its Default). */
  readonly name: string;
}

export interface OperationsFact {
  readonly topic: Located;
  readonly topicOutput: string;
  readonly subscription?: Located & { readonly email: string };
  readonly dashboard?: Located & { readonly name: string };
  readonly roleOutputs: Readonly<Record<'administrator' | 'operator' | 'databaseAdministrator' | 'auditor', string>>;
  readonly alarms: readonly AlarmFact[];
  readonly scalingEvents: Located;
  readonly complianceEvents: Located;
  readonly configRules: readonly ConfigRuleFact[];
  /** The trail the POC creates, and the buckets whose S3 data events (object reads and writes) it records. */
  readonly trail?: Located & { readonly dataEventBuckets: readonly Located[] };
}

export interface SessionLoggingFact {
  /** The regional preferences document (`SSM-SessionManagerRunShell`). */
  readonly document: Located;
  /** Where session transcripts stream to. */
  readonly logGroup: Located;
  readonly logGroupOutput: string;
  /** Encrypts the session data, and the log group. */
  readonly key: Located;
  readonly retentionDays: number;
  /** Minutes after which an idle session ends. */
  readonly idleTimeoutMinutes: number;
}

const ROLE_OUTPUTS = {
  administrator: 'AdministratorRoleArn',
  operator: 'OperatorRoleArn',
  databaseAdministrator: 'DatabaseAdministratorRoleArn',
  auditor: 'AuditorRoleArn',
} as const;

const ALARM_ACTIONS = ['AlarmActions', 'OKActions', 'InsufficientDataActions'];

const RETAINING_POLICIES = new Set(['Retain', 'RetainExceptOnCreate', 'Snapshot']);

export interface FactsInput {
  readonly assemblyDir: string;
  readonly config: PocConfig;
  readonly configFile: string;
}

export function readRunbookFacts(input: FactsInput): RunbookFacts {
  return new FactReader(loadModel(input.assemblyDir), input.config, input.configFile, input.assemblyDir).read();
}

const keyOf = (located: Located): string => `${located.stack}/${located.logicalId}`;

function locatedOf(key: string): Located {
  const slash = key.indexOf('/');
  return { stack: key.slice(0, slash), logicalId: key.slice(slash + 1) };
}

class FactReader {
  private readonly resolver: Resolver;
  private readonly index: ResourceIndex;
  private readonly endpoints: readonly Endpoint[];
  private readonly stacks: Partial<Record<StackRole, StackTemplate>> = {};
  /** Outputs other stacks read (Fn::ImportValue of their export, Fn::GetStackOutput): plumbing, not for people. */
  private readonly consumedOutputs = new Set<string>();

  private readonly assembly: Assembly;

  constructor(
    private readonly model: PocModel,
    private readonly config: PocConfig,
    private readonly configFile: string,
    private readonly directory: string,
  ) {
    const { assembly } = model;
    this.assembly = assembly;
    this.index = model.index;
    this.resolver = model.index.resolver;
    this.endpoints = model.placements.endpoints;
    for (const role of STACK_ROLES) {
      const name = stackName(config, role);
      const stack = assembly.stacks.find((candidate) => candidate.name === name);
      const expected = role !== 'DisasterRecovery' || config.disasterRecovery.copyToRegion !== null;
      if (stack && expected) this.stacks[role] = stack;
      else if (expected) {
        throw new RunbookError(
          `${directory} has no stack ${name}: it was synthesized from another config; synthesize ${configFile} into it first`,
        );
      }
    }
    for (const stack of assembly.stacks) {
      walk(stack.template.Resources, (node) => {
        const reference = node['Fn::GetStackOutput'];
        if (isObject(reference) && typeof reference.StackName === 'string' && typeof reference.OutputName === 'string') {
          this.consumedOutputs.add(`${reference.StackName}/${reference.OutputName}`);
        }
        if ('Fn::ImportValue' in node) {
          const name = this.resolver.value(stack.name, node['Fn::ImportValue']);
          const exported = name.kind === 'literal' ? this.resolver.exportedOutput(name.value) : undefined;
          if (exported) this.consumedOutputs.add(`${exported.stack}/${exported.key}`);
        }
      });
    }
  }

  read(): RunbookFacts {
    const web = this.tier('web');
    const app = this.tier('app');
    const database = this.database();
    return {
      config: this.config,
      configFile: this.configFile,
      assembly: this.assembly,
      stacks: this.stacks,
      primaryRegion: this.stack('Data').region,
      web,
      app,
      ...this.bastions(),
      webAlb: locatedOf(this.endpoint('webAlb', 'the web load balancer CloudFront reaches through its VPC origin').key),
      database,
      ...this.secrets(database),
      cache: this.cache(),
      backup: this.backup(),
      edge: this.edge(),
      operations: this.operations(),
      sessionLogging: this.sessionLogging(),
      edgeAlarms: this.alarms('EdgeAlarms'),
      distributionIdParameter: this.distributionIdParameter(),
      buckets: this.buckets(),
      retained: this.retained(),
      protectedLoadBalancers: this.model.loadBalancers
        .filter((loadBalancer) => loadBalancer.deletionProtection)
        .map(({ source: { stack, logicalId } }) => ({ stack, logicalId })),
      logGroupRetentionDays: this.logGroupRetention(),
    };
  }

  private stack(role: StackRole): StackTemplate {
    const stack = this.stacks[role];
    if (!stack) throw new RunbookError(`${this.directory} has no ${role} stack for ${this.configFile}`);
    return stack;
  }

  private resources(role: StackRole, type: string): IndexedResource[] {
    const name = this.stack(role).name;
    return this.index.ofType(type).filter((entry) => entry.stack === name);
  }

  private one(role: StackRole, type: string, what: string, filter: (entry: IndexedResource) => boolean = () => true) {
    const found = this.resources(role, type).filter(filter);
    if (found.length !== 1) {
      throw new RunbookError(
        `${this.stack(role).name} should hold exactly one ${type} (${what}), found ${found.length}: ${found.map((entry) => entry.logicalId).join(', ') || 'none'}`,
      );
    }
    return found[0];
  }

  private endpoint(zone: string, what: string): Endpoint {
    const found = this.endpoints.filter((endpoint) => endpoint.zone === zone);
    if (found.length !== 1) {
      throw new RunbookError(`the assembly should hold exactly one ${what}, found ${found.length}`);
    }
    return found[0];
  }

  /** The key of the resource an expression in `stack` names, or an error saying what was expected. */
  private target(entry: IndexedResource, expression: unknown, what: string): Located {
    const key = this.index.keyOf(entry.stack, expression);
    if (!key || key.startsWith('external:')) {
      throw new RunbookError(`${entry.stack} ${entry.logicalId}: ${what} is not a resource of the assembly`);
    }
    return locatedOf(key);
  }

  private present(entry: IndexedResource, value: string | undefined, what: string): string {
    if (value === undefined) throw new RunbookError(`${entry.stack} ${entry.logicalId}: ${what} is not a literal value`);
    return value;
  }

  private literal(entry: IndexedResource, expression: unknown, what: string): string {
    const value = this.index.literal(entry.stack, expression);
    if (value === undefined) throw new RunbookError(`${entry.stack} ${entry.logicalId}: ${what} is not a literal value`);
    return value;
  }

  /** The output people read for a resource: one that resolves to it and that no other stack consumes. */
  private outputFor(located: Located, attribute?: string): string {
    const stack = this.assembly.stacks.find((candidate) => candidate.name === located.stack);
    const keys = Object.entries(stack?.template.Outputs ?? {})
      .filter(([key]) => !this.consumedOutputs.has(`${located.stack}/${key}`))
      .filter(([, output]) => {
        const value = this.resolver.value(located.stack, output.Value);
        return value.kind === 'resource' && value.logicalId === located.logicalId && value.attribute === attribute;
      })
      .map(([key]) => key)
      .sort();
    if (keys.length === 0) {
      throw new RunbookError(
        `${located.stack} has no output giving ${located.logicalId}${attribute ? `.${attribute}` : ''}: the runbooks read it from there`,
      );
    }
    return keys[0];
  }

  private namedOutput(role: StackRole, key: string): string {
    const stack = this.stack(role);
    if (!stack.template.Outputs?.[key])
      throw new RunbookError(`${stack.name} has no output ${key}: the runbooks read it from there`);
    return key;
  }

  private subnet(located: Located): SubnetFact {
    const resource = this.index.get(keyOf(located));
    const zone = resource?.props.AvailabilityZone;
    if (typeof zone === 'string') return { ...located, zone };
    const select = isObject(zone) ? zone['Fn::Select'] : undefined;
    if (Array.isArray(select) && isObject(select[1]) && 'Fn::GetAZs' in select[1]) {
      return { ...located, zoneIndex: Number(select[0]) };
    }
    return located;
  }

  private tier(tier: 'web' | 'app'): TierFact {
    const endpoint = this.endpoint(tier, `Auto Scaling group of the ${tier} tier`);
    const group = locatedOf(endpoint.key);
    const entry = this.index.get(endpoint.key) as IndexedResource;
    const targetGroups = this.index.keysOf(entry.stack, entry.props.TargetGroupARNs).map(locatedOf);
    if (targetGroups.length !== 1)
      throw new RunbookError(`${endpoint.key}: expected one target group, found ${targetGroups.length}`);
    const policy = this.one(
      'App',
      'AWS::AutoScaling::ScalingPolicy',
      `CPU target tracking of the ${tier} tier`,
      (candidate) => this.index.keyOf(candidate.stack, candidate.props.AutoScalingGroupName) === endpoint.key,
    );
    const tracking = isObject(policy.props.TargetTrackingConfiguration) ? policy.props.TargetTrackingConfiguration : {};
    const subnets = uniqueBy(
      endpoint.placements.map((placement) =>
        this.subnet({ stack: placement.subnet.stack, logicalId: placement.subnet.logicalId }),
      ),
      keyOf,
    ).sort(bySubnetPosition);
    return {
      tier,
      group,
      targetGroup: targetGroups[0],
      scalingPolicy: { stack: policy.stack, logicalId: policy.logicalId },
      cpuTargetPercent: Number(this.literal(policy, tracking.TargetValue, 'the CPU target')),
      minSize: Number(this.literal(entry, entry.props.MinSize, 'MinSize')),
      maxSize: Number(this.literal(entry, entry.props.MaxSize, 'MaxSize')),
      subnets,
      maxInstanceLifetimeSeconds: this.maxInstanceLifetime(entry),
      amiParameter: this.amiParameter(entry),
    };
  }

  private maxInstanceLifetime(group: IndexedResource): number | undefined {
    const lifetime = group.props.MaxInstanceLifetime;
    return lifetime === undefined ? undefined : Number(this.literal(group, lifetime, 'MaxInstanceLifetime'));
  }

  /** `resolve:ssm:<name>` in the group's launch template: the parameter EC2 reads at each launch. */
  private amiParameter(group: IndexedResource): string | undefined {
    const specification = isObject(group.props.LaunchTemplate) ? group.props.LaunchTemplate : {};
    const template = this.target(group, specification.LaunchTemplateId, 'LaunchTemplate.LaunchTemplateId');
    const entry = this.index.get(keyOf(template)) as IndexedResource;
    const data = isObject(entry.props.LaunchTemplateData) ? entry.props.LaunchTemplateData : {};
    const image = this.index.literal(entry.stack, data.ImageId);
    return image?.startsWith('resolve:ssm:') ? image.slice('resolve:ssm:'.length) : undefined;
  }

  private bastions(): { bastions: BastionsFact; bastionGroup: Located; sshCidrs: string[] } {
    const endpoint = this.endpoint('bastion', 'Auto Scaling group of the bastions');
    const located = locatedOf(endpoint.key);
    const entry = this.index.get(endpoint.key) as IndexedResource;
    const bastions = {
      ...located,
      output: this.outputFor(located),
      subnets: uniqueBy(
        endpoint.placements.map((placement) =>
          this.subnet({ stack: placement.subnet.stack, logicalId: placement.subnet.logicalId }),
        ),
        keyOf,
      ).sort(bySubnetPosition),
      publicIp: endpoint.placements.some((placement) => placement.publicIp),
      maxInstanceLifetimeSeconds: this.maxInstanceLifetime(entry),
      amiParameter: this.amiParameter(entry),
    };
    if (endpoint.groups.length !== 1) {
      throw new RunbookError(`the bastions should have one security group, found ${endpoint.groups.length}`);
    }
    const group = locatedOf(endpoint.groups[0].key);
    return { bastions, bastionGroup: group, sshCidrs: this.sshCidrs(group) };
  }

  /** CIDR sources of port 22 on a security group: its inline rules and separate ingress resources. */
  private sshCidrs(group: Located): string[] {
    const entry = this.index.get(keyOf(group)) as IndexedResource;
    const inline = Array.isArray(entry.props.SecurityGroupIngress) ? entry.props.SecurityGroupIngress.filter(isObject) : [];
    const separate = this.index
      .ofType('AWS::EC2::SecurityGroupIngress')
      .filter((candidate) => this.index.keyOf(candidate.stack, candidate.props.GroupId) === keyOf(group))
      .map((candidate) => candidate.props);
    const cidrs = [...inline, ...separate]
      .filter((rule) => {
        const from = Number(this.index.literal(entry.stack, rule.FromPort));
        const to = Number(this.index.literal(entry.stack, rule.ToPort));
        return this.index.literal(entry.stack, rule.IpProtocol) === 'tcp' && from <= 22 && 22 <= to;
      })
      .map((rule) => this.index.literal(entry.stack, rule.CidrIp))
      .filter((cidr): cidr is string => cidr !== undefined);
    return [...new Set(cidrs)].sort();
  }

  private database(): DatabaseFact {
    const endpoint = this.endpoint('database', 'RDS DB instance');
    const entry = this.index.get(endpoint.key) as IndexedResource;
    const located = locatedOf(endpoint.key);
    if (endpoint.groups.length !== 1) throw new RunbookError(`${endpoint.key}: expected one security group`);
    const monitoringRole =
      entry.props.MonitoringRoleArn === undefined
        ? undefined
        : this.target(entry, entry.props.MonitoringRoleArn, 'MonitoringRoleArn');
    const subscription = this.one('Operations', 'AWS::RDS::EventSubscription', 'RDS events to the alarm topic');
    const exports = this.resolver.list(entry.stack, entry.props.EnableCloudwatchLogsExports);
    return {
      ...located,
      identifier: this.literal(entry, entry.props.DBInstanceIdentifier, 'DBInstanceIdentifier'),
      output: this.outputFor(located),
      endpointOutput: this.outputFor(located, 'Endpoint.Address'),
      subnetGroup: this.target(entry, entry.props.DBSubnetGroupName, 'DBSubnetGroupName'),
      parameterGroup: this.target(entry, entry.props.DBParameterGroupName, 'DBParameterGroupName'),
      optionGroup:
        entry.props.OptionGroupName === undefined
          ? undefined
          : this.target(entry, entry.props.OptionGroupName, 'OptionGroupName'),
      securityGroup: locatedOf(endpoint.groups[0].key),
      key: this.target(entry, entry.props.KmsKeyId, 'KmsKeyId'),
      monitoringRole,
      masterUsername: this.literal(entry, entry.props.MasterUsername, 'MasterUsername'),
      backupRetentionDays: Number(this.literal(entry, entry.props.BackupRetentionPeriod, 'BackupRetentionPeriod')),
      backupWindow: this.literal(entry, entry.props.PreferredBackupWindow, 'PreferredBackupWindow'),
      logExports: exports.flatMap((value) => (value.kind === 'literal' ? [value.value] : [])),
      eventSubscription: { stack: subscription.stack, logicalId: subscription.logicalId },
    };
  }

  private secrets(database: DatabaseFact): { secret: SecretFact; appSecret: SecretFact } {
    const attachments = this.resources('Data', 'AWS::SecretsManager::SecretTargetAttachment').filter(
      (entry) => this.index.keyOf(entry.stack, entry.props.TargetId) === keyOf(database),
    );
    const isMaster = (attachment: IndexedResource) => {
      const secret = this.index.get(keyOf(this.target(attachment, attachment.props.SecretId, 'SecretId')));
      const generated = isObject(secret?.props.GenerateSecretString) ? secret.props.GenerateSecretString : {};
      const template = this.index.literal(attachment.stack, generated.SecretStringTemplate);
      return template !== undefined && template.includes(`"username":${JSON.stringify(database.masterUsername)}`);
    };
    const masters = attachments.filter(isMaster);
    const published = attachments.filter((entry) => !isMaster(entry) && this.hasOutputFor(entry));
    if (masters.length !== 1 || published.length !== 1) {
      throw new RunbookError(
        `${this.stack('Data').name} should attach exactly one master secret and publish exactly one user secret to the database, found ${masters.length} and ${published.length}`,
      );
    }
    return { secret: this.secretOf(masters[0]), appSecret: this.secretOf(published[0]) };
  }

  private hasOutputFor(entry: IndexedResource): boolean {
    try {
      this.outputFor({ stack: entry.stack, logicalId: entry.logicalId });
      return true;
    } catch (error) {
      if (error instanceof RunbookError) return false;
      throw error;
    }
  }

  private secretOf(attachment: IndexedResource): SecretFact {
    const attachmentKey = attachment.key;
    const secret = this.target(attachment, attachment.props.SecretId, 'SecretId');
    const rotation = this.one('Data', 'AWS::SecretsManager::RotationSchedule', `rotation of ${attachment.logicalId}`, (entry) =>
      [attachmentKey, keyOf(secret)].includes(this.index.keyOf(entry.stack, entry.props.SecretId) ?? ''),
    );
    const rules = isObject(rotation.props.RotationRules) ? rotation.props.RotationRules : {};
    const application = this.target(rotation, rotation.props.RotationLambdaARN, 'RotationLambdaARN');
    const applicationEntry = this.index.get(keyOf(application)) as IndexedResource;
    const parameters = isObject(applicationEntry.props.Parameters) ? applicationEntry.props.Parameters : {};
    const rotationEndpoint = this.endpoints.find(
      (endpoint) => endpoint.zone === 'rotation' && endpoint.key === keyOf(application),
    );
    if (!rotationEndpoint || rotationEndpoint.groups.length !== 1) {
      throw new RunbookError(`${keyOf(application)}: the rotation function should run in the VPC with one security group`);
    }
    return {
      secret,
      attachment: { stack: attachment.stack, logicalId: attachment.logicalId },
      output: this.outputFor({ stack: attachment.stack, logicalId: attachment.logicalId }),
      rotation: { stack: rotation.stack, logicalId: rotation.logicalId },
      schedule: this.literal(rotation, rules.ScheduleExpression, 'the rotation schedule'),
      rotationApplication: application,
      rotationFunctionName: this.literal(applicationEntry, parameters.functionName, 'the rotation function name'),
      rotationGroup: locatedOf(rotationEndpoint.groups[0].key),
    };
  }

  private cache(): CacheFact {
    const endpoint = this.endpoint('cache', 'memcached cache (RDS MEMCACHED option or ElastiCache)');
    if (endpoint.groups.length !== 1) throw new RunbookError(`${endpoint.key}: expected one security group`);
    const securityGroup = locatedOf(endpoint.groups[0].key);
    if (endpoint.key.endsWith('#MEMCACHED')) {
      const database = this.index.get(endpoint.key.replace(/#MEMCACHED$/, '')) as IndexedResource;
      return {
        kind: 'rds-memcached-option',
        optionGroup: this.target(database, database.props.OptionGroupName, 'OptionGroupName'),
        securityGroup,
      };
    }
    const cluster = locatedOf(endpoint.key);
    const outputs = Object.keys(this.stack('Data').template.Outputs ?? {}).filter((key) => key === 'CacheConfigurationEndpoint');
    return { kind: 'elasticache-memcached', cluster, output: outputs[0], securityGroup };
  }

  private backup(): BackupFact {
    const plan = this.one('Data', 'AWS::Backup::BackupPlan', 'the database backup plan');
    const body = isObject(plan.props.BackupPlan) ? plan.props.BackupPlan : {};
    const rules = Array.isArray(body.BackupPlanRule) ? body.BackupPlanRule.filter(isObject) : [];
    if (rules.length !== 1)
      throw new RunbookError(`${plan.stack} ${plan.logicalId}: expected one backup rule, found ${rules.length}`);
    const vault = this.target(plan, rules[0].TargetBackupVault, 'TargetBackupVault');
    const vaultEntry = this.index.get(keyOf(vault)) as IndexedResource;
    const copy = this.stacks.DisasterRecovery ? this.copyVault() : undefined;
    return {
      vault: { ...vault, name: this.literal(vaultEntry, vaultEntry.props.BackupVaultName, 'BackupVaultName') },
      plan: {
        stack: plan.stack,
        logicalId: plan.logicalId,
        name: this.literal(plan, body.BackupPlanName, 'BackupPlanName'),
        schedule: this.literal(plan, rules[0].ScheduleExpression, 'ScheduleExpression'),
      },
      copy,
    };
  }

  private copyVault(): BackupFact['copy'] {
    const stack = this.stack('DisasterRecovery');
    const vault = this.one('DisasterRecovery', 'AWS::Backup::BackupVault', 'the vault of the cross-region copies');
    if (!stack.region) throw new RunbookError(`${stack.name} is not pinned to a region: the DR copies need one`);
    const located = { stack: vault.stack, logicalId: vault.logicalId };
    return {
      ...located,
      name: this.literal(vault, vault.props.BackupVaultName, 'BackupVaultName'),
      region: stack.region,
      output: this.outputFor(located, 'BackupVaultArn'),
      key: this.target(vault, vault.props.EncryptionKeyArn, 'EncryptionKeyArn'),
    };
  }

  private edge(): EdgeFact {
    const distribution = this.one('Edge', 'AWS::CloudFront::Distribution', 'the CloudFront distribution');
    const parsed = this.model.distributions.find((candidate) => candidate.source.key === distribution.key);
    const bucketOrigin = parsed?.origins.find((origin) => origin.s3 || origin.originAccessControl);
    if (!parsed || !bucketOrigin)
      throw new RunbookError(`${distribution.stack} ${distribution.logicalId}: no S3 origin for the static assets`);
    const domain = bucketOrigin.domainName;
    if (domain.kind !== 'resource')
      throw new RunbookError(`${distribution.stack} ${distribution.logicalId}: the S3 origin is not a resource of the assembly`);
    const bucket = { stack: domain.stack, logicalId: domain.logicalId };
    const staticBehavior = parsed.behaviors.find(
      (behavior) => behavior.where !== 'DefaultCacheBehavior' && behavior.targetOriginId === bucketOrigin.id,
    );
    const located = { stack: distribution.stack, logicalId: distribution.logicalId };
    return {
      distribution: located,
      domainOutput: this.outputFor(located, 'DomainName'),
      bucket,
      bucketOutput: this.outputFor(bucket),
      staticPathPattern: this.present(distribution, staticBehavior?.pathPattern, 'the static-assets path pattern'),
      deploysAssets: this.index
        .ofType('Custom::CDKBucketDeployment')
        .some((entry) => this.index.keyOf(entry.stack, entry.props.DestinationBucketName) === keyOf(bucket)),
    };
  }

  private distributionIdParameter(): SsmParameterFact {
    const alarms = this.stack('EdgeAlarms');
    const read = Object.entries(alarms.template.Parameters ?? {}).filter(
      ([, parameter]) =>
        parameter.Type === 'AWS::SSM::Parameter::Value<String>' &&
        typeof parameter.Default === 'string' &&
        !parameter.Default.startsWith('/cdk-bootstrap/'),
    );
    if (read.length !== 1) {
      throw new RunbookError(`${alarms.name} should read exactly one SSM parameter (the distribution id), found ${read.length}`);
    }
    const [key, parameter] = read[0];
    const name = String(parameter.Default);
    const writers = this.resources('Edge', 'Custom::AWS').filter((entry) =>
      JSON.stringify(entry.props.Create ?? null).includes(name),
    );
    if (writers.length !== 1) {
      throw new RunbookError(
        `${this.stack('Edge').name} should write ${name}, which ${alarms.name} reads; found ${writers.length} writers`,
      );
    }
    return { stack: alarms.name, key, name };
  }

  private alarms(role: StackRole): AlarmFact[] {
    return this.resources(role, 'AWS::CloudWatch::Alarm')
      .map((entry) => {
        // What the alarm measures, without where it sends its notifications.
        const measured = Object.entries(entry.props).filter(([property]) => !ALARM_ACTIONS.includes(property));
        return {
          stack: entry.stack,
          logicalId: entry.logicalId,
          name: this.literal(entry, entry.props.AlarmName, 'AlarmName'),
          watches: referencedKeys(this.resolver, entry.stack, measured),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private operations(): OperationsFact {
    const stack = this.stack('Operations');
    const topicOutput = this.namedOutput('Operations', 'AlarmTopicArn');
    const topicValue = this.resolver.value(stack.name, stack.template.Outputs?.[topicOutput]?.Value);
    if (topicValue.kind !== 'resource') throw new RunbookError(`${stack.name} output ${topicOutput} does not name the topic`);
    const topic = { stack: topicValue.stack, logicalId: topicValue.logicalId };
    const subscriptions = this.resources('Operations', 'AWS::SNS::Subscription').filter(
      (entry) => this.index.literal(entry.stack, entry.props.Protocol) === 'email',
    );
    const dashboards = this.resources('Operations', 'AWS::CloudWatch::Dashboard');
    const eventRule = (source: string, what: string) => {
      const rule = this.one('Operations', 'AWS::Events::Rule', what, (entry) => {
        const pattern = isObject(entry.props.EventPattern) ? entry.props.EventPattern : {};
        return Array.isArray(pattern.source) && pattern.source.includes(source);
      });
      return { stack: rule.stack, logicalId: rule.logicalId };
    };
    const trails = this.resources('Operations', 'AWS::CloudTrail::Trail');
    const roleOutputs = Object.fromEntries(
      Object.entries(ROLE_OUTPUTS).map(([role, key]) => [role, this.namedOutput('Operations', key)]),
    ) as OperationsFact['roleOutputs'];
    return {
      topic,
      topicOutput,
      subscription: subscriptions[0] && {
        stack: subscriptions[0].stack,
        logicalId: subscriptions[0].logicalId,
        email: this.literal(subscriptions[0], subscriptions[0].props.Endpoint, 'the subscription e-mail'),
      },
      dashboard: dashboards[0] && {
        stack: dashboards[0].stack,
        logicalId: dashboards[0].logicalId,
        name: this.literal(dashboards[0], dashboards[0].props.DashboardName, 'DashboardName'),
      },
      roleOutputs,
      alarms: this.alarms('Operations'),
      scalingEvents: eventRule('aws.autoscaling', 'Auto Scaling events to the alarm topic'),
      complianceEvents: eventRule('aws.config', 'AWS Config NON_COMPLIANT evaluations to the alarm topic'),
      configRules: this.resources('Operations', 'AWS::Config::ConfigRule').map((entry) => {
        const source = isObject(entry.props.Source) ? entry.props.Source : {};
        return {
          stack: entry.stack,
          logicalId: entry.logicalId,
          identifier: this.literal(entry, source.SourceIdentifier, 'SourceIdentifier'),
        };
      }),
      trail: trails[0] && {
        stack: trails[0].stack,
        logicalId: trails[0].logicalId,
        dataEventBuckets: dataEventBucketKeys(this.index, trails[0]).map(locatedOf),
      },
    };
  }

  /**
   * The regional Session Manager preferences of the POC, if it sets them: they must stream every
   * session to a KMS-encrypted log group with a retention, and encrypt the session with a key.
   */
  private sessionLogging(): SessionLoggingFact | undefined {
    const documents = this.index
      .ofType('AWS::SSM::Document')
      .filter((entry) => this.index.literal(entry.stack, entry.props.Name) === SESSION_PREFERENCES_DOCUMENT);
    if (documents.length === 0) return undefined;
    if (documents.length > 1) {
      throw new RunbookError(
        `the assembly holds ${documents.length} ${SESSION_PREFERENCES_DOCUMENT} documents: one per region only`,
      );
    }
    const document = documents[0];
    const where = `${document.stack} ${document.logicalId}`;
    const content = isObject(document.props.Content) ? document.props.Content : {};
    const inputs = isObject(content.inputs) ? content.inputs : {};
    if (
      this.index.literal(document.stack, document.props.DocumentType) !== 'Session' ||
      content.sessionType !== 'Standard_Stream'
    ) {
      throw new RunbookError(`${where}: Session Manager preferences are a Session document of type Standard_Stream`);
    }
    for (const flag of ['cloudWatchEncryptionEnabled', 'cloudWatchStreamingEnabled']) {
      if (inputs[flag] !== true) throw new RunbookError(`${where}: inputs.${flag} should be true`);
    }
    const logGroup = this.target(document, inputs.cloudWatchLogGroupName, 'inputs.cloudWatchLogGroupName');
    const retention = this.logGroupRetention()[keyOf(logGroup)];
    if (retention === undefined) throw new RunbookError(`${keyOf(logGroup)}: the session log group sets no retention`);
    return {
      document: { stack: document.stack, logicalId: document.logicalId },
      logGroup,
      logGroupOutput: this.outputFor(logGroup),
      key: this.target(document, inputs.kmsKeyId, 'inputs.kmsKeyId'),
      retentionDays: retention,
      idleTimeoutMinutes: Number(this.literal(document, inputs.idleSessionTimeout, 'inputs.idleSessionTimeout')),
    };
  }

  private buckets(): BucketFact[] {
    return this.index.ofType('AWS::S3::Bucket').map((entry) => {
      const versioning = isObject(entry.props.VersioningConfiguration) ? entry.props.VersioningConfiguration : {};
      const lock = isObject(entry.props.ObjectLockConfiguration) ? entry.props.ObjectLockConfiguration : undefined;
      const retention = isObject(lock?.Rule) && isObject(lock.Rule.DefaultRetention) ? lock.Rule.DefaultRetention : undefined;
      const logging = isObject(entry.props.LoggingConfiguration) ? entry.props.LoggingConfiguration : undefined;
      const destination =
        logging?.DestinationBucketName === undefined ? undefined : this.index.keyOf(entry.stack, logging.DestinationBucketName);
      return {
        stack: entry.stack,
        logicalId: entry.logicalId,
        versioned: this.index.literal(entry.stack, versioning.Status) === 'Enabled',
        objectLock: retention && {
          mode: this.literal(entry, retention.Mode, 'the object lock mode'),
          days: Number(this.literal(entry, retention.Days, 'the object lock days')),
        },
        accessLogs:
          destination && !destination.startsWith('external:') && logging
            ? { bucket: locatedOf(destination), prefix: this.index.literal(entry.stack, logging.LogFilePrefix) ?? '' }
            : undefined,
      };
    });
  }

  private retained(): RetainedFact[] {
    return this.assembly.stacks
      .filter((stack) => !stack.parent)
      .flatMap((stack) =>
        Object.entries(stack.template.Resources ?? {})
          .filter(([, resource]) => RETAINING_POLICIES.has(deletionPolicy(resource)))
          .map(([logicalId, resource]) => ({
            stack: stack.name,
            logicalId,
            type: resource.Type,
            policy: deletionPolicy(resource),
            properties: resource.Properties ?? {},
          })),
      );
  }

  private logGroupRetention(): Record<string, number> {
    return Object.fromEntries(
      this.index
        .ofType('AWS::Logs::LogGroup')
        .filter((entry) => entry.props.RetentionInDays !== undefined)
        .map((entry) => [entry.key, Number(this.index.literal(entry.stack, entry.props.RetentionInDays))]),
    );
  }
}

function deletionPolicy(resource: CfnResource): string {
  const policy = (resource as { DeletionPolicy?: unknown }).DeletionPolicy;
  return typeof policy === 'string' ? policy : 'Delete';
}

/** Keys of every resource that the intrinsic functions inside `expression` name, across stacks. */
function referencedKeys(resolver: Resolver, stack: string, expression: unknown): Set<string> {
  const keys = new Set<string>();
  walk(expression, (node) => {
    const names = Object.keys(node);
    if (names.length !== 1 || !['Ref', 'Fn::GetAtt', 'Fn::GetStackOutput', 'Fn::ImportValue'].includes(names[0])) return;
    const value = resolver.value(stack, node);
    if (value.kind === 'resource') keys.add(`${value.stack}/${value.logicalId}`);
  });
  return keys;
}

function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) value.forEach((item) => walk(item, visit));
  else if (isObject(value)) {
    visit(value);
    Object.values(value).forEach((item) => walk(item, visit));
  }
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

/** Subnets in AZ order: the template's AZ name, else its Fn::GetAZs position, else the logical id. */
function bySubnetPosition(a: SubnetFact, b: SubnetFact): number {
  const position = (subnet: SubnetFact) => subnet.zone ?? String(subnet.zoneIndex ?? subnet.logicalId).padStart(3, '0');
  return position(a).localeCompare(position(b)) || a.logicalId.localeCompare(b.logicalId);
}
