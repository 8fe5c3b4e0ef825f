import { alarmNamesCommand, alarmsWatching, profileName, regionSetup, roleStep, Runbook, tierGroupVars } from '../common';
import { code, shell, table } from '../context';

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
    return [
      'What this shows the customer: traffic through CloudFront reaches the web and app tiers in several AZs, the answers stay ' +
        'fast and error-free, and the Auto Scaling groups add instances when the average CPU stays above the target, up to ' +
        'their maximum.',
      '',
      'Time: 20–30 minutes. Who: the solutions architect, with the customer watching.',
      '',
      `## What scales (stack ${code(app)})`,
      '',
      ...table(
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
      '',
      '## Before',
      '',
      `1. The POC is deployed (\`npx cdk deploy --all ${config}\`) and the sample application is installed on the tiers.`,
      '2. The region and the role:',
      '',
      ...regionSetup(ctx),
      '',
      ...roleStep(ctx, 'operator', 'it reads the stacks, the groups and the alarms, which is all this runbook needs'),
      '',
      '3. Check that everything answers; go on only when it ends with `all passed` (exit code 0). A failing check names what to fix.',
      '',
      ...shell(`npm run verify -- ${config}`),
      '',
      `4. Open, side by side for the customer: EC2 > Auto Scaling groups (tabs _Activity_ and _Monitoring_; group metrics are ` +
        'enabled) for the two groups below' +
        (facts.operations.dashboard
          ? `, and the CloudWatch dashboard ${code(ctx.physical(facts.operations.dashboard, 'DashboardName'))}.`
          : '.'),
      '',
      ...shell(
        ...tierGroupVars(ctx),
        'aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$WEB_ASG" "$APP_ASG" \\\n' +
          "  --query 'AutoScalingGroups[].[AutoScalingGroupName,MinSize,DesiredCapacity,MaxSize,length(Instances)]' --output table",
      ),
      '',
      '## Run',
      '',
      ...shell(`npm run demo:load -- ${config} --duration 600 --rate 300 --connections 30`),
      '',
      `It sends \`GET /\`, \`GET /api/health\` and \`GET /api/orders\` in turn to ${
        facts.config.domain
          ? `https://${facts.config.domain.name}`
          : `the CloudFront domain (output ${code(ctx.output('Edge', facts.edge.domainOutput))} of ${code(ctx.stack('Edge'))})`
      }, prints a progress line every 5 s and a summary at the end. Bounds: \`--duration\` at most 600 s, \`--rate\` at most ` +
        '500 requests/s, `--connections` at most 100; autocannon counts the rate per one-second window and stops at the first ' +
        'sample after the duration, so a run sends at most `rate × (duration + 2)` requests.',
      '',
      'Target tracking adds instances only after the average CPU has stayed above the target for a few consecutive minutes, ' +
        'and each new instance then needs its warm-up before it counts. So:',
      '',
      '- run for the full 600 s;',
      '- if the CPU of a tier stays under its target (a light sample application on Graviton instances may), lower ' +
        '`cpuTargetPercent` of that tier in the config for the demo (20 is the minimum), redeploy the App stack alone (stateless, ' +
        'the database is not touched) as the **administrator** (the operator may not deploy: it cannot assume the CDK ' +
        'bootstrap roles), and put it back afterwards:',
      '',
      ...shell(`AWS_PROFILE=${profileName(ctx, 'administrator')} ${ctx.cdk('deploy', ['App'])}`),
      '',
      '- run it again right after the first one if the group is still adding instances.',
      '',
      '## What to look at',
      '',
      '- The progress lines: responses per second close to `--rate`, `non-2xx 0`, `errors 0`.',
      '- The scaling activity: "Launching a new EC2 instance" entries, in different AZs.',
      '',
      ...shell(
        'aws autoscaling describe-scaling-activities --auto-scaling-group-name "$WEB_ASG" --max-items 10 \\\n' +
          "  --query 'Activities[].[StartTime,StatusCode,Description]' --output table",
      ),
      '',
      `- The alarm topic e-mail receives the launch and terminate events: the EventBridge rule ${code(
        ctx.resource(facts.operations.scalingEvents),
      )} of ${code(ctx.stack('Operations'))} routes them there.`,
      '- The target groups show the new instances healthy:',
      '',
      ...shell(
        ctx.idVar('WEB_TARGETS', facts.web.targetGroup),
        'aws elbv2 describe-target-health --target-group-arn "$WEB_TARGETS" --query \'TargetHealthDescriptions[].[Target.Id,TargetHealth.State]\' --output table',
      ),
      '',
      `- The tier alarms. The CPU alarms page at ${facts.config.monitoring.cpuPercent} % (\`monitoring.cpuPercent\`), above the ` +
        'scaling target: under a heavy test they may fire, which shows the paging works; they return to OK after the test.',
      '',
      ...shell(alarmNamesCommand(ctx, alarms)),
      '',
      `- The CloudFront alarms, which see this test's traffic first: 5xx rate above ${facts.config.monitoring.errorRatePercent} % ` +
        `(\`monitoring.errorRatePercent\`) and p90 origin latency above ${facts.config.monitoring.originLatencyP90Seconds} s ` +
        `(\`monitoring.originLatencyP90Seconds\`). CloudFront publishes its metrics in us-east-1 only, so they live in ` +
        `${code(ctx.stack('EdgeAlarms'))} there, with their own topic e-mailing the same address.`,
      '',
      ...shell(alarmNamesCommand(ctx, facts.edgeAlarms)),
      '',
      '- The summary: p50 and p99 latency, non-2xx count, error rate against `--max-error-rate` (1 % by default). Exit code 0 ' +
        'when the error rate is within the limit, 1 otherwise.',
      '',
      'Example summary (the numbers depend on the sample application and the instance types):',
      '',
      '```',
      'Load test of https://d111111abcdef8.cloudfront.net: /, /api/health, /api/orders',
      '  duration       600.1 s, 30 connections, 300 req/s requested, 299.6 req/s answered',
      '  responses      179820 (200: 179820)',
      '  latency        p50 21 ms, p99 88 ms, max 412 ms',
      '  non-2xx        0',
      '  no answer      0 (timeouts 0)',
      '  error rate     0.00 % (limit 1 %): PASS',
      '```',
      '',
      '## After',
      '',
      '- The groups scale back in by themselves once the load stops; scale-in waits longer than scale-out (about a quarter of ' +
        'an hour below target), so the customer may not see it in the session.',
      '- If `cpuTargetPercent` was lowered, restore it and redeploy the App stack with the same command.',
      '- If the run failed: 5xx answers with the groups at their maximum mean the POC is too small for that rate (raise ' +
        "`maxCapacity` or the instance types); 403 answers come from WAF (look at the web ACL's sampled requests); 429 " +
        'answers come from nginx on the web tier, which serves one client address at most 150 API requests/s per web ' +
        'instance (bursts of 300): a run from one machine stays under it while two thirds of `--rate` (the API share of the ' +
        "mix) divided by the web instances in service is below 150; answers with no response mean the load generator's own " +
        'network or CPU is the limit (lower `--connections`).',
      '',
      'For loads far above 500 requests/s, from many sources, use a distributed tool (the AWS solution "Distributed Load ' +
        'Testing on AWS") rather than one laptop.',
    ];
  },
};
