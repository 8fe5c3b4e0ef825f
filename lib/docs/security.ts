import { zoneLabel } from '../analysis';
import { describeExpression, IndexedResource, isObject } from '../model';
import { ZoneId } from '../model';
import { formatRange } from '../model/ranges';
import { detectiveControlsSection } from './detective-controls';
import {
  distributionsByName,
  DocsModel,
  endpointsOfZone,
  nameOf,
  nameOfKey,
  referencedKeys,
  referrersOf,
  resourcesOfType,
} from './assembly-model';
import { listenersOf } from './components';
import { cell, code, GENERATED_NOTE } from './markdown';
import { acceptedFindings, relaxationsInForce, settingOf, summarizePaths } from './relaxations';

/**
 * SECURITY.md: IAM roles and what each may do, KMS keys and what uses them, encryption at rest
 * per data store and in transit per allowed flow, public endpoints, the detective and protective
 * controls, and every relaxation of a secure default in force (from the config and from the
 * compliance acknowledgements).
 */
export function renderSecurityMarkdown(model: DocsModel): string {
  const lines = [
    `# Security of the ${model.config.customer.name} POC`,
    '',
    GENERATED_NOTE,
    '',
    ...relaxationsSection(model),
    ...publicEndpointsSection(model),
    ...atRestSection(model),
    ...inTransitSection(model),
    ...kmsSection(model),
    ...detectiveControlsSection(model),
    ...iamSection(model),
  ];
  return `${lines.join('\n')}\n`;
}

// Expressions as text: references by construct path, pseudo parameters as ${AWS::...}.

const IAM_TYPES = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role'];

function display(model: DocsModel, stack: string, expression: unknown): string {
  return describeExpression(model.index, stack, expression);
}

// Relaxations.

/** The relaxations section: it reads only the config and the compliance report. */
export function relaxationsSection(model: Pick<DocsModel, 'config' | 'compliance'>): string[] {
  const fromConfig = relaxationsInForce(model.config);
  const accepted = acceptedFindings(model.compliance);
  return [
    '## Relaxations of the secure defaults in force',
    '',
    'The kit deploys secure defaults (TLS wherever a hop allows it, KMS encryption at rest, IMDSv2, no public address but',
    'the ssh-mode bastions and the NAT gateways, Block Public Access and TLS-only policies on buckets, logs kept a year, Multi-AZ). A config',
    'relaxes one only through an explicit field, and each accepted compliance finding sits on one resource with its reason.',
    '',
    '### From the config',
    '',
    ...(fromConfig.length === 0
      ? ['None: this config relaxes no secure default.']
      : [
          '| setting | relaxation | what compensates / how to restore the default |',
          '| --- | --- | --- |',
          ...fromConfig.map((item) => `| ${settingOf(item)} | ${cell(item.relaxation)} | ${cell(item.remedy)} |`),
        ]),
    '',
    '### Accepted compliance findings',
    '',
    `Acknowledged findings of the enforced packs (${model.compliance.packs
      .filter((pack) => pack.mode === 'enforced')
      .map((pack) => pack.pack)
      .join(', ')}), from \`compliance-report.json\`, grouped by reason. COMPLIANCE.md lists every rule.`,
    '',
    ...(accepted.length === 0
      ? ['None.']
      : [
          '| resources | rules | reason |',
          '| --- | --- | --- |',
          ...accepted.map(
            (item) =>
              `| ${summarizePaths(item.resources).map(code).join('<br>')} | ${item.rules.map(code).join('<br>')} | ${cell(item.reason)} |`,
          ),
        ]),
    '',
  ];
}

// Public endpoints.

