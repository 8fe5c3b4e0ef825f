import { loadModel, PocModel } from '../../lib/model';
import { SESSION_PREFERENCES_DOCUMENT } from '../../lib/shared/session-manager';
import { synthesized } from '../helpers';
import { assemblyDirectory } from '../support/assemblies';

/** The elements the documents and runbooks read, as data, on the suite's assemblies. */

const stackOf = (key: string | undefined): string => (key ?? '').split('/')[0];

describe('reader elements of the default config', () => {
  let model: PocModel;
  beforeAll(() => {
    synthesized('default');
    model = loadModel(assemblyDirectory('default'));
  });

  test('the database names its key, groups, monitoring role, backup window and log exports as resources and literals', () => {
    expect(model.databases).toHaveLength(1);
    const [database] = model.databases;
    expect(database.identifier).toBe('anycompany-apparel-mysql');
    expect(database.masterUsername).toBe('pocadmin');
    expect(database.backupWindow).toMatch(/^\d\d:\d\d-\d\d:\d\d$/);
    expect(database.logExports).toEqual(expect.arrayContaining(['error', 'slowquery', 'audit']));
    expect(model.resource(database.kmsKey ?? '')?.type).toBe('AWS::KMS::Key');
    expect(model.resource(database.subnetGroup ?? '')?.type).toBe('AWS::RDS::DBSubnetGroup');
    expect(model.resource(database.parameterGroup ?? '')?.type).toBe('AWS::RDS::DBParameterGroup');
    expect(model.resource(database.monitoringRole ?? '')?.type).toBe('AWS::IAM::Role');
    expect(database.hasOptionGroup).toBe(true);
    expect(model.resource(database.optionGroup ?? '')?.type).toBe('AWS::RDS::OptionGroup');
    const parameters = model.databaseParameterGroups.find((group) => group.source.key === database.parameterGroup);
    expect(parameters?.parameters.require_secure_transport).toBe('1');
  });

  test('each database secret is KMS-encrypted, attached to the database and rotated by an application in the Data stack', () => {
    const [database] = model.databases;
    const attachments = model.secretAttachments.filter((attachment) => attachment.target === database.source.key);
    expect(attachments).toHaveLength(3);
    for (const attachment of attachments) {
      const secret = model.secrets.find((candidate) => candidate.source.key === attachment.secret);
      expect(secret?.kmsKey).toBe(database.kmsKey);
      const rotation = model.rotationSchedules.find((schedule) => schedule.secret === attachment.source.key);
      expect(rotation?.scheduleExpression).toBe('rate(30 days)');
      const application = model.serverlessApplications.find((candidate) => candidate.source.key === rotation?.rotation);
      expect(application?.functionName).toMatch(/Rotation/);
    }
    const masters = model.secrets.filter((secret) => secret.stringTemplate === '{"username":"pocadmin"}');
    expect(masters).toHaveLength(1);
  });

  test('the backup plan stores in the Data vault; the DR vault has its own key in its own stack', () => {
    expect(model.backupPlans).toHaveLength(1);
    const [plan] = model.backupPlans;
    expect(plan.name).toBe('anycompany-apparel-database');
    expect(plan.rules).toEqual([
      {
        schedule: expect.stringMatching(/^cron\(/),
        targetVault: expect.any(String),
        copyActions: 1,
        startWindowMinutes: 60,
        completionWindowMinutes: 180,
        deleteAfterDays: 14,
        copies: [{ region: 'eu-west-1', vaultName: 'anycompany-apparel-dr-copies', deleteAfterDays: 14 }],
      },
    ]);
    const vaults = new Map(model.backupVaults.map((vault) => [vault.source.key, vault]));
    const target = vaults.get(plan.rules[0].targetVault ?? '');
    expect(stackOf(target?.source.key)).toBe('AnyCompanyApparel-Data');
    const copy = model.backupVaults.find((vault) => vault.source.stack === 'AnyCompanyApparel-DisasterRecovery');
    expect(copy?.name).toBe('anycompany-apparel-dr-copies');
    expect(stackOf(copy?.kmsKey)).toBe('AnyCompanyApparel-DisasterRecovery');
    expect(model.resource(copy?.kmsKey ?? '')?.type).toBe('AWS::KMS::Key');
  });

  test('session logging: one Session Manager preferences document streams to an encrypted log group with a retention', () => {
    const documents = model.sessionDocuments.filter((document) => document.name === SESSION_PREFERENCES_DOCUMENT);
    expect(documents).toHaveLength(1);
    const [document] = documents;
    expect(document).toMatchObject({
      documentType: 'Session',
      sessionType: 'Standard_Stream',
      streaming: true,
      logEncryptionRequired: true,
      idleTimeoutMinutes: 15,
    });
    const logGroup = model.logGroups.find((group) => group.source.key === document.logGroup);
    expect(logGroup?.retentionDays).toBe(365);
    expect(logGroup?.kmsKey).toBe(document.kmsKey);
    expect(model.resource(document.kmsKey ?? '')?.type).toBe('AWS::KMS::Key');
  });

  test('every log group has a retention and a KMS key of the assembly', () => {
    expect(model.logGroups.length).toBeGreaterThan(10);
    const unprotected = model.logGroups.filter(
      (group) => group.retentionDays === undefined || model.resource(group.kmsKey ?? '')?.type !== 'AWS::KMS::Key',
    );
    expect(unprotected.map((group) => group.source.key)).toEqual([]);
  });

  test('operations: alarms by name, event rules by source, Config rules by identifier, RDS events of the instance', () => {
    expect(model.alarms.every((alarm) => alarm.name?.startsWith('AnyCompanyApparel-'))).toBe(true);
    const [database] = model.databases;
    expect(model.alarms.filter((alarm) => alarm.watches.includes(database.source.key)).length).toBeGreaterThan(0);
    expect(model.eventRules.flatMap((rule) => rule.eventSources)).toEqual(
      expect.arrayContaining(['aws.autoscaling', 'aws.config', 'aws.guardduty', 'aws.backup']),
    );
    expect(model.configRules.map((rule) => rule.identifier)).toEqual(
      expect.arrayContaining(['ROOT_ACCOUNT_MFA_ENABLED', 'IAM_ROOT_ACCESS_KEY_CHECK', 'RDS_STORAGE_ENCRYPTED']),
    );
    expect(model.databaseEventSubscriptions).toEqual([
      expect.objectContaining({ sourceType: 'db-instance', categories: expect.arrayContaining(['failover', 'failure']) }),
    ]);
    expect(model.topicSubscriptions.map((subscription) => subscription.protocol)).toEqual(['email', 'email']);
  });

  test('what notifies whom: alarm actions, rule targets and subscriptions name the topics; alarms their namespaces; the plan its database', () => {
    const isTopic = (key: string | undefined) => model.resource(key ?? '')?.type === 'AWS::SNS::Topic';
    expect(model.alarms.every((alarm) => alarm.actions.length === 1 && isTopic(alarm.actions[0]))).toBe(true);
    expect(model.alarms.every((alarm) => alarm.namespaces.length > 0)).toBe(true);
    expect(new Set(model.alarms.flatMap((alarm) => alarm.namespaces))).toEqual(
      new Set(['AWS/ApplicationELB', 'AWS/AutoScaling', 'AWS/CloudFront', 'AWS/EC2', 'AWS/RDS', 'AWS/WAFV2']),
    );
    expect(model.eventRules.every((rule) => rule.targets.length === 1 && isTopic(rule.targets[0]))).toBe(true);
    expect(model.topicSubscriptions.every((subscription) => isTopic(subscription.topic))).toBe(true);
    expect(model.databaseEventSubscriptions.every((subscription) => isTopic(subscription.topic))).toBe(true);
    expect(model.backupPlans[0].selected).toEqual([model.databases[0].source.key]);
  });

  test('each tier scales on a CPU target tied to its group', () => {
    expect(model.scalingPolicies).toHaveLength(2);
    for (const policy of model.scalingPolicies) {
      expect(model.resource(policy.group ?? '')?.type).toBe('AWS::AutoScaling::AutoScalingGroup');
      expect(policy.targetValue).toBe(60);
    }
  });

  test('the distribution id crosses regions through one SSM parameter: written by Edge, read by EdgeAlarms', () => {
    const read = model.ssmParameterReads.filter((parameter) => !parameter.bootstrap);
    expect(read).toEqual([
      expect.objectContaining({
        stack: 'AnyCompanyApparel-EdgeAlarms',
        name: '/pci-poc-kit/anycompany-apparel/cloudfront-distribution-id',
      }),
    ]);
    expect(model.ssmParameterWrites.map((write) => [write.source.stack, write.name])).toEqual([
      ['AnyCompanyApparel-Edge', read[0].name],
    ]);
  });

  test('outputs resolve to resources; those another stack imports are marked consumed', () => {
    const database = model.outputs.find((output) => output.key === 'DatabaseInstanceIdentifier');
    expect(database).toMatchObject({ stack: 'AnyCompanyApparel-Data', consumed: false, value: { kind: 'resource' } });
    expect(model.outputs.some((output) => output.consumed && output.key.startsWith('ExportsOutput'))).toBe(true);
    expect(model.outputs.filter((output) => output.key.startsWith('ExportsOutput') && !output.consumed)).toEqual([]);
  });

  test('buckets: object lock, access logs into the log archive, which bucket a deployment fills', () => {
    const archive = model.buckets.find((bucket) => bucket.objectLock !== undefined);
    expect(archive?.objectLock).toEqual({ mode: 'GOVERNANCE', days: 365 });
    const logArchive = model.buckets.find((bucket) => bucket.source.logicalId.startsWith('LogArchiveBucket'));
    expect(logArchive?.accessLogs).toBeUndefined();
    const logged = model.buckets.filter((bucket) => bucket.accessLogs?.bucket === logArchive?.source.key);
    expect(logged).toHaveLength(model.buckets.length - 1);
    expect(model.buckets.filter((bucket) => bucket.deployedTo).map((bucket) => bucket.source.stack)).toEqual([
      'AnyCompanyApparel-Edge',
    ]);
  });

  test('retained: the stateful resources of top-level stacks, with their deletion policy and declared names', () => {
    const policies = new Map(model.retained.map((resource) => [resource.source.type, resource.deletionPolicy]));
    expect(policies.get('AWS::RDS::DBInstance')).toBe('Snapshot');
    expect(policies.get('AWS::KMS::Key')).toBe('Retain');
    expect(model.retained.every((resource) => !model.stacks.find((stack) => stack.name === resource.source.stack)?.parent)).toBe(
      true,
    );
    const [database] = model.databases;
    expect(model.declaredString(database.source.key, ['DBInstanceIdentifier'])).toBe('anycompany-apparel-mysql');
    expect(model.declaredString(database.source.key, ['KmsKeyId'])).toBeUndefined();
  });

  test('ingress CIDRs: the bastions admit SSH from the configured range only, on 22 and on no other port', () => {
    const bastion = model.placements.endpoints.find((endpoint) => endpoint.zone === 'bastion');
    expect(bastion?.groups).toHaveLength(1);
    const group = bastion?.groups[0].key ?? '';
    expect(model.ingressCidrs(group, 22)).toEqual(['198.51.100.0/24']);
    expect(model.ingressCidrs(group, 3389)).toEqual([]);
    expect(model.ingressCidrs('no/such-group', 22)).toEqual([]);
  });
});

describe('document elements of the default config', () => {
  let model: PocModel;
  beforeAll(() => {
    synthesized('default');
    model = loadModel(assemblyDirectory('default'));
  });

  test('encryption at rest: every data store, its key a KMS key of the assembly where the template names one', () => {
    const kinds = new Set(model.encryptionAtRest.map((store) => store.kind));
    expect([...kinds].sort()).toEqual(
      ['backup-vault', 'ebs-volume', 'log-group', 'rds-instance', 's3-bucket', 'secret', 'sns-topic', 'trail'].sort(),
    );
    expect(model.encryptionAtRest.filter((store) => !store.encrypted).map((store) => store.source.key)).toEqual([]);
    for (const store of model.encryptionAtRest.filter((candidate) => candidate.key !== undefined)) {
      expect({ store: store.source.key, key: model.resource(store.key?.resource ?? '')?.type }).toEqual({
        store: store.source.key,
        key: 'AWS::KMS::Key',
      });
    }
    const [database] = model.databases;
    const db = model.encryptionAtRest.find((store) => store.source.key === database.source.key);
    expect(db).toMatchObject({ kind: 'rds-instance', encrypted: true, key: { resource: database.kmsKey, property: 'KmsKeyId' } });
    const volumes = model.encryptionAtRest.filter((store) => store.kind === 'ebs-volume');
    expect(volumes.length).toBe(3);
    expect(volumes.every((volume) => volume.device === '/dev/xvda' && volume.source.type === 'AWS::EC2::LaunchTemplate')).toBe(
      true,
    );
    const logArchive = model.encryptionAtRest.find((store) => store.source.logicalId.startsWith('LogArchiveBucket'));
    // Server access logs cannot go to an SSE-KMS bucket: the log archive keeps SSE-S3.
    expect(logArchive).toMatchObject({ kind: 's3-bucket', algorithm: 'AES256', key: undefined });
  });

  test('KMS keys rotate yearly and let only AWS services create grants', () => {
    expect(model.kmsKeys.length).toBeGreaterThan(10);
    expect(model.kmsKeys.filter((key) => !key.rotation || !key.grantsOnlyForAwsResources)).toEqual([]);
    expect(model.kmsKeys.every((key) => (key.description ?? '').length > 0)).toBe(true);
  });

  test('listeners and target groups: each load balancer forwards HTTP inside the VPC; the WAF ACL guards both', () => {
    const balancers = model.loadBalancers.map((balancer) => balancer.source.key).sort();
    expect(model.listeners.map((listener) => listener.loadBalancer).sort()).toEqual(balancers);
    expect(model.listeners.map((listener) => [listener.protocol, listener.defaultAction.type])).toEqual([
      ['HTTP', 'forward'],
      ['HTTP', 'forward'],
    ]);
    expect(model.targetGroups.map((group) => group.protocol)).toEqual(['HTTP', 'HTTP']);
    expect(model.webAclAssociations.map((association) => association.resource).sort()).toEqual(balancers);
    const acls = new Set(model.webAclAssociations.map((association) => association.webAcl));
    expect([...acls]).toEqual([model.webAcls[0].source.key]);
    // Managed rule groups with OverrideAction None block what they match: no rule only counts.
    expect(model.webAcls[0].rules).toHaveLength(3);
    expect(model.webAcls[0].countOnly).toEqual([]);
  });

  test('VPC: flow logs of all traffic, a NAT gateway per public subnet, an S3 gateway endpoint on the private tables', () => {
    const [vpc] = [...model.network.vpcs.keys()];
    expect(model.flowLogs).toEqual([expect.objectContaining({ resource: vpc, trafficType: 'ALL' })]);
    expect(model.natGateways.map((nat) => model.network.subnets.get(nat.subnet ?? '')?.group)).toEqual(['public', 'public']);
    expect(model.vpcEndpoints).toEqual([
      expect.objectContaining({ vpc, endpointType: 'Gateway', servicePattern: 'com.amazonaws.<region>.s3' }),
    ]);
    const tiers = model.vpcEndpoints[0].routeTables.map(
      (table) => [...model.network.subnets.values()].find((subnet) => subnet.routeTable.key === table)?.group,
    );
    expect(new Set(tiers)).toEqual(new Set(['web', 'app']));
  });

  test('security groups keep their descriptions; a rule its own', () => {
    expect(model.securityGroups.length).toBe(model.network.groups.size);
    expect(model.securityGroups.every((group) => (group.description ?? '').length > 0)).toBe(true);
    const described = [...model.network.groups.values()]
      .flatMap((group) => group.ingress)
      .filter((rule) => model.ruleDescription(rule.rule) !== undefined);
    expect(described.length).toBeGreaterThan(0);
  });

  test('the option group adds MEMCACHED and the audit plugin to MySQL; GuardDuty plans with their settings', () => {
    expect(model.databaseOptionGroups).toEqual([
      expect.objectContaining({ engineName: 'mysql', options: ['MEMCACHED', 'MARIADB_AUDIT_PLUGIN'] }),
    ]);
    const [detector] = model.threatDetectors;
    expect(detector.plans.find((plan) => plan.name === 'RUNTIME_MONITORING')).toEqual({
      name: 'RUNTIME_MONITORING',
      status: 'ENABLED',
      additional: [{ name: 'EC2_AGENT_MANAGEMENT', status: 'ENABLED' }],
    });
    expect(detector.features).toEqual(detector.plans.map((plan) => plan.name).sort());
  });
});

describe('reader elements of the example config', () => {
  test('the ElastiCache variant publishes the cache endpoint', () => {
    synthesized('example');
    const model = loadModel(assemblyDirectory('example'));
    expect(model.caches).toHaveLength(1);
    expect(model.caches[0].engine).toEqual({ known: true, value: 'memcached' });
    expect(model.outputs.some((output) => output.key === 'CacheConfigurationEndpoint')).toBe(true);
  });
});
