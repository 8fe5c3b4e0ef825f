import { zoneLabel } from '../analysis';
import { describeExpression, IndexedResource, isObject, ZoneId } from '../model';
import { formatRange } from '../model/ranges';
import {
  distributionsByName,
  DocsModel,
  endpointsOfZone,
  nameOf,
  nameOfKey,
  referrersOf,
  resourcesOfType,
} from './assembly-model';
import { listenersOf } from './components';
import { cell, code } from './markdown';
import { IAM_TYPES } from './security-iam';

/** SECURITY.md's encryption sections: at rest per data store, in transit per allowed flow, KMS keys. */

/** An expression as SECURITY.md prints it: references by construct path, pseudo parameters as ${AWS::...}. */
export function display(model: DocsModel, stack: string, expression: unknown): string {
  return describeExpression(model.index, stack, expression);
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

export function atRestSection(model: DocsModel): string[] {
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

export function inTransitSection(model: DocsModel): string[] {
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

export function kmsSection(model: DocsModel): string[] {
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
