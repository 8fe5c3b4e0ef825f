import { formatMinutes } from '../../resilience/units';
import {
  alarmNamesCommand,
  alarmsWatching,
  objectiveOf,
  regionSetup,
  RESILIENCE_LINK,
  roleStep,
  Runbook,
  terminalSetup,
  tierGroupVars,
  zoneLabel,
} from '../common';
import { code, RunbookContext, shell, table } from '../context';
import { RunbookError, TierFact } from '../facts';

export const evacuateAzRunbook: Runbook = {
  file: 'evacuate-an-az.md',
  title: 'Evacuate an AZ and watch the Auto Scaling groups rebalance',
  summary:
    'take one AZ away from both tiers (its instances stopped, its subnets removed from the groups), watch the load balancers ' +
    'and Auto Scaling recover in the other AZs, then give the AZ back.',
  render(ctx) {
    const { facts } = ctx;
    const tiers = [facts.web, facts.app];
    const azCount = facts.web.subnets.length;
    if (azCount < 2 || facts.app.subnets.length !== azCount) {
      throw new RunbookError(`the tiers should span the same two or more AZs, found ${azCount} and ${facts.app.subnets.length}`);
    }
    const lost = facts.web.subnets[0];
    const az = zoneLabel(lost, 0);
    const capacity = (tier: TierFact) => {
      const found = objectiveOf(ctx, `${tier.tier}-tier`, 'az-loss').capacity;
      if (!found) throw new RunbookError(`the RTO/RPO model has no capacity for the ${tier.tier} tier`);
      return found;
    };
    const unhealthyWithin = formatMinutes(capacity(facts.web).unhealthyWithinSeconds / 60);
    const subnetVars = tiers.flatMap((tier) =>
      tier.subnets.map((subnet, index) => ctx.idVar(`${tier.tier.toUpperCase()}_SUBNET_${index + 1}`, subnet)),
    );
    const remaining = (tier: TierFact) =>
      tier.subnets
        .slice(1)
        .map((_, index) => `$${tier.tier.toUpperCase()}_SUBNET_${index + 2}`)
        .join(',');
    const all = (tier: TierFact) => tier.subnets.map((_, index) => `$${tier.tier.toUpperCase()}_SUBNET_${index + 1}`).join(',');
    const lostBastion = facts.bastions.subnets.find((subnet) => subnet.zone === lost.zone && subnet.zoneIndex === lost.zoneIndex);
    return [
      'What this shows the customer: losing a whole AZ costs the site no request beyond those in flight. The load balancers ' +
        "stop routing to the AZ's instances after their health checks fail, the instances in the other AZs keep serving, and " +
        'Auto Scaling launches replacements there; when the AZ comes back, the groups spread over it again.',
      '',
      `Time: about 45 minutes. Who: the solutions architect, with the customer watching. It takes real capacity away: run it ` +
        'in the agreed test window.',
      '',
      `How: the runbook evacuates ${az}, the AZ of the first subnets. It suspends each group's \`AZRebalance\` process (so ` +
        "what follows is the group's reaction to lost instances, not a planned move), removes that AZ's subnet from both groups " +
        "(Auto Scaling can then launch only in the other AZs, as when launches in an impaired AZ fail), and stops the AZ's " +
        'instances: to the load balancers and the groups, that is what a power loss in the AZ looks like. AWS Fault Injection ' +
        'Service has a ready-made scenario ("AZ Availability: Power Interruption") for a fuller test, network included.',
      '',
      '## What to expect',
      '',
      `From ${RESILIENCE_LINK}, loss of one AZ:`,
      '',
      ...table(
        ['Tier', 'Instances running', 'Still serving', 'Routing stops within', 'Back to size after'],
        tiers.map((tier) => {
          const expected = capacity(tier);
          return [
            tier.tier,
            String(expected.running),
            String(expected.surviving),
            formatMinutes(expected.unhealthyWithinSeconds / 60),
            `about ${formatMinutes(expected.backToSizeEstimateMinutes)} (kit estimate)`,
          ];
        }),
      ),
      '',
      'Measure both and compare; the DR test replaces these figures with the measured ones.',
      '',
      '## Before',
      '',
      `1. \`npm run verify -- -c config=${facts.configFile}\` ends with \`all passed\`.`,
      '2. The region and the role:',
      '',
      ...regionSetup(ctx),
      '',
      ...roleStep(
        ctx,
        'administrator',
        "the operator role may suspend and resume processes, not change a group's subnets or stop instances",
      ),
      '',
      '3. The names the steps use: the two groups, their target groups, and the subnets of each tier in AZ order.',
      '',
      ...shell(
        ...tierGroupVars(ctx),
        ctx.idVar('WEB_TARGETS', facts.web.targetGroup),
        ctx.idVar('APP_TARGETS', facts.app.targetGroup),
        ...subnetVars,
        lost.zone
          ? `AZ=${lost.zone}`
          : 'AZ=$(aws ec2 describe-subnets --subnet-ids "$WEB_SUBNET_1" --query \'Subnets[0].AvailabilityZone\' --output text)',
        'echo "evacuating $AZ"',
      ),
      '',
      ...table(
        ['Tier', 'Group', 'Subnets (AZ order)'],
        tiers.map((tier) => [
          tier.tier,
          code(ctx.resource(tier.group)),
          tier.subnets.map((subnet, index) => `${code(ctx.resource(subnet))} (${zoneLabel(subnet, index)})`).join(', '),
        ]),
      ),
      '',
      '4. The starting point: where the instances run, and their health in the target groups.',
      '',
      ...shell(distributionCommand(), targetHealthCommand()),
      '',
      '## Evacuate',
      '',
      ...shell(
        'date -u +%T   # t0',
        'for asg in "$WEB_ASG" "$APP_ASG"; do',
        '  aws autoscaling suspend-processes --auto-scaling-group-name "$asg" --scaling-processes AZRebalance',
        'done',
        `aws autoscaling update-auto-scaling-group --auto-scaling-group-name "$WEB_ASG" --vpc-zone-identifier "${remaining(facts.web)}"`,
        `aws autoscaling update-auto-scaling-group --auto-scaling-group-name "$APP_ASG" --vpc-zone-identifier "${remaining(facts.app)}"`,
        'LOST=$(aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$WEB_ASG" "$APP_ASG" \\\n' +
          '  --query "AutoScalingGroups[].Instances[?AvailabilityZone==\'$AZ\'].InstanceId" --output text)',
        'aws ec2 stop-instances --instance-ids $LOST',
      ),
      '',
      '## Watch',
      '',
      `- The target groups mark the stopped instances unhealthy after their failed health checks (within ${unhealthyWithin}); ` +
        'from then on no request reaches them. Note the time.',
      '',
      ...shell(`while true; do date -u +%T; ${targetHealthCommand()}; sleep 15; done`),
      '',
      '- The site keeps answering all along: run the verification in a second terminal (as the operator, who may read the ' +
        'stacks), and the load test if the customer wants the tiers under load meanwhile.',
      '',
      ...shell(...terminalSetup(ctx, 'operator'), `npm run verify -- -c config=${facts.configFile}`),
      '',
      '- Auto Scaling replaces the stopped instances (their EC2 and ELB health checks fail) in the remaining AZs: ' +
        '"Launching a new EC2 instance" activities. Note when both groups are back to their desired capacity, all healthy.',
      '',
      ...shell(
        'for asg in "$WEB_ASG" "$APP_ASG"; do',
        '  aws autoscaling describe-scaling-activities --auto-scaling-group-name "$asg" --max-items 6 \\\n' +
          "    --query 'Activities[].[StartTime,StatusCode,Description]' --output table",
        'done',
        distributionCommand(),
      ),
      '',
      '- The tier and load balancer alarms: unhealthy hosts and instances in service below the minimum page the topic meanwhile, ' +
        'then return to OK:',
      '',
      ...shell(
        alarmNamesCommand(
          ctx,
          alarmsWatching(ctx, [facts.web.group, facts.app.group, facts.web.targetGroup, facts.app.targetGroup]),
        ),
      ),
      '',
      ...databaseAndEgress(ctx, az, lostBastion !== undefined),
      '',
      '## Give the AZ back',
      '',
      "Put the AZ's subnets back and resume `AZRebalance`: Auto Scaling spreads the groups over every AZ again, launching " +
        'before it terminates, so capacity never drops.',
      '',
      ...shell(
        `aws autoscaling update-auto-scaling-group --auto-scaling-group-name "$WEB_ASG" --vpc-zone-identifier "${all(facts.web)}"`,
        `aws autoscaling update-auto-scaling-group --auto-scaling-group-name "$APP_ASG" --vpc-zone-identifier "${all(facts.app)}"`,
        'for asg in "$WEB_ASG" "$APP_ASG"; do',
        '  aws autoscaling resume-processes --auto-scaling-group-name "$asg" --scaling-processes AZRebalance',
        'done',
        distributionCommand(),
      ),
      '',
      `Then check that the App stack matches its template again (the groups' subnets were changed by hand): the drift status ` +
        'must end `IN_SYNC` for both groups.',
      '',
      ...shell(
        `DRIFT=$(aws cloudformation detect-stack-drift --stack-name ${ctx.stack('App')} --query StackDriftDetectionId --output text)`,
        'aws cloudformation describe-stack-drift-detection-status --stack-drift-detection-id "$DRIFT"',
        `aws cloudformation describe-stack-resource-drifts --stack-name ${ctx.stack('App')} \\\n` +
          "  --query 'StackResourceDrifts[?ResourceType==`AWS::AutoScaling::AutoScalingGroup`].[LogicalResourceId,StackResourceDriftStatus]' --output table",
      ),
      '',
      '## After',
      '',
      '- Write down: when routing stopped (from t0), when each group was back to size in the remaining AZs, whether any ' +
        'request failed. Compare with the table above.',
      '- The stopped instances were terminated by Auto Scaling; nothing else needs cleaning up.',
    ];
  },
};

