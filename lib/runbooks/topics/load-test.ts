import { alarmNamesCommand, alarmsWatching, profileName, regionSetup, roleStep, Runbook, tierGroupVars } from '../common';
import { code, shell, table } from '../context';
import { fillTemplate } from '../templates';

export const loadTestRunbook: Runbook = {
  file: 'load-test-and-scaling.md',
  title: 'Load test the POC and watch it scale',
  summary:
    '`npm run demo:load` through CloudFront while the web and app Auto Scaling groups add instances on CPU target tracking.',
  render(ctx) {
    const { facts } = ctx;
    const config = `-c config=${facts.configFile}`;
    const tiers = [facts.web, facts.app];
    const alarms = alarmsWatching(ctx, [facts.web.group, facts.app.group]);
    const app = ctx.stack('App');
    return fillTemplate('load-test-and-scaling', {
      appStack: app,
      scalingTable: table(
        ['Tier', 'Auto Scaling group', 'Target tracking policy', 'Min–max', 'CPU target', 'Config field'],
        tiers.map((tier) => [
          tier.tier,
          code(ctx.resource(tier.group)),
          code(ctx.resource(tier.scalingPolicy)),
          `${tier.minSize}–${tier.maxSize}`,
          `${tier.cpuTargetPercent} %`,
          code(`${tier.tier}.cpuTargetPercent`),
        ]),
      ),
      config,
      regionSetup: regionSetup(ctx),
      roleStep: roleStep(ctx, 'operator', 'it reads the stacks, the groups and the alarms, which is all this runbook needs'),
      verifyCommand: shell(`npm run verify -- ${config}`),
      dashboard: facts.operations.dashboard
        ? `, and the CloudWatch dashboard ${code(ctx.physical(facts.operations.dashboard, 'DashboardName'))}.`
        : '.',
      groupCommands: shell(
        ...tierGroupVars(ctx),
        'aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$WEB_ASG" "$APP_ASG" \\\n' +
          "  --query 'AutoScalingGroups[].[AutoScalingGroupName,MinSize,DesiredCapacity,MaxSize,length(Instances)]' --output table",
      ),
      runCommand: shell(`npm run demo:load -- ${config} --duration 600 --rate 300 --connections 30`),
      target: facts.config.domain
        ? `https://${facts.config.domain.name}`
        : `the CloudFront domain (output ${code(ctx.output('Edge', facts.edge.domainOutput))} of ${code(ctx.stack('Edge'))})`,
      deployCommand: shell(`AWS_PROFILE=${profileName(ctx, 'administrator')} ${ctx.cdk('deploy', ['App'])}`),
      activityCommand: shell(
        'aws autoscaling describe-scaling-activities --auto-scaling-group-name "$WEB_ASG" --max-items 10 \\\n' +
          "  --query 'Activities[].[StartTime,StatusCode,Description]' --output table",
      ),
      scalingEvents: ctx.resource(facts.operations.scalingEvents),
      operationsStack: ctx.stack('Operations'),
      targetHealthCommands: shell(
        ctx.idVar('WEB_TARGETS', facts.web.targetGroup),
        'aws elbv2 describe-target-health --target-group-arn "$WEB_TARGETS" --query \'TargetHealthDescriptions[].[Target.Id,TargetHealth.State]\' --output table',
      ),
      cpuPercent: String(facts.config.monitoring.cpuPercent),
      tierAlarmsCommand: shell(alarmNamesCommand(ctx, alarms)),
      errorRatePercent: String(facts.config.monitoring.errorRatePercent),
      originLatency: String(facts.config.monitoring.originLatencyP90Seconds),
      edgeAlarmsStack: ctx.stack('EdgeAlarms'),
      edgeAlarmsCommand: shell(alarmNamesCommand(ctx, facts.edgeAlarms)),
    });
  },
};
