import { App, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as config from 'aws-cdk-lib/aws-config';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PUBLIC_BUCKET_CONFIG_RULES } from '../lib/compliance/competency/public-bucket-alert';
import { CompetencyChecks } from '../lib/compliance/competency/pack';
import { withoutBuiltInValidation } from './helpers';

/** Rule ids the competency pack reports for a stack built by `build`. */
function findings(build: (stack: Stack) => void): string[] {
  const app = new App();
  const stack = new Stack(app, 'Subject');
  build(stack);
  // Synthesis first, as in a real run: aspects (such as CDK's subnet tags) have been applied.
  withoutBuiltInValidation(() => app.synth());
  return new CompetencyChecks().validateScope(stack).violations.map((violation) => violation.ruleName);
}

const vpcOf = (stack: Stack, maxAzs: number) =>
  new ec2.Vpc(stack, 'Vpc', {
    maxAzs,
    natGateways: 0,
    subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });

describe('Competency-MultiAz (2.4)', () => {
  const database = (multiAz: boolean) => (stack: Stack) =>
    new rds.DatabaseInstance(stack, 'Db', {
      engine: rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_4_10 }),
      vpc: vpcOf(stack, 2),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      multiAz,
      storageEncrypted: true,
    });
  test('a Multi-AZ database passes', () => expect(findings(database(true))).not.toContain('Competency-MultiAz'));
  test('a single-AZ database fails', () => expect(findings(database(false))).toContain('Competency-MultiAz'));

  const group = (azs: number) => (stack: Stack) =>
    new autoscaling.AutoScalingGroup(stack, 'Group', {
      vpc: vpcOf(stack, azs),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      launchTemplate: new ec2.LaunchTemplate(stack, 'Template', {
        machineImage: ec2.MachineImage.latestAmazonLinux2023(),
        instanceType: new ec2.InstanceType('t3.micro'),
      }),
    });
  test('an Auto Scaling group over two AZs passes', () => expect(findings(group(2))).not.toContain('Competency-MultiAz'));
  test('an Auto Scaling group in one AZ fails', () => expect(findings(group(1))).toContain('Competency-MultiAz'));
});

describe('Competency-BucketNotPublic (2.10)', () => {
  test('a bucket with all four Block Public Access settings passes', () => {
    expect(findings((stack) => new s3.Bucket(stack, 'B', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL }))).not.toContain(
      'Competency-BucketNotPublic',
    );
  });
  test('a bucket that leaves public policies possible fails', () => {
    expect(findings((stack) => new s3.Bucket(stack, 'B', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY }))).toContain(
      'Competency-BucketNotPublic',
    );
  });
});

describe('Competency-EncryptedAtRest (2.11)', () => {
  test('encrypted log group, topic and volume pass', () => {
    expect(
      findings((stack) => {
        const key = new kms.Key(stack, 'Key');
        new logs.LogGroup(stack, 'Logs', { encryptionKey: key });
        new sns.Topic(stack, 'Topic', { masterKey: key });
      }),
    ).not.toContain('Competency-EncryptedAtRest');
  });
  test.each([
    ['a log group without KMS', (stack: Stack) => new logs.LogGroup(stack, 'Logs')],
    ['a topic without KMS', (stack: Stack) => new sns.Topic(stack, 'Topic')],
    [
      'a launch template with an unencrypted volume',
      (stack: Stack) =>
        new ec2.LaunchTemplate(stack, 'Template', {
          blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: false }) }],
        }),
    ],
  ])('%s fails', (_, build) => {
    expect(findings(build)).toContain('Competency-EncryptedAtRest');
  });
});

describe('Competency-TlsInTransit (2.11)', () => {
  const listener = (protocol: 'HTTP' | 'HTTPS', redirect: boolean) => (stack: Stack) =>
    new elbv2.CfnListener(stack, 'Listener', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-3:111122223333:loadbalancer/app/x/1',
      port: protocol === 'HTTPS' ? 443 : 80,
      protocol,
      defaultActions: redirect
        ? [{ type: 'redirect', redirectConfig: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }]
        : [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '200' } }],
    });
  test('an HTTPS listener passes', () => expect(findings(listener('HTTPS', false))).not.toContain('Competency-TlsInTransit'));
  test('an HTTP listener that only redirects to HTTPS passes', () =>
    expect(findings(listener('HTTP', true))).not.toContain('Competency-TlsInTransit'));
  test('an HTTP listener that serves content fails', () =>
    expect(findings(listener('HTTP', false))).toContain('Competency-TlsInTransit'));

  const vpcOrigin =
    (policy: 'http-only' | 'https-only', protocols: string[] = ['TLSv1.2']) =>
    (stack: Stack) =>
      new cloudfront.CfnVpcOrigin(stack, 'Origin', {
        vpcOriginEndpointConfig: {
          name: 'web',
          arn: 'arn:aws:elasticloadbalancing:eu-west-3:111122223333:loadbalancer/app/web/1',
          httpPort: 80,
          httpsPort: 443,
          originProtocolPolicy: policy,
          originSslProtocols: protocols,
        },
      });
  test('an HTTPS-only VPC origin with TLS 1.2 passes', () =>
    expect(findings(vpcOrigin('https-only'))).not.toContain('Competency-TlsInTransit'));
  test("an HTTP VPC origin fails (cdk-nag's origin rules read custom origins only)", () =>
    expect(findings(vpcOrigin('http-only'))).toContain('Competency-TlsInTransit'));
  test('an HTTPS VPC origin that allows TLS 1.0 fails', () =>
    expect(findings(vpcOrigin('https-only', ['TLSv1', 'TLSv1.2']))).toContain('Competency-TlsInTransit'));

  const parameters = (requireTls: string | undefined) => (stack: Stack) =>
    new rds.CfnDBParameterGroup(stack, 'Parameters', {
      family: 'mysql8.4',
      description: 'test',
      parameters: requireTls === undefined ? { slow_query_log: '1' } : { require_secure_transport: requireTls },
    });
  test('a MySQL parameter group requiring TLS passes', () =>
    expect(findings(parameters('1'))).not.toContain('Competency-TlsInTransit'));
  test.each([['0'], [undefined]])('a parameter group with require_secure_transport=%s fails', (value) =>
    expect(findings(parameters(value))).toContain('Competency-TlsInTransit'),
  );
});

