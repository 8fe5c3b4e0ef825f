import { CONNECT_FILE, regionSetup, roleStep, Runbook, tierGroupVars } from '../common';
import { code, shell, table } from '../context';
import { RunbookError } from '../facts';
import { fillTemplate } from '../templates';

const DAY_SECONDS = 86400;

/** "7 days", "1 day". */
const days = (seconds: number): string => {
  const count = seconds / DAY_SECONDS;
  return `${count} day${count === 1 ? '' : 's'}`;
};

export const patchInstancesRunbook: Runbook = {
  file: 'patch-instances.md',
  title: 'Patch the instances: replacement from the newest AMI',
  summary:
    'how a fix reaches every web, app and bastion instance (a fresh launch from the newest Amazon Linux 2023 AMI at the end ' +
    'of each instance lifetime) and how to roll a critical one out at once with an instance refresh.',
  render(ctx) {
    const { facts } = ctx;
    const groups = [
      { name: 'web', group: facts.web.group, lifetime: facts.web.maxInstanceLifetimeSeconds, ami: facts.web.amiParameter },
      { name: 'app', group: facts.app.group, lifetime: facts.app.maxInstanceLifetimeSeconds, ami: facts.app.amiParameter },
      {
        name: 'bastion',
        group: facts.bastions,
        lifetime: facts.bastions.maxInstanceLifetimeSeconds,
        ami: facts.bastions.amiParameter,
      },
    ];
    for (const { name, lifetime, ami } of groups) {
      if (lifetime === undefined) throw new RunbookError(`the ${name} Auto Scaling group sets no MaxInstanceLifetime`);
      if (ami === undefined)
        throw new RunbookError(`the launch template of the ${name} group names no SSM parameter for its AMI`);
    }
    const longest = Math.max(...groups.map((group) => group.lifetime ?? 0));
    const parameters = [...new Set(groups.map((group) => group.ami as string))];
    const app = ctx.stack('App');
    return fillTemplate('patch-instances', {
      appStack: app,
      groupsTable: table(
        ['Instances', 'Auto Scaling group', 'AMI read at each launch from (SSM public parameter)', 'Replaced after'],
        groups.map(({ name, group, lifetime, ami }) => [
          name,
          code(ctx.resource(group)),
          code(ami as string),
          days(lifetime as number),
        ]),
      ),
      longestLifetime: days(longest),
      regionSetup: regionSetup(ctx),
      roleStep: roleStep(
        ctx,
        'operator',
        'it may start instance refreshes on the groups tagged with the customer, and read the groups, the instances and the AMI parameters',
      ),
      groupVars: shell(...tierGroupVars(ctx), ctx.outputVar('BASTION_ASG', 'App', facts.bastions.output)),
      parameterCommand: shell(
        `aws ssm get-parameters --names ${parameters.join(' ')} \\\n` +
          "  --query 'Parameters[].[Name,Value,LastModifiedDate]' --output table",
      ),
      instancesCommand: shell(
        'aws ec2 describe-instances --filters "Name=tag:aws:autoscaling:groupName,Values=$WEB_ASG,$APP_ASG,$BASTION_ASG" \\\n' +
          '  "Name=instance-state-name,Values=running" \\\n' +
          "  --query 'Reservations[].Instances[].[InstanceId,ImageId,LaunchTime]' --output table",
      ),
      refreshCommands: shell(
        'for group in "$WEB_ASG" "$APP_ASG" "$BASTION_ASG"; do',
        '  aws autoscaling start-instance-refresh --auto-scaling-group-name "$group"',
        'done',
      ),
      followCommands: shell(
        'for group in "$WEB_ASG" "$APP_ASG" "$BASTION_ASG"; do',
        '  aws autoscaling describe-instance-refreshes --auto-scaling-group-name "$group" \\\n' +
          "    --query 'InstanceRefreshes[0].[AutoScalingGroupName,Status,PercentageComplete,StatusReason]' --output text",
        'done',
      ),
      findInstancesLink: `[${CONNECT_FILE}](${CONNECT_FILE}#find-the-instances)`,
      verifyCommand: shell(`npm run verify -- -c config=${facts.configFile}`),
    });
  },
};
