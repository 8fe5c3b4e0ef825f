import { Match } from 'aws-cdk-lib/assertions';
import { distributionIdParameterName, stackName } from '../lib/config/naming';
import { FAILED_BACKUP_STATES } from '../lib/constructs/backup-job-alerts';
import { DATABASE_EVENT_CATEGORIES } from '../lib/constructs/database-events';
import {
  configWith,
  defaultConfig,
  exampleConfig,
  logicalIdOf,
  resourcesOfType,
  synthesizeDefaultAndExample,
  SynthesizedTemplates,
  variant,
} from './helpers';

const { poc, example } = synthesizeDefaultAndExample();

type Props = Record<string, unknown>;

const alarmsOf = (synthesized: SynthesizedTemplates): Props[] =>
  Object.values(resourcesOfType(synthesized.templates.operations, 'AWS::CloudWatch::Alarm')).map(
    (alarm) => alarm.Properties as Props,
  );
const alarmNamed = (alarms: Props[], name: string): Props => {
  const found = alarms.filter((alarm) => alarm.AlarmName === name);
  if (found.length !== 1) throw new Error(`expected one alarm named ${name}, found ${found.length}`);
  return found[0];
};
const topicOf = (synthesized: SynthesizedTemplates) =>
  logicalIdOf(synthesized.templates.operations, 'AWS::SNS::Topic', (props) => props.DisplayName === 'PCI POC alarms');

