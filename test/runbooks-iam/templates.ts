import { Assembly, CfnResource, isObject, StackTemplate } from '../../lib/model';

/**
 * Template expressions made concrete for a fixed test account: every Ref and Fn::GetAtt to a
 * resource of the assembly becomes the physical name or ARN CloudFormation would give it, with a
 * stand-in (`<stack>-<logical id>`) for names CloudFormation generates. The same stand-ins are used
 * for the policies and for the values the runbook commands read from stack outputs, so a policy
 * that names a resource matches the command that acts on it exactly when the templates say so.
 */

export interface TestAccount {
  readonly account: string;
  /** The region of the stacks the config leaves environment-agnostic. */
  readonly region: string;
  readonly partition: string;
}

export const TEST_ACCOUNT: TestAccount = { account: '111122223333', region: 'eu-west-3', partition: 'aws' };

/** The random parts of ARNs the templates cannot know. */
export const STACK_ID = '11111111-2222-3333-4444-555555555555';
export const GROUP_ID = '66666666-7777-8888-9999-000000000000';

interface TypeNaming {
  /** The property that fixes the physical name, when the template sets it. */
  readonly nameProperty?: string;
  /** What Ref returns. */
  readonly ref: 'name' | 'arn' | 'id';
  /** The ARN, from the name (or id) and the stack's region. */
  readonly arn?: (name: string, region: string, account: TestAccount) => string;
  /** Prefix of generated ids (`sg-`, `subnet-`, `i-`). */
  readonly idPrefix?: string;
}

const arn = (service: string, resource: string) => (name: string, region: string, test: TestAccount) =>
  `arn:${test.partition}:${service}:${region}:${test.account}:${resource}${name}`;

