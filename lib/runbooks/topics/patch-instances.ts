import { CONNECT_FILE, regionSetup, roleStep, Runbook, tierGroupVars } from '../common';
import { code, shell, table } from '../context';
import { RunbookError } from '../facts';

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
    return [
      'What this is for: PCI DSS 6.3.3 asks that critical security patches be installed within one month of their release. ' +
        'The instances of this POC are never patched in place: each one starts from the newest Amazon Linux 2023 AMI and is ' +
        'replaced by a fresh launch before it gets old. This runbook says what happens by itself, what does not, and how to ' +
        'roll a critical fix out at once.',
      '',
      'Time: a few minutes to start, then 5 to 10 minutes per instance (the groups in parallel). Who: an operator.',
      '',
      `## How the instances get their patches (stack ${code(app)})`,
      '',
      ...table(
        ['Instances', 'Auto Scaling group', 'AMI read at each launch from (SSM public parameter)', 'Replaced after'],
        groups.map(({ name, group, lifetime, ami }) => [
          name,
          code(ctx.resource(group)),
          code(ami as string),
          days(lifetime as number),
        ]),
      ),
      '',
      'What happens by itself:',
      '',
      "- Every launch (a scale-out, a replacement after a failed health check, the end of an instance's lifetime, an instance " +
        "refresh) reads the AMI id from AWS's public SSM parameter at that moment (`resolve:ssm:` in the launch template): it " +
        'starts from the newest AMI AWS has published, with no deployment.',
      `- Auto Scaling replaces each instance as it reaches the lifetime above (\`patching.maxInstanceLifetimeDays\`), one at a ` +
        'time, launching the replacement before terminating the old instance, so a group never drops below its size. A fix ' +
        `in a new AMI therefore reaches every instance at most ${days(longest)} after AWS publishes that AMI.`,
      '- Each launch and termination, and any failure of one, goes to the alarm topic (EventBridge rule of the Operations stack).',
      '',
      'What does not happen by itself:',
      '',
      '- Nothing patches a running instance. The instances run no `dnf upgrade`: Amazon Linux 2023 locks its package ' +
        "repositories to the AMI's release, so an upgrade finds almost nothing newer; a fix arrives with the AMI of a newer " +
        'release.',
      '- A fix AWS has not yet published in an AMI reaches no instance. Watch the Amazon Linux 2023 security advisories ' +
        '(ALAS) for the release that contains it.',
      '- `cdk deploy` does not change the AMI: the templates name the parameter, not an AMI id. Redeploying is neither needed ' +
        "nor enough. It is needed for the sample application's own dependencies (Node.js packages bundled into the service): " +
        'those are patched by a new version of the kit, deployed.',
      '',
      '## Before',
      '',
      '1. The region and the role:',
      '',
      ...regionSetup(ctx),
      '',
      ...roleStep(
        ctx,
        'operator',
        'it may start instance refreshes on the groups tagged with the customer, and read the groups, the instances and the AMI parameters',
      ),
      '',
      '2. The groups:',
      '',
      ...shell(...tierGroupVars(ctx), ctx.outputVar('BASTION_ASG', 'App', facts.bastions.output)),
      '',
      '## Check which AMI the instances run',
      '',
      'The AMI the next launch gets, and when AWS published it:',
      '',
      ...shell(
        `aws ssm get-parameters --names ${parameters.join(' ')} \\\n` +
          "  --query 'Parameters[].[Name,Value,LastModifiedDate]' --output table",
      ),
      '',
      'The AMI and launch time of every running instance of the three groups; an `ImageId` that differs from the value above ' +
        'is an instance started from an older AMI:',
      '',
      ...shell(
        'aws ec2 describe-instances --filters "Name=tag:aws:autoscaling:groupName,Values=$WEB_ASG,$APP_ASG,$BASTION_ASG" \\\n' +
          '  "Name=instance-state-name,Values=running" \\\n' +
          "  --query 'Reservations[].Instances[].[InstanceId,ImageId,LaunchTime]' --output table",
      ),
      '',
      '## Roll a critical fix out now',
      '',
      'When the newest AMI contains a fix that cannot wait for the lifetime above, replace every instance now with an ' +
        'instance refresh. Each replacement reads the parameter again, so it starts from the newest AMI; the groups keep their ' +
        'size throughout (launch before terminate, their instance maintenance policy).',
      '',
      ...shell(
        'for group in "$WEB_ASG" "$APP_ASG" "$BASTION_ASG"; do',
        '  aws autoscaling start-instance-refresh --auto-scaling-group-name "$group"',
        'done',
      ),
      '',
      'Skip matching stays off (the default of the API): an instance launched from the same launch template version is ' +
        'still replaced, which is the point, since the AMI behind that version changed. Follow each refresh until `Successful`:',
      '',
      ...shell(
        'for group in "$WEB_ASG" "$APP_ASG" "$BASTION_ASG"; do',
        '  aws autoscaling describe-instance-refreshes --auto-scaling-group-name "$group" \\\n' +
          "    --query 'InstanceRefreshes[0].[AutoScalingGroupName,Status,PercentageComplete,StatusReason]' --output text",
        'done',
      ),
      '',
      'Then run the AMI check above again: every `ImageId` is the parameter value. The instance ids changed: sessions and ' +
        `SSH go to the new ones ([${CONNECT_FILE}](${CONNECT_FILE}#find-the-instances)).`,
      '',
      'Check the site end to end once the refreshes succeeded (the app group judges its instances by their EC2 status ' +
        'only, so a service that does not start on the new AMI shows here, and in its load balancer target health):',
      '',
      ...shell(`npm run verify -- -c config=${facts.configFile}`),
      '',
      '## If a refresh fails',
      '',
      '- `Failed` or `Cancelled`, launch errors in its `StatusReason`: the replacements could not start (capacity, a failing ' +
        'boot). The old instances keep serving; the scaling activities say why (`aws autoscaling describe-scaling-activities ' +
        '--auto-scaling-group-name "$WEB_ASG" --max-items 5`). Fix the cause and start the refresh again.',
      "- A replacement that starts but does not serve: its boot output and service log are in its group's log group, in " +
        'the streams named after its instance id.',
    ];
  },
};