function distributionCommand(): string {
  return (
    'aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$WEB_ASG" "$APP_ASG" \\\n' +
    "  --query 'AutoScalingGroups[].Instances[].[InstanceId,AvailabilityZone,LifecycleState,HealthStatus]' --output table"
  );
}

function targetHealthCommand(): string {
  return (
    'for tg in "$WEB_TARGETS" "$APP_TARGETS"; do aws elbv2 describe-target-health --target-group-arn "$tg" ' +
    "--query 'TargetHealthDescriptions[].[Target.Id,TargetHealth.State]' --output text; done"
  );
}

function databaseAndEgress(ctx: RunbookContext, az: string, bastionInAz: boolean): string[] {
  const { facts } = ctx;
  const lines = [
    `- The database is not in an Auto Scaling group: if its primary runs in ${az}, a real AZ loss would fail it over. Check, ` +
      'and if so run [the failover runbook](rds-multi-az-failover.md) now to complete the picture:',
    '',
    ...shell(
      ctx.outputVar('DB', 'Data', facts.database.output),
      'aws rds describe-db-instances --db-instance-identifier "$DB" --query \'DBInstances[0].AvailabilityZone\' --output text',
    ),
  ];
  if (facts.cache.kind === 'elasticache-memcached') {
    lines.push(
      '',
      `- The ElastiCache node in ${az} is not stopped by this runbook; in a real AZ loss its keys miss and are read from the database.`,
    );
  }
  if (facts.config.network.natGateways === 'single') {
    lines.push(
      '',
      '- `network.natGateways: single`: if the NAT gateway sits in the lost AZ, a real loss also cuts outbound patching and ' +
        'Session Manager for the other AZ (this runbook does not stop the NAT gateway).',
    );
  }
  if (bastionInAz) {
    lines.push('', `- The bastion in ${az} is left running; the bastions of the other AZs keep administration available.`);
  }
  return lines;
}
