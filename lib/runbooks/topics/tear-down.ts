import { StackRole } from '../../config/naming';
import { regionSetup, roleStep, Runbook } from '../common';
import { code, RunbookContext, shell, table } from '../context';
import { RetainedFact } from '../facts';
import { fillTemplate } from '../templates';

/** The property holding a resource's physical name, for the types that may be retained. */
const NAME_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::Backup::BackupVault': 'BackupVaultName',
  'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
};

/** Where step 1 saves the physical names of a stack's resources: `<stack>.resources.txt`. */
const NAMES_FILE_SUFFIX = '.resources.txt';

/** Deletion order of what stays: the keys last, since everything else is encrypted with them. */
const TYPE_ORDER = [
  'AWS::S3::Bucket',
  'AWS::Backup::BackupVault',
  'AWS::RDS::DBInstance',
  'AWS::Logs::LogGroup',
  'AWS::KMS::Key',
  'AWS::IAM::Role',
];

/** The profile of the signed-in principal's own credentials: the `source_profile` of the role profiles (connect runbook). */
const OWN_CREDENTIALS_PROFILE = 'default';

export const tearDownRunbook: Runbook = {
  file: 'tear-down.md',
  title: 'Tear the POC down',
  summary:
    'destroy the stacks in order, lift the protections of the stateful ones, then delete by hand what is retained by design.',
  render(ctx) {
    const { facts } = ctx;
    const roles = (Object.keys(facts.stacks) as StackRole[]).filter((role) => facts.stacks[role]);
    const baseline = facts.config.accountBaseline;
    const created = [
      !baseline.hasConfigRecorder && 'the AWS Config recorder',
      !baseline.hasOrganizationTrail && 'the CloudTrail trail',
      !baseline.hasSessionManagerPreferences && 'the Session Manager preferences (sessions are then no longer recorded)',
      baseline.guardDuty && 'the GuardDuty detector (its findings go with it)',
      baseline.securityHub && 'Security Hub and its PCI DSS standard',
      baseline.inspector && 'Amazon Inspector EC2 scanning',
    ].filter((item): item is string => typeof item === 'string');
    const protectedStacks = roles.filter((role) => facts.stacks[role]?.terminationProtection);
    return fillTemplate('tear-down', {
      regionSetup: regionSetup(ctx),
      roleStep: roleStep(ctx, 'administrator', 'it lifts protections and deletes everything'),
      operationsStack: ctx.stack('Operations'),
      accountServices:
        created.length > 0
          ? fillTemplate('tear-down-account-services', {
              services: created.join(', '),
              operationsStack: ctx.stack('Operations'),
            })
          : fillTemplate('tear-down-no-account-services', {}),
      saveCommands: shell(...saveNamesCommands(ctx, roles, { fileSuffix: NAMES_FILE_SUFFIX, ownRegions: true })),
      loadBalancerProtection: loadBalancerProtection(ctx),
      destroyStatelessCommand: shell(ctx.cdk('destroy', ['Operations', 'EdgeAlarms', 'Edge', 'App'])),
      dataStack: ctx.stack('Data'),
      destroyDataCommands: shell(
        ctx.outputVar('DB', 'Data', facts.database.output),
        'aws rds modify-db-instance --db-instance-identifier "$DB" --no-deletion-protection --apply-immediately',
        ...protectedStacks
          .filter((role) => role === 'Data')
          .map(
            (role) =>
              `aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name ${ctx.stack(role)}`,
          ),
        ctx.cdk('destroy', ['Data', 'Network']),
      ),
      disasterRecoveryStack: disasterRecoveryStack(ctx, protectedStacks.includes('DisasterRecovery')),
      whatStays: whatStays(ctx, facts.retained, { fileSuffix: NAMES_FILE_SUFFIX, ownRegions: true }),
    });
  },
};

/**
 * The commands that lift each protected load balancer's deletion protection: until they run,
 * CloudFormation cannot delete the load balancers, nor the stack that holds them. They act on the
 * region of each load balancer's stack (the exported AWS_REGION for the POC's region).
 */
export function loadBalancerProtection(ctx: RunbookContext): string[] {
  const balancers = ctx.facts.protectedLoadBalancers;
  if (balancers.length === 0) return [];
  const stacks = [...new Set(balancers.map((balancer) => code(balancer.stack)))];
  return [
    ...fillTemplate('tear-down-load-balancers', {
      stacks: stacks.join(', '),
      commands: shell(
        ...balancers.flatMap((balancer) => [
          ctx.idVar('ALB', balancer),
          'aws elbv2 modify-load-balancer-attributes --load-balancer-arn "$ALB" --attributes Key=deletion_protection.enabled,Value=false',
        ]),
      ),
    }),
    '',
  ];
}

