import { Match } from 'aws-cdk-lib/assertions';
import { CACHE_TRADE_OFFS } from '../lib/stacks/data-stack';
import { infoMessagesOf, logicalIdOf, resourcesOfType, synthesizeDefaultAndExample } from './helpers';

const { poc, example } = synthesizeDefaultAndExample();

describe('database (default: MySQL 8.0 with the MEMCACHED option)', () => {
  test('Multi-AZ, encrypted with its own key, protected from deletion, snapshot on removal', () => {
    poc.templates.data.hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
      Properties: Match.objectLike({
        MultiAZ: true,
        StorageEncrypted: true,
        KmsKeyId: { 'Fn::GetAtt': ['DatabaseKey5E5D9547', 'Arn'] },
        DeletionProtection: true,
        PubliclyAccessible: false,
        BackupRetentionPeriod: 14,
        Engine: 'mysql',
        EngineVersion: '8.0.46',
        EngineLifecycleSupport: 'open-source-rds-extended-support',
        EnableCloudwatchLogsExports: ['error', 'slowquery', 'audit'],
        AllocatedStorage: '50',
        MaxAllocatedStorage: 200,
        DBInstanceClass: 'db.m7g.large',
      }),
    });
    poc.templates.data.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('lives in the isolated data subnets and only in the database security group', () => {
    const subnetGroup = Object.values(resourcesOfType(poc.templates.data, 'AWS::RDS::DBSubnetGroup'))[0];
    const subnetRefs = JSON.stringify(subnetGroup.Properties?.SubnetIds);
    expect(subnetRefs).toMatch(/NetworkVpcdataSubnet1/);
    expect(subnetRefs).toMatch(/NetworkVpcdataSubnet2/);
    expect(subnetRefs).not.toMatch(/Vpc(public|web|app)Subnet/);
    const instance = Object.values(resourcesOfType(poc.templates.data, 'AWS::RDS::DBInstance'))[0];
    expect(JSON.stringify(instance.Properties?.VPCSecurityGroups)).toMatch(/SecurityGroupsDatabase/);
    expect(instance.Properties?.VPCSecurityGroups).toHaveLength(1);
  });

  test('option group: MEMCACHED on 11211 with its own security group membership, and the audit plugin', () => {
    poc.templates.data.hasResourceProperties('AWS::RDS::OptionGroup', {
      EngineName: 'mysql',
      MajorEngineVersion: '8.0',
      OptionConfigurations: [
        {
          OptionName: 'MEMCACHED',
          Port: 11211,
          VpcSecurityGroupMemberships: [
            Match.objectLike({
              'Fn::ImportValue': Match.stringLikeRegexp('SecurityGroupsCache'),
            }),
          ],
        },
        Match.objectLike({ OptionName: 'MARIADB_AUDIT_PLUGIN' }),
      ],
    });
  });

  test('parameter group forces TLS', () => {
    poc.templates.data.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'mysql8.0',
      Parameters: Match.objectLike({ require_secure_transport: '1' }),
    });
  });

  test('credentials are generated, encrypted with the database key and rotated', () => {
    poc.templates.data.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password' }),
      KmsKeyId: { 'Fn::GetAtt': ['DatabaseKey5E5D9547', 'Arn'] },
    });
    poc.templates.data.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    const instance = Object.values(resourcesOfType(poc.templates.data, 'AWS::RDS::DBInstance'))[0];
    expect(JSON.stringify(instance.Properties?.MasterUserPassword)).toMatch(/resolve:secretsmanager/);
  });

  test('no general log: it would copy every statement with its values (card data included) into CloudWatch', () => {
    poc.templates.data.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Parameters: Match.objectLike({ general_log: '0', slow_query_log: '1', require_secure_transport: '1' }),
    });
    const logGroups = Object.values(resourcesOfType(poc.templates.data, 'AWS::Logs::LogGroup'));
    expect(logGroups.map((group) => group.Properties?.LogGroupName)).not.toContain(
      '/aws/rds/instance/anycompany-apparel-mysql/general',
    );
    poc.templates.data.hasResourceProperties('AWS::RDS::OptionGroup', {
      OptionConfigurations: Match.arrayWith([
        Match.objectLike({
          OptionName: 'MARIADB_AUDIT_PLUGIN',
          OptionSettings: Match.arrayWith([{ Name: 'SERVER_AUDIT_EVENTS', Value: 'CONNECT,QUERY_DDL,QUERY_DCL' }]),
        }),
      ]),
    });
  });

  test('exported log groups exist ahead, KMS-encrypted, kept a year', () => {
    for (const type of ['error', 'slowquery', 'audit']) {
      poc.templates.data.hasResource('AWS::Logs::LogGroup', {
        DeletionPolicy: 'Retain',
        Properties: {
          LogGroupName: `/aws/rds/instance/anycompany-apparel-mysql/${type}`,
          RetentionInDays: 365,
          KmsKeyId: { 'Fn::GetAtt': ['DatabaseKey5E5D9547', 'Arn'] },
          Tags: Match.anyValue(),
        },
      });
    }
  });

  test('stateful logical ids stay fixed (a change would replace the database)', () => {
    const data = poc.templates.data;
    expect(logicalIdOf(data, 'AWS::RDS::DBInstance')).toBe('DatabaseInstanceAA8A5FDE');
    expect(logicalIdOf(data, 'AWS::KMS::Key', (props) => String(props.Description).startsWith('RDS storage'))).toBe(
      'DatabaseKey5E5D9547',
    );
    const secretOf = (username: string) =>
      logicalIdOf(data, 'AWS::SecretsManager::Secret', (props) =>
        JSON.stringify((props.GenerateSecretString as Record<string, unknown>).SecretStringTemplate).includes(
          `\\"username\\":\\"${username}\\"`,
        ),
      );
    expect(secretOf('pocadmin')).toBe('AnyCompanyApparelDataDatabaseInstanceSecret3BAC8AFA3fdaad7efa858a3daf9490cf0a702aeb');
    // A replaced user secret would come with a new generated password for a user the database already has.
    expect(secretOf('poc_app')).toBe('DatabaseUsersAppSecret0C80204B');
    expect(secretOf('poc_migration')).toBe('DatabaseUsersMigrationSecret41C1ED41');
  });

  test('outputs the instance identifier that npm run demo:failover reboots', () => {
    poc.templates.data.hasOutput('DatabaseInstanceIdentifier', { Value: { Ref: 'DatabaseInstanceAA8A5FDE' } });
    example.templates.data.hasOutput('DatabaseInstanceIdentifier', {
      Value: { Ref: logicalIdOf(example.templates.data, 'AWS::RDS::DBInstance') },
    });
  });

  test('the Data stack is termination-protected; stateless stacks are not', () => {
    expect(poc.assembly.getStackByName(poc.stackNames.data).terminationProtection).toBe(true);
    expect(poc.assembly.getStackByName(poc.stackNames.app).terminationProtection).toBe(false);
  });

  test('synth states the extended-support trade-off once', () => {
    expect(infoMessagesOf(poc, poc.stackNames.data)).toEqual([CACHE_TRADE_OFFS['rds-memcached-option']]);
  });
});