describe('Operations: dashboard and alarms (competency 2.7)', () => {
  test.each([
    ['default', poc],
    ['example', example],
  ])('%s config: one dashboard, and every alarm pages the encrypted alarm topic', (_, synthesized) => {
    expect(Object.keys(resourcesOfType(synthesized.templates.operations, 'AWS::CloudWatch::Dashboard'))).toHaveLength(1);
    const alarms = alarmsOf(synthesized);
    expect(alarms.length).toBeGreaterThanOrEqual(15);
    for (const alarm of alarms) {
      expect({ name: alarm.AlarmName, actions: alarm.AlarmActions }).toEqual({
        name: alarm.AlarmName,
        actions: [{ Ref: topicOf(synthesized) }],
      });
      expect(alarm.ActionsEnabled).toBe(true);
    }
  });

  test('each ALB: 5xx rate, p99 latency and unhealthy targets', () => {
    const alarms = alarmsOf(poc);
    for (const alb of ['WebAlb', 'InternalAlb']) {
      const errors = alarmNamed(alarms, `AnyCompanyApparel-${alb}-5xxRate-Critical`);
      expect(errors).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanThreshold' });
      const expression = (errors.Metrics as Props[]).find((metric) => metric.Expression !== undefined);
      expect(expression?.Expression).toMatch(/elb5xx.*target5xx.*requests/);
      expect(alarmNamed(alarms, `AnyCompanyApparel-${alb}-LatencyP99-Critical`)).toMatchObject({
        MetricName: 'TargetResponseTime',
        ExtendedStatistic: 'p99',
        Threshold: 2,
      });
      expect(alarmNamed(alarms, `AnyCompanyApparel-${alb}-UnhealthyHosts-Critical`)).toMatchObject({
        MetricName: 'UnHealthyHostCount',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    }
  });

  test('each tier: CPU, and fewer instances in service than its minimum', () => {
    const alarms = alarmsOf(example);
    for (const [tier, minimum] of [
      ['WebTier', exampleConfig().web.minCapacity],
      ['AppTier', exampleConfig().app.minCapacity],
    ] as const) {
      expect(alarmNamed(alarms, `NorthwindTraders-${tier}-Cpu-Critical`)).toMatchObject({
        Namespace: 'AWS/EC2',
        MetricName: 'CPUUtilization',
        Threshold: 80,
      });
      expect(alarmNamed(alarms, `NorthwindTraders-${tier}-InServiceBelowMinimum-Critical`)).toMatchObject({
        Namespace: 'AWS/AutoScaling',
        MetricName: 'GroupInServiceInstances',
        Statistic: 'Minimum',
        Threshold: minimum,
        ComparisonOperator: 'LessThanThreshold',
      });
    }
  });

  test('database: CPU, free storage, freeable memory, connections; AWS WAF blocked-request rate', () => {
    const alarms = alarmsOf(poc);
    expect(alarmNamed(alarms, 'AnyCompanyApparel-Database-CPU-Usage-Critical')).toMatchObject({ Threshold: 80 });
    const storage = alarmNamed(alarms, 'AnyCompanyApparel-Database-FreeStorage-Critical');
    expect(storage).toMatchObject({ Threshold: 10 * 1024 ** 3, ComparisonOperator: 'LessThanThreshold' });
    expect(JSON.stringify(storage.Metrics ?? storage.MetricName)).toContain('FreeStorageSpace');
    expect(alarmNamed(alarms, 'AnyCompanyApparel-Database-FreeableMemory-Critical')).toMatchObject({
      MetricName: 'FreeableMemory',
      Threshold: 256 * 1024 ** 2,
      ComparisonOperator: 'LessThanThreshold',
    });
    const connections = alarmNamed(alarms, 'AnyCompanyApparel-Database-Connections-Critical');
    // DatabaseConnections is a per-minute gauge: a Sum over five minutes would count each connection five times.
    expect(connections.Statistic).toBe('Maximum');
    expect(connections.Threshold).toBe(400);
    expect(JSON.stringify(connections.Metrics ?? connections.MetricName)).toContain('DatabaseConnections');
    const waf = alarmNamed(alarms, 'AnyCompanyApparel-Waf-Blocked-Rate-Critical');
    expect(waf.Threshold).toBe(20);
    expect(JSON.stringify(waf.Metrics)).toContain('"WebACL","Value":"anycompany-apparel-alb"');
  });

  test('thresholds come from the config', () => {
    const tuned = variant('tuned-alarms');
    const alarms = alarmsOf(tuned);
    expect(alarmNamed(alarms, 'AnyCompanyApparel-WebAlb-5xxRate-Critical').Threshold).toBe(2);
    expect(alarmNamed(alarms, 'AnyCompanyApparel-InternalAlb-LatencyP99-Critical').Threshold).toBe(0.5);
    expect(alarmNamed(alarms, 'AnyCompanyApparel-AppTier-Cpu-Critical').Threshold).toBe(65);
    expect(alarmNamed(alarms, 'AnyCompanyApparel-Database-CPU-Usage-Critical').Threshold).toBe(65);
    expect(alarmNamed(alarms, 'AnyCompanyApparel-Database-Connections-Critical').Threshold).toBe(150);
    expect(defaultConfig().monitoring.cpuPercent).toBe(80);
  });
});

describe('alarm topics: CloudWatch alarms of this account may publish', () => {
  // enforceSSL replaces the default topic policy, so without this Allow every alarm notification is refused.
  test.each([
    ['Operations', poc.templates.operations],
    ['EdgeAlarms', poc.templates.edgeAlarms],
  ])('%s topic policy allows cloudwatch.amazonaws.com to publish, from this account only, over TLS only', (_, template) => {
    const topic = logicalIdOf(template, 'AWS::SNS::Topic');
    const policies = Object.values(resourcesOfType(template, 'AWS::SNS::TopicPolicy')).filter((policy) =>
      JSON.stringify((policy.Properties as Props).Topics).includes(topic),
    );
    expect(policies).toHaveLength(1);
    const statements = (policies[0].Properties as { PolicyDocument: { Statement: Props[] } }).PolicyDocument.Statement;
    const fromAlarms = statements.filter(
      (statement) =>
        statement.Effect === 'Allow' && JSON.stringify(statement.Principal) === '{"Service":"cloudwatch.amazonaws.com"}',
    );
    expect(fromAlarms).toHaveLength(1);
    expect(fromAlarms[0]).toMatchObject({
      Action: 'sns:Publish',
      Resource: { Ref: topic },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    expect(JSON.stringify((fromAlarms[0].Condition as Props).ArnLike)).toContain(':alarm:*');
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });
});

describe('EdgeAlarms (us-east-1): CloudFront 5xx rate and origin latency', () => {
  const edgeAlarmsOf = (synthesized: SynthesizedTemplates): Props[] =>
    Object.values(resourcesOfType(synthesized.templates.edgeAlarms, 'AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties as Props,
    );
  /** The template parameter CloudFormation fills from the SSM parameter named `name`. */
  const ssmParameterNamed = (synthesized: SynthesizedTemplates, name: string): string => {
    const parameters = synthesized.templates.edgeAlarms.findParameters('*', {
      Type: 'AWS::SSM::Parameter::Value<String>',
      Default: name,
    });
    expect(Object.keys(parameters)).toHaveLength(1);
    return Object.keys(parameters)[0];
  };
  /** The SSM parameter name and value that the Edge stack writes in us-east-1 at deploy time. */
  const relayedParameter = (synthesized: SynthesizedTemplates): { name: string; value: unknown; region: string } => {
    const relays = Object.values(resourcesOfType(synthesized.templates.edge, 'Custom::AWS'));
    expect(relays).toHaveLength(1);
    const create = (relays[0].Properties as Props).Create as { 'Fn::Join': [string, unknown[]] };
    const parts = create['Fn::Join'][1];
    const placeholder = '__DISTRIBUTION_ID__';
    const call = JSON.parse(parts.map((part) => (typeof part === 'string' ? part : placeholder)).join('')) as {
      action: string;
      region: string;
      parameters: { Name: string; Value: string };
    };
    expect(call.action).toBe('putParameter');
    expect(call.parameters.Value).toBe(placeholder);
    return { name: call.parameters.Name, value: parts.find((part) => typeof part !== 'string'), region: call.region };
  };

  test('a POC rebuilt in a DR region gets its own EdgeAlarms stack and parameter, never the primary ones', () => {
    const primary = exampleConfig();
    const rebuilt = configWith((raw) => {
      raw.customer = { name: primary.customer.name };
      raw.environment = { account: '111122223333', region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'eu-west-1b'] };
      raw.disasterRecovery = { copyToRegion: 'eu-west-3' };
    });
    expect(stackName(primary, 'EdgeAlarms')).toBe('NorthwindTraders-EdgeAlarms-eu-west-3');
    expect(stackName(rebuilt, 'EdgeAlarms')).toBe('NorthwindTraders-EdgeAlarms-eu-west-1');
    expect(distributionIdParameterName(primary)).not.toBe(distributionIdParameterName(rebuilt));
    // Environment-agnostic: the region is unknown at synthesis, and the names carry none.
    expect(stackName(defaultConfig(), 'EdgeAlarms')).toBe('AnyCompanyApparel-EdgeAlarms');
    expect(relayedParameter(example).name).toBe('/pci-poc-kit/northwind-traders-eu-west-3/cloudfront-distribution-id');
  });

  test.each([
    ['default', poc],
    ['example', example],
  ])('%s config: the stack is in us-east-1 and deployed after the Edge stack', (_, synthesized) => {
    const edgeAlarms = synthesized.assembly.getStackByName(synthesized.stackNames.edgeAlarms);
    expect(edgeAlarms.environment.region).toBe('us-east-1');
    expect(edgeAlarms.dependencies.map((artifact) => artifact.id)).toContain(synthesized.stackNames.edge);
  });

  test.each([
    ['default', poc],
    ['example', example],
  ])(
    '%s config: both alarms watch the distribution the Edge stack relays, and page an encrypted us-east-1 topic',
    (_, synthesized) => {
      const relayed = relayedParameter(synthesized);
      expect(relayed.region).toBe('us-east-1');
      const distributionId = logicalIdOf(synthesized.templates.edge, 'AWS::CloudFront::Distribution');
      expect(relayed.value).toEqual({ Ref: distributionId });
      const parameter = ssmParameterNamed(synthesized, relayed.name);

      const topic = logicalIdOf(synthesized.templates.edgeAlarms, 'AWS::SNS::Topic');
      const topicProps = resourcesOfType(synthesized.templates.edgeAlarms, 'AWS::SNS::Topic')[topic].Properties as Props;
      expect(topicProps.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
      synthesized.templates.edgeAlarms.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        TopicArn: { Ref: topic },
      });

      const alarms = edgeAlarmsOf(synthesized);
      // `<Prefix>` or, pinned, `<Prefix>-<region>`: alarm names in us-east-1 are shared by every POC of the customer.
      const prefix = synthesized.stackNames.edgeAlarms.replace('-EdgeAlarms', '');
      expect(alarms.map((alarm) => alarm.AlarmName).sort()).toEqual([
        `${prefix}-CloudFront-Fault-Rate-Critical`,
        `${prefix}-CloudFront-OriginLatency-Critical`,
      ]);
      for (const alarm of alarms) {
        expect({ name: alarm.AlarmName, actions: alarm.AlarmActions, enabled: alarm.ActionsEnabled }).toEqual({
          name: alarm.AlarmName,
          actions: [{ Ref: topic }],
          enabled: true,
        });
        expect(JSON.stringify(alarm.Dimensions ?? alarm.Metrics)).toContain(
          JSON.stringify({ Name: 'DistributionId', Value: { Ref: parameter } }),
        );
      }
    },
  );

  test('5xx rate and p90 origin latency, with thresholds from the config', () => {
    const alarms = edgeAlarmsOf(poc);
    const errors = alarmNamed(alarms, 'AnyCompanyApparel-CloudFront-Fault-Rate-Critical');
    expect(errors).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanThreshold' });
    expect(JSON.stringify(errors.Metrics)).toContain('"MetricName":"5xxErrorRate","Namespace":"AWS/CloudFront"');
    expect(alarmNamed(alarms, 'AnyCompanyApparel-CloudFront-OriginLatency-Critical')).toMatchObject({
      Namespace: 'AWS/CloudFront',
      MetricName: 'OriginLatency',
      ExtendedStatistic: 'p90',
      Threshold: 1000,
    });

    const tuned = variant('tuned-alarms');
    const tunedAlarms = edgeAlarmsOf(tuned);
    expect(alarmNamed(tunedAlarms, 'AnyCompanyApparel-CloudFront-Fault-Rate-Critical').Threshold).toBe(2);
    expect(alarmNamed(tunedAlarms, 'AnyCompanyApparel-CloudFront-OriginLatency-Critical').Threshold).toBe(250);
  });

  test('the distribution publishes the additional metrics that origin latency is part of', () => {
    poc.templates.edge.hasResourceProperties('AWS::CloudFront::MonitoringSubscription', {
      DistributionId: { Ref: logicalIdOf(poc.templates.edge, 'AWS::CloudFront::Distribution') },
      MonitoringSubscription: { RealtimeMetricsSubscriptionConfig: { RealtimeMetricsSubscriptionStatus: 'Enabled' } },
    });
  });

  test('the relay may write and delete only its one parameter in us-east-1, and runs after its policy is attached', () => {
    const { name } = relayedParameter(poc);
    const policies = Object.entries(resourcesOfType(poc.templates.edge, 'AWS::IAM::ManagedPolicy')).filter(([, policy]) =>
      JSON.stringify(policy.Properties).includes('ssm:'),
    );
    expect(policies).toHaveLength(1);
    const [policyId, policy] = policies[0];
    const statements = (policy.Properties as { PolicyDocument: { Statement: Props[] } }).PolicyDocument.Statement;
    const ssmStatement = statements.find((statement) => JSON.stringify(statement.Action).includes('ssm:'));
    expect(ssmStatement?.Action).toEqual(['ssm:DeleteParameter', 'ssm:PutParameter']);
    expect(JSON.stringify(ssmStatement?.Resource)).toContain(`:ssm:us-east-1:`);
    expect(JSON.stringify(ssmStatement?.Resource)).toContain(`:parameter${name}"`);
    const functions = Object.values(resourcesOfType(poc.templates.edge, 'AWS::Lambda::Function')).filter((fn) =>
      JSON.stringify(fn.Properties).includes((policy.Properties as { Roles: { Ref: string }[] }).Roles[0].Ref),
    );
    expect(functions).toHaveLength(1);
    expect(functions[0].DependsOn).toContain(policyId);
  });
});

describe('Operations: failed backup and copy jobs page the topic', () => {
  test('an EventBridge rule sends FAILED, ABORTED and EXPIRED backup and copy jobs to the alarm topic', () => {
    poc.templates.operations.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.backup'],
        'detail-type': ['Backup Job State Change', 'Copy Job State Change'],
        detail: { state: [...FAILED_BACKUP_STATES] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: topicOf(poc) } })],
    });
  });
});