/** How the resource types the runbooks touch are named (CloudFormation resource reference, "Return values"). */
const NAMING: Readonly<Record<string, TypeNaming>> = {
  'AWS::AutoScaling::AutoScalingGroup': {
    nameProperty: 'AutoScalingGroupName',
    ref: 'name',
    arn: arn('autoscaling', `autoScalingGroup:${GROUP_ID}:autoScalingGroupName/`),
  },
  'AWS::Backup::BackupVault': { nameProperty: 'BackupVaultName', ref: 'name', arn: arn('backup', 'backup-vault:') },
  'AWS::CloudFront::Distribution': {
    ref: 'id',
    idPrefix: 'E',
    arn: (id, _region, test) => `arn:${test.partition}:cloudfront::${test.account}:distribution/${id}`,
  },
  'AWS::CloudTrail::Trail': { nameProperty: 'TrailName', ref: 'name', arn: arn('cloudtrail', 'trail/') },
  'AWS::CloudWatch::Alarm': { nameProperty: 'AlarmName', ref: 'name', arn: arn('cloudwatch', 'alarm:') },
  'AWS::Config::ConfigRule': { nameProperty: 'ConfigRuleName', ref: 'name', arn: arn('config', 'config-rule/') },
  'AWS::EC2::Instance': { ref: 'id', idPrefix: 'i-', arn: arn('ec2', 'instance/') },
  'AWS::EC2::SecurityGroup': { ref: 'id', idPrefix: 'sg-', arn: arn('ec2', 'security-group/') },
  'AWS::EC2::Subnet': { ref: 'id', idPrefix: 'subnet-', arn: arn('ec2', 'subnet/') },
  'AWS::ElasticLoadBalancingV2::ListenerRule': {
    ref: 'arn',
    arn: arn('elasticloadbalancing', 'listener-rule/app/alb/0123456789abcdef/0123456789abcdef/'),
  },
  // Load balancer and target group ARNs end with an id AWS generates.
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    nameProperty: 'Name',
    ref: 'arn',
    arn: (name, region, test) => `${arn('elasticloadbalancing', 'loadbalancer/app/')(name, region, test)}/0123456789abcdef`,
  },
  'AWS::ElasticLoadBalancingV2::TargetGroup': {
    nameProperty: 'Name',
    ref: 'arn',
    arn: (name, region, test) => `${arn('elasticloadbalancing', 'targetgroup/')(name, region, test)}/0123456789abcdef`,
  },
  'AWS::IAM::ManagedPolicy': {
    nameProperty: 'ManagedPolicyName',
    ref: 'arn',
    arn: (name, _region, test) => `arn:${test.partition}:iam::${test.account}:policy/${name}`,
  },
  'AWS::IAM::Role': {
    nameProperty: 'RoleName',
    ref: 'name',
    arn: (name, _region, test) => `arn:${test.partition}:iam::${test.account}:role/${name}`,
  },
  'AWS::KMS::Key': { ref: 'id', arn: arn('kms', 'key/') },
  'AWS::Lambda::Function': { nameProperty: 'FunctionName', ref: 'name', arn: arn('lambda', 'function:') },
  'AWS::Logs::LogGroup': {
    nameProperty: 'LogGroupName',
    ref: 'name',
    arn: (name, region, test) => `${arn('logs', 'log-group:')(name, region, test)}:*`,
  },
  'AWS::RDS::DBInstance': { nameProperty: 'DBInstanceIdentifier', ref: 'name', arn: arn('rds', 'db:') },
  'AWS::RDS::DBParameterGroup': { nameProperty: 'DBParameterGroupName', ref: 'name', arn: arn('rds', 'pg:') },
  'AWS::RDS::DBSubnetGroup': { nameProperty: 'DBSubnetGroupName', ref: 'name', arn: arn('rds', 'subgrp:') },
  'AWS::RDS::OptionGroup': { nameProperty: 'OptionGroupName', ref: 'name', arn: arn('rds', 'og:') },
  'AWS::S3::Bucket': {
    nameProperty: 'BucketName',
    ref: 'name',
    arn: (name, _region, test) => `arn:${test.partition}:s3:::${name}`,
  },
  // Secrets Manager appends six random characters to the name in the ARN.
  'AWS::SecretsManager::Secret': {
    nameProperty: 'Name',
    ref: 'arn',
    arn: (name, region, test) => `${arn('secretsmanager', 'secret:')(name, region, test)}-AbCdEf`,
  },
  'AWS::SNS::Topic': { nameProperty: 'TopicName', ref: 'arn', arn: arn('sns', '') },
  'AWS::SSM::Document': { nameProperty: 'Name', ref: 'name', arn: arn('ssm', 'document/') },
  'AWS::SSM::Parameter': { nameProperty: 'Name', ref: 'name' },
};

const MAX_DEPTH = 24;

export class TemplateValues {
  private readonly stacks = new Map<string, StackTemplate>();
  private exportsCache?: Map<string, { stack: string; value: unknown }>;

  constructor(
    readonly assembly: Assembly,
    readonly test: TestAccount = TEST_ACCOUNT,
  ) {
    for (const stack of assembly.stacks) this.stacks.set(stack.name, stack);
  }

  stack(name: string): StackTemplate | undefined {
    return this.stacks.get(name);
  }

  regionOf(stack: string): string {
    return this.stacks.get(stack)?.region ?? this.test.region;
  }

  resource(stack: string, logicalId: string): CfnResource | undefined {
    return this.stacks.get(stack)?.template.Resources?.[logicalId];
  }

  /** The value of a stack output, or undefined when the stack does not declare it. */
  output(stack: string, key: string): string | undefined {
    const output = this.stacks.get(stack)?.template.Outputs?.[key];
    return output ? this.value(stack, output.Value) : undefined;
  }