describe('Competency-DataSubnetsIsolated (2.12)', () => {
  const isolatedVpc = (stack: Stack) =>
    new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
  test('public subnets may route to the internet gateway; data subnets have no such route', () => {
    expect(findings(isolatedVpc)).not.toContain('Competency-DataSubnetsIsolated');
  });
  test('a default route from a data subnet to the internet gateway fails', () => {
    expect(
      findings((stack) => {
        const vpc = isolatedVpc(stack);
        const dataSubnet = vpc.isolatedSubnets[0] as ec2.Subnet;
        dataSubnet.addDefaultInternetRoute(vpc.internetGatewayId ?? '', vpc.internetConnectivityEstablished);
      }),
    ).toContain('Competency-DataSubnetsIsolated');
  });
});

describe('Competency-PublicBucketAlert (2.10)', () => {
  interface AlertSetup {
    readonly configRules?: readonly string[];
    readonly complianceType?: string;
    readonly toTopic?: boolean;
  }
  const bucketWithAlert =
    ({ configRules = PUBLIC_BUCKET_CONFIG_RULES, complianceType = 'NON_COMPLIANT', toTopic = true }: AlertSetup) =>
    (stack: Stack) => {
      new s3.Bucket(stack, 'Bucket', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
      const rules = configRules.map((identifier) => new config.ManagedRule(stack, identifier, { identifier }));
      const topic = new sns.Topic(stack, 'Alarms');
      new events.Rule(stack, 'Route', {
        eventPattern: {
          source: ['aws.config'],
          detailType: ['Config Rules Compliance Change'],
          detail: {
            configRuleName: rules.map((rule) => rule.configRuleName),
            newEvaluationResult: { complianceType: [complianceType] },
          },
        },
        targets: toTopic ? [new targets.SnsTopic(topic)] : [new targets.CloudWatchLogGroup(new logs.LogGroup(stack, 'Sink'))],
      });
    };
  test('the three public-bucket Config rules routed NON_COMPLIANT to a topic pass', () =>
    expect(findings(bucketWithAlert({}))).not.toContain('Competency-PublicBucketAlert'));
  test.each<[string, AlertSetup]>([
    ['the public-write rule is missing', { configRules: PUBLIC_BUCKET_CONFIG_RULES.filter((rule) => !rule.includes('WRITE')) }],
    ['the route only forwards COMPLIANT evaluations', { complianceType: 'COMPLIANT' }],
    ['the route ends in a log group, not a topic', { toTopic: false }],
  ])('a bucket fails when %s', (_, setup) => expect(findings(bucketWithAlert(setup))).toContain('Competency-PublicBucketAlert'));
});

describe('Competency-DatabaseOnlyFromAppTier (2.12)', () => {
  interface Tiers {
    readonly vpc: ec2.Vpc;
    readonly database: ec2.SecurityGroup;
    readonly wornBy: (tier: 'app' | 'web', group: ec2.SecurityGroup) => void;
  }
  /** A VPC with app, web and data subnets, the database in data and its group in `groupStack`. */
  const tiers = (stack: Stack, groupStack: Stack = stack): Tiers => {
    const vpc = new ec2.Vpc(groupStack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: ['app', 'web', 'data'].map((name) => ({ name, subnetType: ec2.SubnetType.PRIVATE_ISOLATED })),
    });
    const database = new ec2.SecurityGroup(groupStack, 'DatabaseGroup', { vpc });
    new rds.DatabaseInstance(stack, 'Db', {
      engine: rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_4_10 }),
      vpc,
      vpcSubnets: { subnetGroupName: 'data' },
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'DbGroup', database.securityGroupId, { mutable: false })],
      multiAz: true,
      storageEncrypted: true,
    });
    const wornBy = (tier: 'app' | 'web', group: ec2.SecurityGroup) =>
      new autoscaling.AutoScalingGroup(groupStack, `${tier}${group.node.id}`, {
        vpc,
        vpcSubnets: { subnetGroupName: tier },
        launchTemplate: new ec2.LaunchTemplate(groupStack, `${tier}${group.node.id}Template`, {
          machineImage: ec2.MachineImage.latestAmazonLinux2023(),
          instanceType: new ec2.InstanceType('t4g.micro'),
          securityGroup: group,
        }),
      });
    return { vpc, database, wornBy };
  };
  const appGroupReaches = (stack: Stack) => {
    const { vpc, database, wornBy } = tiers(stack);
    const app = new ec2.SecurityGroup(stack, 'AppGroup', { vpc });
    wornBy('app', app);
    database.addIngressRule(app, ec2.Port.tcp(3306));
    return { vpc, database, wornBy };
  };

  test('a database reached only from the app tier group passes', () =>
    expect(findings(appGroupReaches)).not.toContain('Competency-DatabaseOnlyFromAppTier'));
  test('the check follows groups and subnets defined in another stack', () => {
    const app = new App();
    const network = new Stack(app, 'Network');
    const data = new Stack(app, 'Data');
    const { vpc, database, wornBy } = tiers(data, network);
    const appGroup = new ec2.SecurityGroup(network, 'AppGroup', { vpc });
    wornBy('app', appGroup);
    database.addIngressRule(appGroup, ec2.Port.tcp(3306));
    const web = new ec2.SecurityGroup(network, 'WebGroup', { vpc });
    wornBy('web', web);
    withoutBuiltInValidation(() => app.synth());
    const ruleNames = () => new CompetencyChecks().validateScope(data).violations.map((violation) => violation.ruleName);
    expect(ruleNames()).not.toContain('Competency-DatabaseOnlyFromAppTier');
    database.addIngressRule(web, ec2.Port.tcp(3306));
    expect(new CompetencyChecks().validateScope(data).violations.map((violation) => violation.ruleName)).toContain(
      'Competency-DatabaseOnlyFromAppTier',
    );
  });
  test.each<[string, (context: Tiers & { stack: Stack }) => void]>([
    ['an address range', ({ database }) => database.addIngressRule(ec2.Peer.ipv4('10.0.0.0/8'), ec2.Port.tcp(3306))],
    [
      'the web tier group',
      ({ stack, vpc, database, wornBy }) => {
        const web = new ec2.SecurityGroup(stack, 'WebGroup', { vpc });
        wornBy('web', web);
        database.addIngressRule(web, ec2.Port.tcp(3306));
      },
    ],
    [
      'a group worn in both the app and the web tier',
      ({ stack, vpc, database, wornBy }) => {
        const shared = new ec2.SecurityGroup(stack, 'SharedGroup', { vpc });
        wornBy('app', shared);
        wornBy('web', shared);
        database.addIngressRule(shared, ec2.Port.tcp(3306));
      },
    ],
    [
      'a group nothing wears',
      ({ stack, vpc, database }) => database.addIngressRule(new ec2.SecurityGroup(stack, 'Loose', { vpc }), ec2.Port.tcp(3306)),
    ],
  ])('a database also reachable from %s fails', (_, widen) => {
    expect(
      findings((stack) => {
        const context = appGroupReaches(stack);
        widen({ ...context, stack });
      }),
    ).toContain('Competency-DatabaseOnlyFromAppTier');
  });
});