describe('Operations: RDS event notifications', () => {
  test('failover, failure, storage, availability and configuration events of the database go to the alarm topic', () => {
    poc.templates.operations.hasResourceProperties('AWS::RDS::EventSubscription', {
      SourceType: 'db-instance',
      EventCategories: [...DATABASE_EVENT_CATEGORIES],
      SnsTopicArn: { Ref: topicOf(poc) },
      SourceIds: [Match.anyValue()],
      Enabled: true,
    });
    expect(DATABASE_EVENT_CATEGORIES).toEqual(
      expect.arrayContaining(['failover', 'failure', 'low storage', 'availability', 'configuration change', 'maintenance']),
    );
  });

  test('RDS may publish to the topic and use its KMS key', () => {
    const policies = Object.values(resourcesOfType(poc.templates.operations, 'AWS::SNS::TopicPolicy'));
    const statements = policies.flatMap((policy) => ((policy.Properties as Props).PolicyDocument as Props).Statement as Props[]);
    expect(statements).toContainEqual(
      expect.objectContaining({ Principal: { Service: 'events.rds.amazonaws.com' }, Action: 'sns:Publish', Effect: 'Allow' }),
    );
    const keys = Object.values(resourcesOfType(poc.templates.operations, 'AWS::KMS::Key'));
    const keyStatements = keys.flatMap((key) => ((key.Properties as Props).KeyPolicy as Props).Statement as Props[]);
    expect(keyStatements).toContainEqual(
      expect.objectContaining({
        Principal: { Service: expect.arrayContaining(['events.rds.amazonaws.com']) },
        Action: expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey']),
      }),
    );
  });
});

