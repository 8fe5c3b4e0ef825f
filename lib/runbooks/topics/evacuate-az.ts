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
import { fillTemplate } from '../templates';

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
    return fillTemplate('evacuate-an-az', {
      az,
      resilienceLink: RESILIENCE_LINK,
      expectedTable: table(
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
      configFile: facts.configFile,
      regionSetup: regionSetup(ctx),
      roleStep: roleStep(
        ctx,
        'administrator',
        "the operator role may suspend and resume processes, not change a group's subnets or stop instances",
      ),
      nameVars: shell(
        ...tierGroupVars(ctx),
        ctx.idVar('WEB_TARGETS', facts.web.targetGroup),
        ctx.idVar('APP_TARGETS', facts.app.targetGroup),
        ...subnetVars,
        lost.zone
          ? `AZ=${lost.zone}`
          : 'AZ=$(aws ec2 describe-subnets --subnet-ids "$WEB_SUBNET_1" --query \'Subnets[0].AvailabilityZone\' --output text)',
        'echo "evacuating $AZ"',
      ),
      subnetsTable: table(
        ['Tier', 'Group', 'Subnets (AZ order)'],
        tiers.map((tier) => [
          tier.tier,
          code(ctx.resource(tier.group)),
          tier.subnets.map((subnet, index) => `${code(ctx.resource(subnet))} (${zoneLabel(subnet, index)})`).join(', '),
        ]),
      ),
      startCommands: shell(distributionCommand(), targetHealthCommand()),
      evacuateCommands: shell(
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
      unhealthyWithin,
      healthLoop: shell(`while true; do date -u +%T; ${targetHealthCommand()}; sleep 15; done`),
      verifyCommands: shell(...terminalSetup(ctx, 'operator'), `npm run verify -- -c config=${facts.configFile}`),
      activityCommands: shell(
        'for asg in "$WEB_ASG" "$APP_ASG"; do',
        '  aws autoscaling describe-scaling-activities --auto-scaling-group-name "$asg" --max-items 6 \\\n' +
          "    --query 'Activities[].[StartTime,StatusCode,Description]' --output table",
        'done',
        distributionCommand(),
      ),
      alarmsCommand: shell(
        alarmNamesCommand(
          ctx,
          alarmsWatching(ctx, [facts.web.group, facts.app.group, facts.web.targetGroup, facts.app.targetGroup]),
        ),
      ),
      databaseCommands: shell(
        ctx.outputVar('DB', 'Data', facts.database.output),
        'aws rds describe-db-instances --db-instance-identifier "$DB" --query \'DBInstances[0].AvailabilityZone\' --output text',
      ),
      zoneNotes: zoneNotes(ctx, az, lostBastion !== undefined),
      restoreCommands: shell(
        `aws autoscaling update-auto-scaling-group --auto-scaling-group-name "$WEB_ASG" --vpc-zone-identifier "${all(facts.web)}"`,
        `aws autoscaling update-auto-scaling-group --auto-scaling-group-name "$APP_ASG" --vpc-zone-identifier "${all(facts.app)}"`,
        'for asg in "$WEB_ASG" "$APP_ASG"; do',
        '  aws autoscaling resume-processes --auto-scaling-group-name "$asg" --scaling-processes AZRebalance',
        'done',
        distributionCommand(),
      ),
      driftCommands: shell(
        `DRIFT=$(aws cloudformation detect-stack-drift --stack-name ${ctx.stack('App')} --query StackDriftDetectionId --output text)`,
        'aws cloudformation describe-stack-drift-detection-status --stack-drift-detection-id "$DRIFT"',
        `aws cloudformation describe-stack-resource-drifts --stack-name ${ctx.stack('App')} \\\n` +
          "  --query 'StackResourceDrifts[?ResourceType==`AWS::AutoScaling::AutoScalingGroup`].[LogicalResourceId,StackResourceDriftStatus]' --output table",
      ),
    });
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

/** The notes on what else sits in the lost AZ, each a paragraph of its own (none when nothing else does). */
function zoneNotes(ctx: RunbookContext, az: string, bastionInAz: boolean): string[] {
  const { facts } = ctx;
  const notes: string[] = [];
  if (facts.cache.kind === 'elasticache-memcached') {
    notes.push(
      `- The ElastiCache node in ${az} is not stopped by this runbook; in a real AZ loss its keys miss and are read from the database.`,
    );
  }
  if (facts.config.network.natGateways === 'single') {
    notes.push(
      '- `network.natGateways: single`: if the NAT gateway sits in the lost AZ, a real loss also cuts outbound patching and ' +
        'Session Manager for the other AZ (this runbook does not stop the NAT gateway).',
    );
  }
  if (bastionInAz) {
    notes.push(`- The bastion in ${az} is left running; the bastions of the other AZs keep administration available.`);
  }
  return notes.flatMap((note) => ['', note]);
}