function publicEndpointsSection(model: DocsModel): string[] {
  const { index } = model;
  const reachers = (zone: ZoneId) =>
    model.analysis.flows
      .filter((flow) => flow.to === zone && ['internet', 'corporate', 'cloudfront'].includes(flow.from))
      .map((flow) => `${zoneLabel(flow.from)}: ${flow.protocol} ${formatRange(flow.ports)}`);
  const rows: string[] = [];
  for (const distribution of distributionsByName(model)) {
    const { stack } = distribution.source;
    const aliases = distribution.aliases.map((alias) => display(model, stack, alias));
    rows.push(
      `| ${code(nameOfKey(index, distribution.source.key))} | CloudFront distribution | ${aliases.length > 0 ? aliases.join(', ') : 'its `*.cloudfront.net` name'} | ${reachers('cloudfront').join('<br>') || 'none'} |`,
    );
  }
  for (const endpoint of model.placements.endpoints.filter((candidate) =>
    candidate.placements.some((placement) => placement.publicIp),
  )) {
    rows.push(
      `| ${code(endpoint.name.replace(/\/Resource$/, ''))} | ${cell(endpoint.kind)} | public IP in ${endpoint.placements.length} subnet${endpoint.placements.length === 1 ? '' : 's'} | ${reachers(endpoint.zone).join('<br>') || 'nothing (no inbound flow allowed)'} |`,
    );
  }
  const buckets = resourcesOfType(model, 'AWS::S3::Bucket');
  const blocked = buckets.filter((bucket) => {
    const block = isObject(bucket.props.PublicAccessBlockConfiguration) ? bucket.props.PublicAccessBlockConfiguration : {};
    return ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'].every(
      (field) => index.literal(bucket.stack, block[field]) === 'true',
    );
  });
  const open = buckets.filter((bucket) => !blocked.includes(bucket));
  return [
    '## Public endpoints',
    '',
    'What has an address on the internet, and what the segmentation analysis lets reach it.',
    '',
    '| resource | kind | address | reachable from |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    `S3 buckets: ${blocked.length} of ${buckets.length} with every Block Public Access setting on${
      open.length > 0 ? `; **without it: ${open.map((bucket) => code(nameOf(index, bucket))).join(', ')}**` : ''
    }. Databases and caches: ${
      model.placements.endpoints.filter(
        (endpoint) =>
          ['database', 'cache'].includes(endpoint.zone) && endpoint.placements.some((placement) => placement.publicIp),
      ).length === 0
        ? 'none publicly accessible'
        : '**publicly accessible**'
    }.`,
    '',
  ];
}

// Encryption at rest.

interface AtRest {
  readonly store: string;
  readonly kind: string;
  readonly encryption: string;
  readonly key: string;
}

function keyName(model: DocsModel, stack: string, expression: unknown, fallback: string): string {
  if (expression === undefined) return fallback;
  const key = model.index.keyOf(stack, expression);
  const entry = key ? model.index.get(key) : undefined;
  return entry ? code(nameOf(model.index, entry)) : code(display(model, stack, expression));
}

export function atRestInventory(model: DocsModel): AtRest[] {
  const { index } = model;
  const rows: AtRest[] = [];
  const literal = (entry: IndexedResource, value: unknown) => index.literal(entry.stack, value);
  for (const db of resourcesOfType(model, 'AWS::RDS::DBInstance')) {
    const encrypted = literal(db, db.props.StorageEncrypted) === 'true';
    rows.push({
      store: nameOf(index, db),
      kind: 'RDS DB instance (storage, snapshots, backups)',
      encryption: encrypted ? 'KMS' : '**none**',
      key: encrypted ? keyName(model, db.stack, db.props.KmsKeyId, 'AWS managed key `aws/rds`') : '',
    });
  }
  for (const type of ['AWS::EC2::LaunchTemplate', 'AWS::EC2::Instance']) {
    for (const entry of resourcesOfType(model, type)) {
      const data =
        type === 'AWS::EC2::LaunchTemplate' && isObject(entry.props.LaunchTemplateData)
          ? entry.props.LaunchTemplateData
          : entry.props;
      const mappings = (Array.isArray(data.BlockDeviceMappings) ? data.BlockDeviceMappings : []).filter(isObject);
      for (const mapping of mappings) {
        const ebs = isObject(mapping.Ebs) ? mapping.Ebs : undefined;
        if (!ebs) continue;
        const encrypted = literal(entry, ebs.Encrypted) === 'true';
        rows.push({
          store: `${nameOf(index, entry)} ${literal(entry, mapping.DeviceName) ?? ''}`.trim(),
          kind: `EBS volume (${type === 'AWS::EC2::LaunchTemplate' ? 'launch template' : 'instance'})`,
          encryption: encrypted ? 'KMS' : '**none** (unless the account enables EBS encryption by default)',
          key: encrypted ? keyName(model, entry.stack, ebs.KmsKeyId, 'AWS managed key `aws/ebs`') : '',
        });
      }
    }
  }
  for (const bucket of resourcesOfType(model, 'AWS::S3::Bucket')) {
    const configuration = isObject(bucket.props.BucketEncryption)
      ? bucket.props.BucketEncryption.ServerSideEncryptionConfiguration
      : undefined;
    const rule = Array.isArray(configuration) && isObject(configuration[0]) ? configuration[0] : {};
    const byDefault = isObject(rule.ServerSideEncryptionByDefault) ? rule.ServerSideEncryptionByDefault : {};
    const algorithm = literal(bucket, byDefault.SSEAlgorithm) ?? 'AES256';
    const kms = algorithm.startsWith('aws:kms');
    rows.push({
      store: nameOf(index, bucket),
      kind: 'S3 bucket',
      encryption: kms ? `SSE-KMS (${algorithm})` : 'SSE-S3 (AES-256, keys managed by S3)',
      key: kms ? keyName(model, bucket.stack, byDefault.KMSMasterKeyID, 'AWS managed key `aws/s3`') : 'S3-managed',
    });
  }
  for (const group of resourcesOfType(model, 'AWS::Logs::LogGroup')) {
    const kms = group.props.KmsKeyId !== undefined;
    rows.push({
      store: nameOf(index, group),
      kind: `CloudWatch Logs log group (${literal(group, group.props.RetentionInDays) ?? 'never expires'} days)`,
      encryption: kms ? 'KMS' : 'CloudWatch Logs service-managed encryption',
      key: kms ? keyName(model, group.stack, group.props.KmsKeyId, '') : 'service-managed',
    });
  }
  for (const topic of resourcesOfType(model, 'AWS::SNS::Topic')) {
    const kms = topic.props.KmsMasterKeyId !== undefined;
    rows.push({
      store: nameOf(index, topic),
      kind: 'SNS topic',
      encryption: kms ? 'KMS' : '**none**',
      key: kms ? keyName(model, topic.stack, topic.props.KmsMasterKeyId, '') : '',
    });
  }
  for (const secret of resourcesOfType(model, 'AWS::SecretsManager::Secret')) {
    rows.push({
      store: nameOf(index, secret),
      kind: 'Secrets Manager secret',
      encryption: 'KMS',
      key: keyName(model, secret.stack, secret.props.KmsKeyId, 'AWS managed key `aws/secretsmanager`'),
    });
  }
  for (const vault of resourcesOfType(model, 'AWS::Backup::BackupVault')) {
    rows.push({
      store: nameOf(index, vault),
      kind: `AWS Backup vault (${model.stacks.find((stack) => stack.name === vault.stack)?.region ?? 'deployment region'})`,
      encryption: 'KMS',
      key: keyName(model, vault.stack, vault.props.EncryptionKeyArn, 'AWS Backup default key'),
    });
  }
  for (const trail of resourcesOfType(model, 'AWS::CloudTrail::Trail')) {
    const kms = trail.props.KMSKeyId !== undefined;
    rows.push({
      store: nameOf(index, trail),
      kind: 'CloudTrail trail (log files)',
      encryption: kms ? 'SSE-KMS' : 'SSE-S3 (the bucket default)',
      key: kms ? keyName(model, trail.stack, trail.props.KMSKeyId, '') : 'S3-managed',
    });
  }
  for (const cache of resourcesOfType(model, 'AWS::ElastiCache::CacheCluster')) {
    rows.push({
      store: nameOf(index, cache),
      kind: `ElastiCache ${literal(cache, cache.props.Engine) ?? ''} cluster (in memory)`.replace(' (', ' (').trim(),
      encryption: 'in memory only: node-based Memcached clusters keep nothing on disk',
      key: '',
    });
  }
  return rows;
}

function atRestSection(model: DocsModel): string[] {
  return [
    '## Encryption at rest',
    '',
    '| data store | kind | encryption | key |',
    '| --- | --- | --- | --- |',
    ...atRestInventory(model).map((row) => `| ${code(row.store)} | ${cell(row.kind)} | ${row.encryption} | ${row.key} |`),
    '',
  ];
}

// Encryption in transit, per allowed flow.

function inTransitSection(model: DocsModel): string[] {
  const rows = model.analysis.flows.map((flow) => {
    const hop = `${zoneLabel(flow.from)} -> ${zoneLabel(flow.to)}`;
    return `| ${hop} | ${flow.protocol} ${formatRange(flow.ports)} | ${cell(protectionOf(model, flow.from, flow.to, flow.ports.from))} |`;
  });
  return [
    '## Encryption in transit',
    '',
    'Per flow the segmentation analysis allows (NETWORK.md), what protects it, read from the listener, origin, target',
    'group, parameter group and cache settings of the templates.',
    '',
    '| hop | traffic | protection in transit |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ];
}

function protectionOf(model: DocsModel, from: ZoneId, to: ZoneId, port: number): string {
  const { index } = model;
  if (to === 'cloudfront') return viewerProtection(model, port);
  if (from === 'cloudfront') return originProtection(model);
  if (port === 22) return 'SSH (encrypted by the protocol)';
  if (to === 'internet')
    return port === 443 ? 'HTTPS (tcp 443) to AWS APIs and package repositories' : 'as the application chooses';
  const targets = endpointsOfZone(model, to);
  const balancer = targets
    .map((endpoint) => index.get(endpoint.key))
    .find((entry) => entry?.resource.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer');
  if (balancer) {
    const listener = listenersOf(model, balancer).find((candidate) => candidate.port === port);
    if (!listener) return 'no listener on this port';
    return `${listener.tls ? 'TLS' : '**plain HTTP**'}: listener ${listener.text}, which ${listener.action}`;
  }
  const group = targets
    .map((endpoint) => index.get(endpoint.key))
    .find((entry) => entry?.resource.Type === 'AWS::AutoScaling::AutoScalingGroup');
  if (group) {
    const targetGroups = index.keysOf(group.stack, group.props.TargetGroupARNs).map((key) => index.get(key));
    const protocols = targetGroups
      .map((entry) => (entry ? index.literal(entry.stack, entry.props.Protocol) : undefined))
      .filter(Boolean);
    return protocols.every((protocol) => protocol === 'HTTPS')
      ? 'TLS (HTTPS target group)'
      : `**plain ${protocols.join(', ') || 'TCP'}** inside the VPC (target group protocol), between the load balancer and the ${zoneLabel(to)} tier only`;
  }
  if (to === 'database') return databaseTransit(model);
  if (to === 'cache') return cacheTransit(model);
  return 'as the application chooses';
}

function viewerProtection(model: DocsModel, port: number): string {
  const parts: string[] = [];
  for (const distribution of distributionsByName(model)) {
    const policies = [...new Set(distribution.behaviors.map((behavior) => behavior.viewerProtocolPolicy))];
    const acm = distribution.acmCertificate;
    const minimum = distribution.minimumProtocolVersion;
    if (port === 80) {
      parts.push(
        policies.every((policy) => policy !== 'allow-all')
          ? `HTTP only to be redirected or refused (viewer protocol policy ${policies.join(', ')})`
          : `**HTTP served** (viewer protocol policy ${policies.join(', ')})`,
      );
    } else {
      parts.push(
        acm
          ? `TLS, ACM certificate, minimum ${minimum ?? 'TLSv1'}`
          : '**TLS with the default `*.cloudfront.net` certificate**: viewers may negotiate TLSv1 whatever the policy says',
      );
    }
  }
  return parts.join('; ');
}

function originProtection(model: DocsModel): string {
  const { index } = model;
  const parts: string[] = [];
  for (const distribution of distributionsByName(model)) {
    for (const origin of distribution.origins) {
      const vpcOrigin = origin.vpcOrigin;
      const endpoint = vpcOrigin?.endpoint;
      if (vpcOrigin && endpoint) {
        const policy = endpoint.protocolPolicy;
        const path = `through the VPC origin ${code(nameOfKey(index, vpcOrigin.source.key))}: AWS's network to a private address, never the internet`;
        parts.push(
          policy === 'http-only'
            ? `**plain HTTP, not encrypted** (origin protocol policy http-only) ${path}`
            : `TLS (origin protocol policy ${policy}, ${display(model, endpoint.stack, endpoint.sslProtocols)}) ${path}`,
        );
        continue;
      }
      const custom = origin.custom;
      if (!custom) continue;
      const policy = custom.protocolPolicy;
      const headers = origin.customHeaders;
      const secret = headers.length > 0 ? `, with the secret header ${headers.join(', ')}` : '';
      parts.push(
        policy === 'http-only'
          ? `**plain HTTP** (origin protocol policy http-only)${secret}`
          : `TLS (origin protocol policy ${policy}, ${display(model, custom.stack, custom.sslProtocols)})${secret}`,
      );
    }
  }
  return parts.join('; ');
}