describe('alarm descriptions say in plain words what each alarm watches (issue 16 §2)', () => {
  /** The threshold as the description writes it: bytes in GiB or MiB, CloudFront's milliseconds in seconds. */
  const thresholdInWords = (alarm: Props): string => {
    const threshold = alarm.Threshold as number;
    if (threshold === 0 && alarm.ComparisonOperator === 'GreaterThanThreshold') return 'At least one';
    if (threshold >= 1024 ** 3) return `${threshold / 1024 ** 3} GiB`;
    if (threshold >= 1024 ** 2) return `${threshold / 1024 ** 2} MiB`;
    if (alarm.MetricName === 'OriginLatency') return `${threshold / 1000} s`;
    return String(threshold);
  };
  const cloudFrontAlarmsOf = (synthesized: SynthesizedTemplates): Props[] =>
    Object.values(resourcesOfType(synthesized.templates.edgeAlarms, 'AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties as Props,
    );
  const periodOf = (alarm: Props): number => {
    if (typeof alarm.Period === 'number') return alarm.Period;
    const periods = (alarm.Metrics as { MetricStat?: { Period: number } }[]).flatMap((m) =>
      m.MetricStat ? [m.MetricStat.Period] : [],
    );
    return Math.max(...periods);
  };

  test.each([
    ['default', () => [...alarmsOf(poc), ...cloudFrontAlarmsOf(poc)]],
    ['tuned', () => [...alarmsOf(variant('tuned-alarms')), ...cloudFrontAlarmsOf(variant('tuned-alarms'))]],
  ])('%s thresholds: each names its threshold, and the periods and data points of its template', (_, alarmsOfConfig) => {
    const alarms = alarmsOfConfig();
    expect(alarms.length).toBeGreaterThan(15);
    for (const alarm of alarms) {
      const description = String(alarm.AlarmDescription);
      expect({ alarm: alarm.AlarmName, description }).toEqual({
        alarm: alarm.AlarmName,
        description: expect.stringContaining(
          `, in ${String(alarm.DatapointsToAlarm)} of ${String(alarm.EvaluationPeriods)} consecutive ${periodOf(alarm) / 60}-minute periods.`,
        ),
      });
      expect({ alarm: alarm.AlarmName, description }).toEqual({
        alarm: alarm.AlarmName,
        description: expect.stringContaining(thresholdInWords(alarm)),
      });
      expect(description).not.toMatch(/Threshold of|is too (high|low)|has been breached/);
    }
  });

  test('the free-storage alarm is named for what it measures', () => {
    const names = alarmsOf(poc).map((alarm) => String(alarm.AlarmName));
    expect(names).toContain('AnyCompanyApparel-Database-FreeStorage-Critical');
    expect(names.filter((name) => /Usage-Count/.test(name))).toEqual([]);
  });
});
