import { PocModel, Source, StackInfo } from '../model';
import { StackRole } from '../config/naming';
import { PocConfig } from '../config/schema';

/**
 * What the runbooks need to know about a synthesized POC, read from its model alone (see
 * `facts-read.ts`): which resource plays which part (found from what it is and how it is wired,
 * as the segmentation analysis does, never from its construct path, which in-process synthesis
 * does not record), the outputs that name them, the alarms that watch them, and what outlives a
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

export const keyOf = (resource: Located): string => `${resource.stack}/${resource.logicalId}`;

export function locatedOf(key: string): Located {
  const slash = key.indexOf('/');
  return { stack: key.slice(0, slash), logicalId: key.slice(slash + 1) };
}

export const located = (source: Source): Located => ({ stack: source.stack, logicalId: source.logicalId });

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
}

export interface ConfigRuleFact extends Located {
  readonly identifier: string;
}

export interface RunbookFacts {
  readonly config: PocConfig;
  /** How commands name the config: `-c config=<configFile>`. */
  readonly configFile: string;
  /** The model the facts are read from: the stacks, and what a runbook checks a name against. */
  readonly model: PocModel;
  readonly stacks: Readonly<Partial<Record<StackRole, StackInfo>>>;
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
