import { DescribeOptionGroupOptionsCommand, DescribeOrderableDBInstanceOptionsCommand } from '@aws-sdk/client-rds';
import { DescribeReservedCacheNodesOfferingsCommand } from '@aws-sdk/client-elasticache';
import { checkCacheNodeType } from '../../lib/preflight/cache';
import { checkDatabase, checkDatabaseOptions } from '../../lib/preflight/database';
import { awsError, contextOf, demandOf, outcomes, REGION, ZONES, useReadyAccount } from './fixtures';

const aws = useReadyAccount();

const zoneList = (...letters: string[]) => letters.map((letter) => ({ Name: `${REGION}${letter}` }));

describe('RDS instance', () => {
  test('engine version, class, Multi-AZ, storage and encryption orderable in every AZ', async () => {
    expect(outcomes(await checkDatabase(contextOf(), ZONES))).toEqual([
      'ok mysql 8.0.46 on db.m7g.large, Multi-AZ, gp3, encrypted: orderable in eu-west-3a, eu-west-3b',
    ]);
    expect(aws.rds.commandCalls(DescribeOrderableDBInstanceOptionsCommand)[0].args[0].input).toEqual({
      Engine: 'mysql',
      EngineVersion: '8.0.46',
      DBInstanceClass: 'db.m7g.large',
      Vpc: true,
    });
  });

  test('a class not offered with the version is a blocker that suggests classes that are', async () => {
    aws.rds.on(DescribeOrderableDBInstanceOptionsCommand).callsFake((input: { DBInstanceClass?: string }) => ({
      OrderableDBInstanceOptions: input.DBInstanceClass
        ? []
        : [{ DBInstanceClass: 'db.r6g.large' }, { DBInstanceClass: 'db.m6g.large' }, { DBInstanceClass: 'db.m6g.large' }],
    }));
    const [result] = await checkDatabase(contextOf(), ZONES);
    expect(result).toMatchObject({
      status: 'blocker',
      result: 'mysql 8.0.46 on db.m7g.large is not orderable in eu-west-3',
      fix: 'choose another database.instanceClass offered with mysql 8.0.46, e.g. db.m6g.large, db.r6g.large',
    });
  });

  test('an engine version not offered at all points at the cache choice that pins it', async () => {
    aws.rds.on(DescribeOrderableDBInstanceOptionsCommand).resolves({ OrderableDBInstanceOptions: [] });
    const [result] = await checkDatabase(contextOf(), ZONES);
    expect(result).toMatchObject({ status: 'blocker', result: 'mysql 8.0.46 is not orderable in eu-west-3' });
    expect(result.fix).toMatch(/choose the other database.cache/);
  });

  test('orderable but not Multi-AZ capable is a blocker', async () => {
    aws.rds.on(DescribeOrderableDBInstanceOptionsCommand).resolves({
      OrderableDBInstanceOptions: [
        { StorageType: 'gp3', MultiAZCapable: false, SupportsStorageEncryption: true, AvailabilityZones: zoneList('a', 'b') },
        { StorageType: 'gp2', MultiAZCapable: true, SupportsStorageEncryption: true, AvailabilityZones: zoneList('a', 'b') },
      ],
    });
    expect(outcomes(await checkDatabase(contextOf(), ZONES))).toEqual([
      'blocker mysql 8.0.46 on db.m7g.large is orderable, but not Multi-AZ, gp3, encrypted',
    ]);
  });

  test('an AZ of the VPC where the class is not orderable is a blocker', async () => {
    aws.rds.on(DescribeOrderableDBInstanceOptionsCommand).resolves({
      OrderableDBInstanceOptions: [
        { StorageType: 'gp3', MultiAZCapable: true, SupportsStorageEncryption: true, AvailabilityZones: zoneList('a', 'c') },
      ],
    });
    expect(outcomes(await checkDatabase(contextOf(), ZONES))).toEqual([
      'blocker mysql 8.0.46 on db.m7g.large is not orderable in eu-west-3b',
    ]);
  });

  test('no database in the templates, no check', async () => {
    expect(await checkDatabase(contextOf(demandOf({ database: undefined })), ZONES)).toEqual([]);
  });
});

