import { formatFigure } from '../../resilience/markdown';
import { alarmNamesCommand, alarmsWatching, objectiveOf, regionSetup, RESILIENCE_LINK, roleStep, Runbook } from '../common';
import { code, shell } from '../context';
import { fillTemplate } from '../templates';

export const failoverRunbook: Runbook = {
  file: 'rds-multi-az-failover.md',
  title: 'Force an RDS Multi-AZ failover and measure the downtime',
  summary:
    '`npm run demo:failover` reboots the database with failover and measures, through `/api/health`, how long the site is down.',
  render(ctx) {
    const { facts } = ctx;
    const config = `-c config=${facts.configFile}`;
    const db = facts.database;
    const identifier = ctx.physical(db, 'DBInstanceIdentifier');
    const elastiCache = facts.cache.kind === 'elasticache-memcached';
    const azLoss = (component: 'database' | 'app-tier') => formatFigure(objectiveOf(ctx, component, 'az-loss').rto);
    return fillTemplate('rds-multi-az-failover', {
      instance: ctx.resource(db),
      dataStack: ctx.stack('Data'),
      identifier,
      instanceOutput: ctx.output('Data', db.output),
      regionSetup: regionSetup(ctx),
      roleStep: roleStep(
        ctx,
        'databaseAdministrator',
        "it may call `rds:DescribeDBInstances`, `rds:RebootDBInstance` on this instance only, read the POC stacks and the database's alarms",
      ),
      config,
      describeCommands: shell(
        ctx.outputVar('DB', 'Data', db.output),
        'aws rds describe-db-instances --db-instance-identifier "$DB" \\\n' +
          "  --query 'DBInstances[0].[DBInstanceStatus,MultiAZ,AvailabilityZone,SecondaryAvailabilityZone]' --output text",
      ),
      runCommand: shell(`npm run demo:failover -- ${config}`),
      siteUrlSource: facts.config.domain
        ? `from the config's \`domain.name\` (https://${facts.config.domain.name});`
        : `from the output ${code(ctx.output('Edge', facts.edge.domainOutput))} of ${code(ctx.stack('Edge'))};`,
      rebootCommand: shell('aws rds reboot-db-instance --db-instance-identifier "$DB" --force-failover'),
      resilienceLink: RESILIENCE_LINK,
      databaseRto: azLoss('database'),
      appTierRto: azLoss('app-tier'),
      cacheFailover: elastiCache
        ? 'With ElastiCache for Memcached the cache does not fail over with the database: degraded probes during the ' +
          'failover point at the app tier -> cache path instead.'
        : 'With the RDS MEMCACHED option the cache runs on the database instance and fails over with it.',
      eventSubscription: ctx.resource(db.eventSubscription),
      operationsStack: ctx.stack('Operations'),
      afterCommands: shell(
        'aws rds describe-events --source-type db-instance --source-identifier "$DB" --duration 60 \\\n' +
          "  --query 'Events[].[Date,Message]' --output table",
        alarmNamesCommand(ctx, alarmsWatching(ctx, [db])),
      ),
    });
  },
};