function databaseTransit(model: DocsModel): string {
  const { index } = model;
  return (
    resourcesOfType(model, 'AWS::RDS::DBInstance')
      .map((db) => {
        const key = index.keyOf(db.stack, db.props.DBParameterGroupName);
        const group = key ? index.get(key) : undefined;
        if (!group) return '**TLS optional**: the DB instance has no parameter group of the assembly (engine defaults)';
        const parameters = isObject(group.props.Parameters) ? group.props.Parameters : {};
        const value = index.literal(group.stack, parameters.require_secure_transport);
        return value !== undefined && ['1', 'on', 'true'].includes(value.toLowerCase())
          ? `TLS required: \`require_secure_transport=${value}\` in ${code(nameOf(index, group))}`
          : `**TLS optional**: ${code(nameOf(index, group))} does not set \`require_secure_transport\``;
      })
      .join('; ') || 'no DB instance'
  );
}

function cacheTransit(model: DocsModel): string {
  const { index } = model;
  const clusters = resourcesOfType(model, 'AWS::ElastiCache::CacheCluster');
  if (clusters.length > 0) {
    return clusters
      .map((cluster) =>
        index.literal(cluster.stack, cluster.props.TransitEncryptionEnabled) === 'true'
          ? `TLS (\`TransitEncryptionEnabled\` on ${code(nameOf(index, cluster))})`
          : `**plain text** (${code(nameOf(index, cluster))} without transit encryption)`,
      )
      .join('; ');
  }
  return '**plain text, no authentication**: the RDS MEMCACHED option has no TLS';
}

