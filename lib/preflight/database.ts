import {
  OrderableDBInstanceOption,
  paginateDescribeOptionGroupOptions,
  paginateDescribeOrderableDBInstanceOptions,
  RDSClient,
} from '@aws-sdk/client-rds';
import { call, guarded } from './aws';
import { PreflightContext, ZoneChoice } from './context';
import { DatabaseDemand } from './demand';
import { blocker, CheckResult, ok } from './result';

/** The database the templates create is orderable in the region: engine version, class, Multi-AZ, storage, AZs. */
export async function checkDatabase(context: PreflightContext, zones: ZoneChoice): Promise<CheckResult[]> {
  const database = context.demand.database;
  if (!database) return [];
  const check = 'RDS instance';
  const region = context.primaryRegion;
  return guarded(check, region, async () => {
    const rds = context.clients(region).rds;
    const label = `${database.engine} ${database.engineVersion} on ${database.instanceClass}`;
    const options = await orderable(rds, database, database.instanceClass);
    if (options.length === 0) {
      const anyClass = await orderable(rds, database, undefined);
      if (anyClass.length === 0) {
        return [
          blocker(
            check,
            region,
            `${database.engine} ${database.engineVersion} is not orderable in ${region}`,
            'the kit pins this version per database.cache: choose the other database.cache, or a region that offers it',
          ),
        ];
      }
      const classes = [...new Set(anyClass.map((option) => option.DBInstanceClass ?? ''))].sort().slice(0, 6);
      return [
        blocker(
          check,
          region,
          `${label} is not orderable in ${region}`,
          `choose another database.instanceClass offered with ${database.engine} ${database.engineVersion}, e.g. ${classes.join(', ')}`,
        ),
      ];
    }
    const fitting = options.filter(
      (option) =>
        option.StorageType === database.storageType &&
        (!database.multiAz || option.MultiAZCapable === true) &&
        (!database.storageEncrypted || option.SupportsStorageEncryption === true),
    );
    const wanted = [
      database.multiAz ? 'Multi-AZ' : 'Single-AZ',
      database.storageType,
      database.storageEncrypted ? 'encrypted' : '',
    ].filter(Boolean);
    if (fitting.length === 0) {
      return [
        blocker(
          check,
          region,
          `${label} is orderable, but not ${wanted.join(', ')}`,
          'choose another database.instanceClass (aws rds describe-orderable-db-instance-options shows what each class supports)',
        ),
      ];
    }
    const offeredZones = new Set(fitting.flatMap((option) => (option.AvailabilityZones ?? []).map((zone) => zone.Name)));
    const missing = zones.names.filter((zone) => !offeredZones.has(zone));
    if (missing.length > 0) {
      return [
        blocker(
          check,
          region,
          `${label} is not orderable in ${missing.join(', ')}`,
          'choose another database.instanceClass, or pin environment.availabilityZones to AZs that offer it',
        ),
      ];
    }
    return [ok(check, region, `${label}, ${wanted.join(', ')}: orderable in ${zones.names.join(', ')}`)];
  });
}

function orderable(
  rds: RDSClient,
  database: DatabaseDemand,
  instanceClass: string | undefined,
): Promise<OrderableDBInstanceOption[]> {
  return call('rds:DescribeOrderableDBInstanceOptions', async () => {
    const options: OrderableDBInstanceOption[] = [];
    const pages = paginateDescribeOrderableDBInstanceOptions(
      { client: rds },
      { Engine: database.engine, EngineVersion: database.engineVersion, DBInstanceClass: instanceClass, Vpc: true },
    );
    for await (const page of pages) options.push(...(page.OrderableDBInstanceOptions ?? []));
    return options;
  });
}

/**
 * Every option of the option group (MEMCACHED on the rds-memcached-option path, the MariaDB audit
 * plugin always) is offered for the engine's major version in the region, from the engine's minor
 * version on.
 */
export async function checkDatabaseOptions(context: PreflightContext): Promise<CheckResult[]> {
  const group = context.demand.databaseOptions;
  const database = context.demand.database;
  if (!group || !database) return [];
  const check = 'RDS option';
  const region = context.primaryRegion;
  return guarded(check, region, async () => {
    const available = await call('rds:DescribeOptionGroupOptions', async () => {
      const minimumMinor = new Map<string, string>();
      const pages = paginateDescribeOptionGroupOptions(
        { client: context.clients(region).rds },
        { EngineName: group.engineName, MajorEngineVersion: group.majorEngineVersion },
      );
      for await (const page of pages) {
        for (const option of page.OptionGroupOptions ?? []) {
          if (option.Name) minimumMinor.set(option.Name, option.MinimumRequiredMinorEngineVersion ?? '0');
        }
      }
      return minimumMinor;
    });
    const minor = Number(database.engineVersion.split('.')[2] ?? 0);
    const engine = `${group.engineName} ${group.majorEngineVersion}`;
    return group.options.map((name) => {
      const minimum = available.get(name);
      if (minimum === undefined) {
        return blocker(
          check,
          region,
          `${name} is not offered for ${engine} in ${region}`,
          name === 'MEMCACHED'
            ? 'set database.cache: elasticache-memcached (MySQL 8.4 with ElastiCache for Memcached)'
            : `the kit's option group needs ${name}: deploy to a region that offers it for ${engine}`,
        );
      }
      if (minor < Number(minimum)) {
        return blocker(
          check,
          region,
          `${name} needs ${engine}.${minimum} or later; the templates run ${database.engineVersion}`,
          'update the kit (it pins the engine version), or choose the other database.cache',
        );
      }
      return ok(check, region, `${name} offered for ${database.engine} ${database.engineVersion}`);
    });
  });
}