  /** What Ref returns for a resource. */
  physicalId(stack: string, logicalId: string, depth = 0): string {
    const resource = this.resource(stack, logicalId);
    // Ref of a secret's attachment returns the ARN of the secret it attaches.
    if (resource?.Type === 'AWS::SecretsManager::SecretTargetAttachment') {
      return this.value(stack, resource.Properties?.SecretId, depth + 1);
    }
    const naming = resource ? NAMING[resource.Type] : undefined;
    const name = this.name(stack, logicalId, depth);
    if (naming?.ref === 'arn' && naming.arn) return naming.arn(name, this.regionOf(stack), this.test);
    return name;
  }

  /** The resource's name (or id), fixed by the template or a stand-in. */
  name(stack: string, logicalId: string, depth = 0): string {
    const resource = this.resource(stack, logicalId);
    const naming = resource ? NAMING[resource.Type] : undefined;
    const fixed = naming?.nameProperty ? resource?.Properties?.[naming.nameProperty] : undefined;
    if (fixed !== undefined) return this.value(stack, fixed, depth + 1);
    if (naming?.idPrefix !== undefined) return `${naming.idPrefix}${hex(`${stack}/${logicalId}`)}`;
    if (resource?.Type === 'AWS::KMS::Key') return uuidOf(`${stack}/${logicalId}`);
    return `${stack}-${logicalId}`;
  }

  arn(stack: string, logicalId: string, depth = 0): string {
    const resource = this.resource(stack, logicalId);
    const naming = resource ? NAMING[resource.Type] : undefined;
    const name = this.name(stack, logicalId, depth);
    return naming?.arn ? naming.arn(name, this.regionOf(stack), this.test) : `UNRESOLVED-ARN-${stack}-${logicalId}`;
  }