describe('database (example: MySQL 8.4 with ElastiCache for Memcached)', () => {
  test('MySQL 8.4 on standard support, no MEMCACHED option, audit plugin kept', () => {
    example.templates.data.hasResourceProperties('AWS::RDS::DBInstance', {
      EngineVersion: '8.4.10',
      EngineLifecycleSupport: 'open-source-rds-extended-support-disabled',
      MultiAZ: true,
      BackupRetentionPeriod: 35,
    });
    example.templates.data.hasResourceProperties('AWS::RDS::OptionGroup', {
      MajorEngineVersion: '8.4',
      OptionConfigurations: [Match.objectLike({ OptionName: 'MARIADB_AUDIT_PLUGIN' })],
    });
  });

  test('ElastiCache memcached: one node per AZ across AZs, TLS in transit, data subnets, cache group', () => {
    example.templates.data.hasResourceProperties('AWS::ElastiCache::CacheCluster', {
      Engine: 'memcached',
      NumCacheNodes: 3,
      AZMode: 'cross-az',
      TransitEncryptionEnabled: true,
      Port: 11211,
      PreferredAvailabilityZones: ['eu-west-3a', 'eu-west-3b', 'eu-west-3c'],
      VpcSecurityGroupIds: [
        Match.objectLike({
          'Fn::ImportValue': Match.stringLikeRegexp('SecurityGroupsCache'),
        }),
      ],
    });
    const subnetGroup = Object.values(resourcesOfType(example.templates.data, 'AWS::ElastiCache::SubnetGroup'))[0];
    expect(JSON.stringify(subnetGroup.Properties?.SubnetIds)).toMatch(/dataSubnet/);
    expect(JSON.stringify(subnetGroup.Properties?.SubnetIds)).not.toMatch(/(public|web|app)Subnet/);
  });

  test('synth states the separate-cache trade-off', () => {
    expect(infoMessagesOf(example, example.stackNames.data)).toEqual([CACHE_TRADE_OFFS['elasticache-memcached']]);
  });

  test('the default POC has no ElastiCache cluster', () => {
    poc.templates.data.resourceCountIs('AWS::ElastiCache::CacheCluster', 0);
  });
});