describe('RDS options', () => {
  test('MEMCACHED and the audit plugin offered for the major version, from the minor version on', async () => {
    expect(outcomes(await checkDatabaseOptions(contextOf()))).toEqual([
      'ok MEMCACHED offered for mysql 8.0.46',
      'ok MARIADB_AUDIT_PLUGIN offered for mysql 8.0.46',
    ]);
    expect(aws.rds.commandCalls(DescribeOptionGroupOptionsCommand)[0].args[0].input).toEqual({
      EngineName: 'mysql',
      MajorEngineVersion: '8.0',
    });
  });

  test('MEMCACHED missing is a blocker whose fix is the ElastiCache path', async () => {
    aws.rds.on(DescribeOptionGroupOptionsCommand).resolves({
      OptionGroupOptions: [{ Name: 'MARIADB_AUDIT_PLUGIN', MinimumRequiredMinorEngineVersion: '28' }],
    });
    const results = await checkDatabaseOptions(contextOf());
    expect(results[0]).toMatchObject({
      status: 'blocker',
      result: 'MEMCACHED is not offered for mysql 8.0 in eu-west-3',
      fix: 'set database.cache: elasticache-memcached (MySQL 8.4 with ElastiCache for Memcached)',
    });
    expect(results[1].status).toBe('ok');
  });

  test('an option that needs a later minor version is a blocker', async () => {
    aws.rds.on(DescribeOptionGroupOptionsCommand).resolves({
      OptionGroupOptions: [
        { Name: 'MEMCACHED', MinimumRequiredMinorEngineVersion: '50' },
        { Name: 'MARIADB_AUDIT_PLUGIN', MinimumRequiredMinorEngineVersion: '28' },
      ],
    });
    expect(outcomes(await checkDatabaseOptions(contextOf()))[0]).toBe(
      'blocker MEMCACHED needs mysql 8.0.50 or later; the templates run 8.0.46',
    );
  });

  test('access denied names rds:DescribeOptionGroupOptions', async () => {
    aws.rds.on(DescribeOptionGroupOptionsCommand).rejects(awsError('AccessDenied', 'not authorized'));
    expect(outcomes(await checkDatabaseOptions(contextOf()))).toEqual([
      'blocker not checked: access denied to rds:DescribeOptionGroupOptions',
    ]);
  });
});

describe('ElastiCache node type', () => {
  const withCache = demandOf({ cache: { engine: 'memcached', nodeType: 'cache.t4g.micro', nodes: 2 } });

  test('offered when the region sells reserved nodes of the type for the engine', async () => {
    expect(outcomes(await checkCacheNodeType(contextOf(withCache)))).toEqual([
      'ok cache.t4g.micro offered for memcached (2 node(s), one per AZ)',
    ]);
    expect(aws.elastiCache.commandCalls(DescribeReservedCacheNodesOfferingsCommand)[0].args[0].input).toEqual({
      CacheNodeType: 'cache.t4g.micro',
      ProductDescription: 'memcached',
    });
  });

  test('no offering is a blocker naming the field to change', async () => {
    aws.elastiCache.on(DescribeReservedCacheNodesOfferingsCommand).resolves({ ReservedCacheNodesOfferings: [] });
    const [result] = await checkCacheNodeType(contextOf(withCache));
    expect(result).toMatchObject({
      status: 'blocker',
      result: 'cache.t4g.micro is not offered for memcached in eu-west-3 (no offering lists it)',
    });
    expect(result.fix).toMatch(/^choose another database.cacheNodeType/);
  });

  test('the option-group path has no ElastiCache cluster: no check', async () => {
    expect(await checkCacheNodeType(contextOf())).toEqual([]);
    expect(aws.elastiCache.calls()).toHaveLength(0);
  });
});