describe('Competency-AlarmedToTopic (2.7)', () => {
  const databaseWithAlarm = (action: 'topic' | 'none') => (stack: Stack) => {
    const database = new rds.DatabaseInstance(stack, 'Db', {
      engine: rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_4_10 }),
      vpc: vpcOf(stack, 2),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      multiAz: true,
      storageEncrypted: true,
    });
    const alarm = database.metricCPUUtilization().createAlarm(stack, 'Cpu', { threshold: 80, evaluationPeriods: 1 });
    if (action === 'topic') alarm.addAlarmAction(new cloudwatchActions.SnsAction(new sns.Topic(stack, 'Topic')));
  };
  test('a database measured by an alarm that notifies a topic passes', () =>
    expect(findings(databaseWithAlarm('topic'))).not.toContain('Competency-AlarmedToTopic'));
  test('a database whose alarm notifies no one fails', () =>
    expect(findings(databaseWithAlarm('none'))).toContain('Competency-AlarmedToTopic'));
  test('an Auto Scaling group without any alarm fails', () => {
    expect(
      findings(
        (stack) =>
          new autoscaling.AutoScalingGroup(stack, 'Group', {
            vpc: vpcOf(stack, 2),
            vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
            launchTemplate: new ec2.LaunchTemplate(stack, 'Template', {
              machineImage: ec2.MachineImage.latestAmazonLinux2023(),
              instanceType: new ec2.InstanceType('t4g.micro'),
            }),
          }),
      ),
    ).toContain('Competency-AlarmedToTopic');
  });
});