  /** A template expression as a string; what cannot be resolved becomes `UNRESOLVED-...`, which matches no policy. */
  value(stack: string, expression: unknown, depth = 0): string {
    if (depth > MAX_DEPTH) return 'UNRESOLVED-DEPTH';
    if (typeof expression === 'string' || typeof expression === 'number' || typeof expression === 'boolean') {
      return String(expression);
    }
    if (!isObject(expression) || Object.keys(expression).length !== 1) return `UNRESOLVED-${JSON.stringify(expression)}`;
    const [fn, args] = Object.entries(expression)[0];
    const next = (value: unknown, where = stack) => this.value(where, value, depth + 1);
    switch (fn) {
      case 'Ref':
        return this.ref(stack, String(args), depth);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = typeof args === 'string' ? splitOnce(args, '.') : (args as [string, unknown]);
        return this.getAtt(stack, logicalId, next(attribute), depth);
      }
      case 'Fn::Join': {
        const [delimiter, parts] = args as [unknown, unknown];
        return this.list(stack, parts, depth).join(next(delimiter));
      }
      case 'Fn::Sub':
        return this.sub(stack, args, depth);
      case 'Fn::Select': {
        const [index, list] = args as [unknown, unknown];
        return this.list(stack, list, depth)[Number(next(index))] ?? 'UNRESOLVED-SELECT';
      }
      case 'Fn::ImportValue': {
        const exported = this.exports().get(next(args));
        return exported ? next(exported.value, exported.stack) : `UNRESOLVED-IMPORT-${next(args)}`;
      }
      case 'Fn::GetStackOutput': {
        const { StackName, OutputName } = args as { StackName: unknown; OutputName: unknown };
        const target = next(StackName);
        const output = this.stacks.get(target)?.template.Outputs?.[next(OutputName)];
        return output ? next(output.Value, target) : 'UNRESOLVED-STACK-OUTPUT';
      }
      default:
        return `UNRESOLVED-${fn}`;
    }
  }

  /** A list-valued expression (Fn::Join's and Fn::Select's second argument, Fn::Split). */
  list(stack: string, expression: unknown, depth = 0): string[] {
    if (Array.isArray(expression)) return expression.map((item) => this.value(stack, item, depth + 1));
    if (isObject(expression) && 'Fn::Split' in expression) {
      const [delimiter, text] = expression['Fn::Split'] as [unknown, unknown];
      return this.value(stack, text, depth + 1).split(this.value(stack, delimiter, depth + 1));
    }
    if (isObject(expression) && 'Fn::GetAZs' in expression)
      return ['a', 'b', 'c'].map((zone) => `${this.regionOf(stack)}${zone}`);
    return [this.value(stack, expression, depth + 1)];
  }

  /** Strings of a policy document (or any JSON) with every intrinsic resolved. */
  document(stack: string, document: unknown): unknown {
    if (Array.isArray(document)) return document.map((item) => this.document(stack, item));
    if (!isObject(document)) return document;
    const keys = Object.keys(document);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return this.value(stack, document);
    return Object.fromEntries(Object.entries(document).map(([key, value]) => [key, this.document(stack, value)]));
  }

  private ref(stack: string, name: string, depth: number): string {
    switch (name) {
      case 'AWS::AccountId':
        return this.test.account;
      case 'AWS::Region':
        return this.regionOf(stack);
      case 'AWS::Partition':
        return this.test.partition;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return stack;
      case 'AWS::NoValue':
        return '';
      default:
    }
    if (this.resource(stack, name)) return this.physicalId(stack, name, depth);
    const parameter = this.stacks.get(stack)?.template.Parameters?.[name];
    if (parameter?.Default !== undefined) return this.value(stack, parameter.Default, depth + 1);
    return `UNRESOLVED-REF-${name}`;
  }

  private getAtt(stack: string, logicalId: string, attribute: string, depth: number): string {
    const resource = this.resource(stack, logicalId);
    if (!resource) return `UNRESOLVED-GETATT-${logicalId}`;
    if (attribute === 'Arn' || attribute.endsWith('Arn')) return this.arn(stack, logicalId, depth);
    if (attribute === 'Endpoint.Address')
      return `${this.name(stack, logicalId, depth)}.abcdefghijkl.${this.regionOf(stack)}.rds.amazonaws.com`;
    if (attribute === 'GroupId' || attribute === 'KeyId' || attribute === 'Id') return this.name(stack, logicalId, depth);
    return `${this.name(stack, logicalId, depth)}.${attribute}`;
  }

  private sub(stack: string, args: unknown, depth: number): string {
    const [text, variables] = typeof args === 'string' ? [args, {}] : (args as [string, Record<string, unknown>]);
    return text.replace(/\$\{([^}!]+)\}/g, (_match, name: string) => {
      if (name in variables) return this.value(stack, variables[name], depth + 1);
      if (name.includes('.') && !name.startsWith('AWS::')) {
        const [logicalId, attribute] = splitOnce(name, '.');
        return this.getAtt(stack, logicalId, attribute, depth + 1);
      }
      return this.ref(stack, name, depth + 1);
    });
  }

  private exports(): Map<string, { stack: string; value: unknown }> {
    if (!this.exportsCache) {
      this.exportsCache = new Map();
      for (const stack of this.assembly.stacks) {
        for (const output of Object.values(stack.template.Outputs ?? {})) {
          if (output.Export?.Name !== undefined) {
            this.exportsCache.set(this.value(stack.name, output.Export.Name), { stack: stack.name, value: output.Value });
          }
        }
      }
    }
    return this.exportsCache;
  }
}

function splitOnce(text: string, separator: string): [string, string] {
  const index = text.indexOf(separator);
  return index === -1 ? [text, ''] : [text.slice(0, index), text.slice(index + 1)];
}

/** A stable 17-digit hex stand-in for a generated id. */
function hex(seed: string): string {
  let hash = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 17; round += 1) {
    for (const char of `${seed}#${round}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    out += hash.toString(16).padStart(8, '0');
  }
  return out.slice(0, 17);
}

function uuidOf(seed: string): string {
  const digits = `${hex(seed)}${hex(`${seed}!`)}`.slice(0, 32);
  return `${digits.slice(0, 8)}-${digits.slice(8, 12)}-${digits.slice(12, 16)}-${digits.slice(16, 20)}-${digits.slice(20, 32)}`;
}
