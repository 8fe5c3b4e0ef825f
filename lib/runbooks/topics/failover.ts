import { formatFigure } from '../../resilience/markdown';
import { alarmNamesCommand, alarmsWatching, objectiveOf, regionSetup, RESILIENCE_LINK, roleStep, Runbook } from '../common';
import { code, shell } from '../context';

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
    return [
      'What this shows the customer: the database runs as a primary and a synchronous standby in another AZ; when the primary ' +
        "is lost, RDS promotes the standby and moves the endpoint's DNS name to it, and the application is back after a short " +
        "interruption, without any data lost. The command measures that interruption as the customer's users see it, through " +
        'CloudFront and `/api/health`.',
      '',
      'Time: 10–15 minutes. Who: the solutions architect, with the customer watching. It interrupts the database for real: run ' +
        'it in the agreed test window, never on a database that serves anyone else.',
      '',
      `The instance: ${code(ctx.resource(db))} of ${code(ctx.stack('Data'))}, named ${code(identifier)}, read by the ` +
        `commands from the output ${code(ctx.output('Data', db.output))}.`,
      '',
      '## Before',
      '',
      `1. The POC is deployed with this version of the kit: the Data stack has the output ${code(db.output)} (redeploy the Data ` +
        'stack if the command says it is missing).',
      '2. The region and the role:',
      '',
      ...regionSetup(ctx),
      '',
      ...roleStep(
        ctx,
        'databaseAdministrator',
        "it may call `rds:DescribeDBInstances`, `rds:RebootDBInstance` on this instance only, read the POC stacks and the database's alarms",
      ),
      '',
      `3. \`npm run verify -- ${config}\` ends with \`all passed\`. The failover command refuses to start when \`/api/health\` is ` +
        'not healthy: a downtime measured from a broken state would mean nothing.',
      '4. Open for the customer: RDS > Databases > the instance, tab _Configuration_ (Multi-AZ: Yes, Availability zone, ' +
        'Secondary zone) and _Logs & events_ (the failover events appear there). The same from a shell:',
      '',
      ...shell(
        ctx.outputVar('DB', 'Data', db.output),
        'aws rds describe-db-instances --db-instance-identifier "$DB" \\\n' +
          "  --query 'DBInstances[0].[DBInstanceStatus,MultiAZ,AvailabilityZone,SecondaryAvailabilityZone]' --output text",
      ),
      '',
      '## Run',
      '',
      ...shell(`npm run demo:failover -- ${config}`),
      '',
      'In a terminal it shows the instance and asks for its identifier before doing anything. From a script or CI, pass ' +
        '`--yes` instead (without a terminal and without `--yes` it refuses, exit 2).',
      '',
      'What it does:',
      '',
      `1. reads the instance identifier from the output ${code(db.output)} of ${code(ctx.stack('Data'))} and the site URL ` +
        (facts.config.domain
          ? `from the config's \`domain.name\` (https://${facts.config.domain.name});`
          : `from the output ${code(ctx.output('Edge', facts.edge.domainOutput))} of ${code(ctx.stack('Edge'))};`),
      '2. checks with `DescribeDBInstances` that the instance is Multi-AZ and `available` (it refuses otherwise, and changes nothing);',
      '3. probes `GET /api/health` once, which must answer `healthy`;',
      '4. calls `RebootDBInstance` with `ForceFailover: true`;',
      '5. probes `/api/health` every `--interval` ms (1000 by default; a probe not answered within 5 s counts as down) and reads ' +
        'the instance status every 5 s, printing each change;',
      '6. stops when the instance is `available` again and the API has answered `healthy` after that, or after `--timeout` ' +
        'seconds (1200 by default).',
      '',
      "Flags: `--interval` 200–10000 ms, `--timeout` 60–3600 s, `--max-downtime` 1–3600 s (the customer's recovery time " +
        'objective: exit 1 when the measured downtime is longer), `--yes`.',
      '',
      "Without the kit's command, the same failover is one AWS CLI call (no downtime measurement then):",
      '',
      ...shell('aws rds reboot-db-instance --db-instance-identifier "$DB" --force-failover'),
      '',
      '## What to read in the result',
      '',
      'An example (the numbers vary from run to run):',
      '',
      '```',
      `Database ${identifier}: available, Multi-AZ, primary eu-west-3a, standby eu-west-3b`,
      'API before: HTTP 200 healthy',
      '  +0.0 s  reboot with failover requested (instance rebooting)',
      '  +4.0 s  API unhealthy: HTTP 503 unhealthy',
      '  +7.0 s  API no answer: GET /api/health: no answer (no response within 5000 ms)',
      ' +13.0 s  API unhealthy: HTTP 503 unhealthy',
      ' +23.0 s  API still unhealthy, database rebooting',
      ' +35.0 s  API healthy: HTTP 200 healthy',
      ' +40.0 s  database available',
      'Result: recovered',
      '  downtime            31.0 s (first failed probe at +4.0 s, first healthy probe after it at +35.0 s; probes every 1000 ms)',
      '  failover total      40.0 s from the reboot request to the instance available and the API healthy',
      '  database primary AZ eu-west-3a -> eu-west-3b',
      '  probes              41: 10 healthy, 0 degraded, 25 unhealthy, 6 no answer',
      '  downtime limit      120 s: PASS',
      '```',
      '',
      `- **downtime**: from the first probe that was not \`healthy\` to the first \`healthy\` one after it, precise to one probe ` +
        `interval. This is the number to compare with the customer's RTO; ${RESILIENCE_LINK} gives, for the loss of an AZ, ` +
        `${azLoss('database')} for the database and ${azLoss('app-tier')} for the API (the failover, then the passing health ` +
        'checks that put the app instances back in service). Typical times, not bounds: RDS documents Multi-AZ failovers as ' +
        'typically taking 60–120 seconds and longer with large transactions or a lengthy recovery.',
      '- **outage windows** (shown only when the API came back and went down again): how many times it flapped, and the time ' +
        'down in all.',
      "- **failover total**: until RDS reports the instance `available` again, which is usually later than the API's recovery.",
      '- **database primary AZ**: it must have moved to the former standby\'s AZ. "unchanged" means the failover did not ' +
        "happen: read the instance's events.",
      '- **API answered from**: the AZ of the app instance that answered `/api/health` before and after (the load balancer ' +
        'spreads requests over the AZs, so it may differ even without a failover).',
      elastiCache
        ? '- **degraded** probes: the database answered but the cache did not. With ElastiCache for Memcached the cache does ' +
          'not fail over with the database: degraded probes during the failover point at the app tier -> cache path instead.'
        : '- **degraded** probes: the database answered but the cache did not. With the RDS MEMCACHED option the cache runs on ' +
          'the database instance and fails over with it.',
      '',
      'Exit code: 0 when the API and the instance recovered within `--timeout` (and within `--max-downtime` when given), 1 ' +
        'otherwise or when the command refused to start, 2 for a bad flag.',
      '',
      '## After',
      '',
      `- Show the customer the RDS events ("Multi-AZ instance failover started" and "completed"). The event subscription ` +
        `${code(ctx.resource(db.eventSubscription))} of ${code(ctx.stack('Operations'))} also sent them to the alarm topic.`,
      '',
      ...shell(
        'aws rds describe-events --source-type db-instance --source-identifier "$DB" --duration 60 \\\n' +
          "  --query 'Events[].[Date,Message]' --output table",
        alarmNamesCommand(ctx, alarmsWatching(ctx, [db])),
      ),
      '',
      '- The database now runs in the other AZ; nothing needs to move back. Running the command a second time fails back.',
      '- Run `npm run verify` again: the order round trip proves the data written before is still read.',
      '- If the API stayed down long after the instance was `available`: the application holds on to connections or to a ' +
        'cached DNS answer for the old primary; its connection pool must reconnect on error and honour the DNS TTL of the endpoint.',
    ];
  },
};