// KMS keys.

function kmsSection(model: DocsModel): string[] {
  const { index } = model;
  const rows = resourcesOfType(model, 'AWS::KMS::Key').map((key) => {
    const users = referrersOf(model, key.key).filter((entry) => !IAM_TYPES.includes(entry.resource.Type));
    const grants = referrersOf(model, key.key, IAM_TYPES);
    const rotation = index.literal(key.stack, key.props.EnableKeyRotation) === 'true' ? 'yes' : '**no**';
    return `| ${code(nameOf(index, key))} | ${cell(index.literal(key.stack, key.props.Description) ?? '')} | ${rotation} | ${
      users.map((entry) => `${code(nameOf(index, entry))} (${entry.resource.Type.replace(/^AWS::/, '')})`).join('<br>') ||
      'no resource refers to it'
    } | ${grants.map((entry) => code(nameOf(index, entry))).join('<br>') || 'none'} |`;
  });
  return [
    '## KMS keys',
    '',
    'Customer managed keys and the resources whose properties refer to them; IAM policies that name a key grant its use.',
    '',
    '| key | description | yearly rotation | used by | named in IAM policies |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ];
}

// IAM.

interface Statement {
  readonly effect: string;
  readonly actions: string;
  readonly resources: string;
  readonly conditions: string;
}

function statementsOf(model: DocsModel, stack: string, document: unknown): Statement[] {
  const statements = isObject(document) && Array.isArray(document.Statement) ? document.Statement.filter(isObject) : [];
  return statements.map((statement) => {
    const actions = ([] as unknown[])
      .concat(statement.Action ?? statement.NotAction ?? [])
      .map((action) => display(model, stack, action));
    const byService = new Map<string, string[]>();
    for (const action of actions) {
      const [service, name] = action.includes(':') ? action.split(':') : ['*', action];
      byService.set(service, [...(byService.get(service) ?? []), name]);
    }
    const resources = ([] as unknown[])
      .concat(statement.Resource ?? statement.NotResource ?? [])
      .map((resource) => display(model, stack, resource));
    return {
      effect: `${display(model, stack, statement.Effect)}${statement.NotAction !== undefined ? ' (NotAction)' : ''}`,
      actions: [...byService.entries()].map(([service, names]) => `${service}: ${names.join(', ')}`).join('\n'),
      resources: resources.join('\n'),
      conditions: conditionsOf(model, stack, statement.Condition),
    };
  });
}

function conditionsOf(model: DocsModel, stack: string, condition: unknown): string {
  if (!isObject(condition)) return '';
  const parts: string[] = [];
  for (const [operator, tests] of Object.entries(condition)) {
    if (!isObject(tests)) continue;
    for (const [key, value] of Object.entries(tests)) parts.push(`${operator} ${key} = ${display(model, stack, value)}`);
  }
  return parts.join('\n');
}

function principalsOf(model: DocsModel, stack: string, document: unknown): string[] {
  const statements = isObject(document) && Array.isArray(document.Statement) ? document.Statement.filter(isObject) : [];
  return statements.flatMap((statement) => {
    const principal = isObject(statement.Principal) ? statement.Principal : {};
    const conditions = conditionsOf(model, stack, statement.Condition).replace(/\n/g, '; ');
    return Object.entries(principal).flatMap(([kind, value]) =>
      ([] as unknown[]).concat(value).map((item) => {
        const text = display(model, stack, item);
        const who = /^arn:\$\{AWS::Partition\}:iam::\$\{AWS::AccountId\}:root$/.test(text)
          ? 'principals of this account'
          : `${kind} ${text}`;
        return `${who}${conditions ? ` (${conditions})` : ''}`;
      }),
    );
  });
}

/** Resources that use a role: directly (Lambda, RDS monitoring, ...) or through an instance profile. */
function usersOfRole(model: DocsModel, role: IndexedResource): string[] {
  const direct = referrersOf(model, role.key).filter((entry) => !IAM_TYPES.includes(entry.resource.Type));
  const users = direct.flatMap((entry) =>
    entry.resource.Type === 'AWS::IAM::InstanceProfile'
      ? referrersOf(model, entry.key).flatMap((user) =>
          user.resource.Type === 'AWS::EC2::LaunchTemplate'
            ? [user, ...referrersOf(model, user.key, ['AWS::AutoScaling::AutoScalingGroup'])]
            : [user],
        )
      : [entry],
  );
  return [...new Set(users.map((entry) => nameOf(model.index, entry)))].sort();
}

function iamSection(model: DocsModel): string[] {
  const { index } = model;
  const lines = [
    '## IAM roles',
    '',
    'Every `AWS::IAM::Role` of the templates: who may assume it, what uses it, and each statement of its policies (actions',
    'grouped by service). AWS managed policies are named, not expanded: AWS maintains their content.',
    '',
  ];
  const policies = [...resourcesOfType(model, 'AWS::IAM::Policy'), ...resourcesOfType(model, 'AWS::IAM::ManagedPolicy')];
  for (const role of resourcesOfType(model, 'AWS::IAM::Role')) {
    const literal = (value: unknown) => index.literal(role.stack, value);
    const managed = ([] as unknown[]).concat(role.props.ManagedPolicyArns ?? []).map((arn) => {
      const text = display(model, role.stack, arn);
      const aws = /:iam::aws:policy\/(.+)$/.exec(text);
      return aws ? `AWS managed ${code(aws[1])}` : code(text);
    });
    const attached = policies.filter((policy) => referencedKeys(index, policy.stack, policy.props.Roles).includes(role.key));
    const documents: { name: string; stack: string; document: unknown }[] = [
      ...(Array.isArray(role.props.Policies) ? role.props.Policies.filter(isObject) : []).map((policy) => ({
        name: `inline ${code(literal(policy.PolicyName) ?? '?')}`,
        stack: role.stack,
        document: policy.PolicyDocument,
      })),
      ...attached.map((policy) => ({
        name: `${policy.resource.Type === 'AWS::IAM::ManagedPolicy' ? 'customer managed' : 'policy'} ${code(nameOf(index, policy))}`,
        stack: policy.stack,
        document: policy.props.PolicyDocument,
      })),
    ];
    const session = literal(role.props.MaxSessionDuration);
    lines.push(
      `### ${code(nameOf(index, role))}`,
      '',
      ...(literal(role.props.Description) ? [`${literal(role.props.Description)}`, ''] : []),
      `- Assumed by: ${principalsOf(model, role.stack, role.props.AssumeRolePolicyDocument).join('; ') || '?'}${session ? `; sessions of at most ${Number(session) / 3600} h` : ''}.`,
      `- Used by: ${usersOfRole(model, role).map(code).join(', ') || 'no resource of the assembly (assumed by people or services)'}.`,
      `- AWS managed and other policy ARNs: ${managed.join(', ') || 'none'}.`,
      '',
    );
    if (documents.length > 0) {
      lines.push('| policy | effect | actions | resources | conditions |', '| --- | --- | --- | --- | --- |');
      for (const document of documents) {
        for (const statement of statementsOf(model, document.stack, document.document)) {
          lines.push(
            `| ${document.name} | ${statement.effect} | ${cell(statement.actions)} | ${cell(codeLines(statement.resources))} | ${cell(statement.conditions)} |`,
          );
        }
      }
      lines.push('');
    }
  }
  const applications = resourcesOfType(model, 'AWS::Serverless::Application');
  if (applications.length > 0) {
    lines.push(
      'Not in the templates: the roles of the AWS Serverless Application Repository applications',
      `${applications.map((application) => code(nameOf(index, application))).join(', ')} (the secret rotation function), which`,
      'their published application template defines.',
      '',
    );
  }
  return lines;
}

function codeLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map(code)
    .join('\n');
}