function disasterRecoveryStack(ctx: RunbookContext, isProtected: boolean): string[] {
  if (!ctx.facts.stacks.DisasterRecovery) return [];
  const stack = ctx.stack('DisasterRecovery');
  return [
    '',
    ...fillTemplate('tear-down-dr-stack', {
      stack,
      commands: shell(
        ...(isProtected
          ? [
              `aws cloudformation update-termination-protection${ctx.regionFlag(stack)} --no-enable-termination-protection --stack-name ${stack}`,
            ]
          : []),
        ctx.cdk('destroy', ['DisasterRecovery']),
      ),
    }),
  ];
}

/** Where the names of what stays are saved, and in which region the commands act. */
export interface KeptOptions {
  /** The file of stack S is `S<fileSuffix>`. */
  readonly fileSuffix: string;
  /**
   * true: each command names its stack's own region where it differs from the POC's. false: every
   * command acts on the region exported in AWS_REGION, and the deletions name `region`.
   */
  readonly ownRegions: boolean;
  readonly region?: string;
}

/** `describe-stack-resources` of each stack into its file: physical names cannot be asked of a deleted stack. */
export function saveNamesCommands(ctx: RunbookContext, roles: readonly StackRole[], options: KeptOptions): string[] {
  return roles.map((role) => {
    const stack = ctx.stack(role);
    return (
      `aws cloudformation describe-stack-resources${options.ownRegions ? ctx.regionFlag(stack) : ''} --stack-name ${stack} \\\n` +
      `  --query 'StackResources[].[LogicalResourceId,ResourceType,PhysicalResourceId]' --output text > ${stack}${options.fileSuffix}`
    );
  });
}

/** The table of what `resources` leave behind, and how to delete each kind, keys last. */
export function whatStays(ctx: RunbookContext, resources: readonly RetainedFact[], options: KeptOptions): string[] {
  const region = (stack: string) =>
    options.ownRegions ? ctx.regionFlag(stack) : options.region ? ` --region ${options.region}` : '';
  const anyRegion = options.ownRegions || !options.region ? '' : ` --region ${options.region}`;
  const database = resources.find((resource) => resource.type === 'AWS::RDS::DBInstance');
  // One command per region the resources of `type` live in: a bare key id or log group name is found only in its own region.
  const perRegion = (type: string, command: (regionFlag: string) => string): string[] => {
    const stacksByFlag = new Map<string, string[]>();
    for (const resource of resources.filter((candidate) => candidate.type === type)) {
      const flag = region(resource.stack);
      stacksByFlag.set(flag, [...new Set([...(stacksByFlag.get(flag) ?? []), resource.stack])]);
    }
    if (stacksByFlag.size === 0) return shell(command(anyRegion));
    return shell(
      ...[...stacksByFlag.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([flag, stacks]) => `${command(flag)}   # those of ${stacks.join(', ')}`),
    );
  };
  return fillTemplate('tear-down-what-stays', {
    fileSuffix: options.fileSuffix,
    retainedTable: table(
      ['Stack', 'Region', 'Logical id', 'Type', 'Name', 'Why it stays'],
      [...resources]
        .sort(
          (a, b) =>
            TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) ||
            a.stack.localeCompare(b.stack) ||
            a.logicalId.localeCompare(b.logicalId),
        )
        .map((resource) => [
          code(resource.stack),
          region(resource.stack).replace(' --region ', '') || 'the POC region',
          code(ctx.resource(resource)),
          resource.type,
          physicalName(ctx, resource, options.fileSuffix),
          whyKept(ctx, resource),
        ]),
    ),
    bucketCommand: shell(`aws s3api delete-bucket${anyRegion} --bucket BUCKET_NAME`),
    vaultCommands: vaultCommands(ctx, resources, region),
    finalSnapshot: database
      ? [
          '',
          ...fillTemplate('tear-down-final-snapshot', {
            commands: shell(
              `aws rds describe-db-snapshots${region(database.stack)} --db-instance-identifier ${ctx.physical(database, 'DBInstanceIdentifier')} --snapshot-type manual \\\n` +
                "  --query 'DBSnapshots[].[DBSnapshotIdentifier,SnapshotCreateTime]' --output table",
              `aws rds delete-db-snapshot${region(database.stack)} --db-snapshot-identifier SNAPSHOT_ID`,
            ),
          }),
        ]
      : [],
    logStep: String(database ? 4 : 3),
    logCommands: perRegion('AWS::Logs::LogGroup', (flag) => `aws logs delete-log-group${flag} --log-group-name LOG_GROUP_NAME`),
    keyStep: String(database ? 5 : 4),
    keyCommands: perRegion(
      'AWS::KMS::Key',
      (flag) => `aws kms schedule-key-deletion${flag} --key-id KEY_ID --pending-window-in-days 30`,
    ),
    roleDeletion: roleDeletion(resources, options.fileSuffix, database ? 6 : 5),
  });
}

/** The retained roles go last, deleted with the account's own credentials: a role cannot delete itself. */
function roleDeletion(resources: readonly RetainedFact[], fileSuffix: string, step: number): string[] {
  const roles = resources.filter((resource) => resource.type === 'AWS::IAM::Role');
  if (roles.length === 0) return [];
  const own = `AWS_PROFILE=${OWN_CREDENTIALS_PROFILE}`;
  return [
    '',
    ...fillTemplate('tear-down-role', {
      step: String(step),
      commands: shell(
        ...roles.flatMap((role) => [
          `ROLE=ROLE_NAME   # the PhysicalResourceId of ${role.logicalId} in ${role.stack}${fileSuffix}`,
          `for policy in $(${own} aws iam list-attached-role-policies --role-name "$ROLE" --query 'AttachedPolicies[].PolicyArn' --output text); do`,
          `  ${own} aws iam detach-role-policy --role-name "$ROLE" --policy-arn "$policy"`,
          'done',
          `${own} aws iam delete-role --role-name "$ROLE"`,
        ]),
      ),
    }),
  ];
}

function vaultCommands(ctx: RunbookContext, resources: readonly RetainedFact[], regionOf: (stack: string) => string): string[] {
  const vaults = resources.filter((resource) => resource.type === 'AWS::Backup::BackupVault');
  return shell(
    ...vaults.flatMap((vault) => {
      const name = ctx.physical(vault, 'BackupVaultName');
      const region = regionOf(vault.stack);
      return [
        `aws backup delete-backup-vault-access-policy${region} --backup-vault-name ${name}`,
        `for point in $(aws backup list-recovery-points-by-backup-vault${region} --backup-vault-name ${name} \\\n` +
          "    --query 'RecoveryPoints[].RecoveryPointArn' --output text); do",
        `  aws backup delete-recovery-point${region} --backup-vault-name ${name} --recovery-point-arn "$point"`,
        'done',
        `aws backup delete-backup-vault${region} --backup-vault-name ${name}`,
      ];
    }),
  );
}

function physicalName(ctx: RunbookContext, resource: RetainedFact, fileSuffix: string): string {
  const property = NAME_PROPERTY[resource.type];
  const value = property ? ctx.facts.model.declaredString(`${resource.stack}/${resource.logicalId}`, [property]) : undefined;
  return value !== undefined ? code(ctx.physical(resource, property)) : `in ${code(`${resource.stack}${fileSuffix}`)}`;
}

function whyKept(ctx: RunbookContext, resource: RetainedFact): string {
  const key = `${resource.stack}/${resource.logicalId}`;
  switch (resource.type) {
    case 'AWS::KMS::Key':
      return 'decrypts what is kept below';
    case 'AWS::Logs::LogGroup': {
      const days = ctx.facts.logGroupRetentionDays[key];
      return days ? `evidence, kept ${days} days` : 'evidence';
    }
    case 'AWS::S3::Bucket': {
      const bucket = ctx.facts.buckets.find(
        (candidate) => candidate.stack === resource.stack && candidate.logicalId === resource.logicalId,
      );
      const lock = bucket?.objectLock
        ? `; object lock ${bucket.objectLock.mode.toLowerCase()} ${bucket.objectLock.days} days`
        : '';
      return `${bucket?.versioned ? 'versioned' : 'objects'}${lock}`;
    }
    case 'AWS::RDS::DBInstance':
      return `final snapshot (deletion policy ${resource.policy})`;
    case 'AWS::Backup::BackupVault':
      return 'recovery points; their deletion is denied by the vault policy';
    case 'AWS::IAM::Role':
      return 'the administrator role: the tear-down runs as it after destroying its stack; MFA only, one-hour sessions';
    default:
      return `deletion policy ${resource.policy}`;
  }
}
