import {
  CONNECT_FILE,
  OperatorRole,
  profileName,
  regionSetup,
  ROLE_TITLES,
  Runbook,
  terminalSetup,
  tierGroupVars,
} from '../common';
import { code, RunbookContext, shell, table } from '../context';
import { RunbookError } from '../facts';

const ROLE_USES: Readonly<Record<OperatorRole, string>> = {
  administrator: 'break-glass; the runbooks that change resources (AZ evacuation, restores, tear-down)',
  operator: 'Session Manager sessions on the POC instances, scaling, health',
  databaseAdministrator:
    "the failover test, snapshots, reading and rotating the app user's database secret; the master secret, break-glass",
  auditor: 'read-only review: configuration, CloudTrail, every log group',
};

/** The certificate authorities of RDS in every region (RDS user guide, "Certificate bundles for all AWS Regions"). */
const RDS_CA_BUNDLE = 'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem';

export const connectRunbook: Runbook = {
  file: CONNECT_FILE,
  title: 'Connect to the instances through Session Manager or the bastions',
  summary:
    'assume an operator role, open a shell on a web, app or bastion instance, and reach the database through a port forward.',
  render(ctx) {
    const { facts } = ctx;
    const ssh = facts.config.management.bastionAccess === 'ssh';
    const bastions = `(Auto Scaling group ${code(ctx.resource(facts.bastions))}, one instance per AZ in the public subnets)`;
    const group = `${code(ctx.resource(facts.bastionGroup))} of ${code(facts.bastionGroup.stack)}`;
    const mode = ssh
      ? `**Access mode of this config: \`management.bastionAccess: ssh\`.** The bastions ${bastions} ` +
        `accept SSH on port 22 from ${facts.sshCidrs.map(code).join(', ')} only (their security group ${group}); ` +
        'from a bastion, port 22 reaches the web and app instances. Session Manager works as well, needs no open port, ' +
        'and every session is an IAM-authorised `StartSession` call in CloudTrail whose shell is recorded ' +
        '([What a session records](#what-a-session-records)); nothing records what is typed over SSH: prefer Session Manager.'
      : `**Access mode of this config: \`management.bastionAccess: ssm\`.** The bastions ${bastions} (one per AZ, without a ` +
        'public address: they reach Session Manager through the NAT gateways) keep no inbound rule: ' +
        `their security group ${group} admits nothing. Every session goes through AWS Systems Manager Session Manager, ` +
        'authorised by IAM, recorded in CloudTrail (`StartSession` events) and its shell recorded ' +
        '([What a session records](#what-a-session-records)). No SSH key exists anywhere.';
    if (ssh !== facts.sshCidrs.length > 0) {
      throw new RunbookError(
        `management.bastionAccess is ${facts.config.management.bastionAccess} but the bastion security group admits port 22 from ${facts.sshCidrs.join(', ') || 'nothing'}`,
      );
    }
    if (!ssh && facts.bastions.publicIp) {
      throw new RunbookError('management.bastionAccess is ssm but a bastion gets a public IP address');
    }
    if (facts.config.accountBaseline.hasSessionManagerPreferences !== (facts.sessionLogging === undefined)) {
      throw new RunbookError(
        `accountBaseline.hasSessionManagerPreferences is ${facts.config.accountBaseline.hasSessionManagerPreferences} but the ` +
          `templates ${facts.sessionLogging ? 'set' : 'do not set'} the Session Manager preferences`,
      );
    }
    return [
      'What this is for: a shell on a web, app or bastion instance, and a connection to the database for the restore and ' +
        'rotation runbooks, without an SSH key stored anywhere.',
      '',
      mode,
      '',
      '## Assume a role',
      '',
      `The POC's roles (Operations stack) may be assumed by principals of this account that signed in with MFA, for one hour. ` +
        `Their ARNs are outputs of ${code(ctx.stack('Operations'))}:`,
      '',
      ...table(
        ['Role', 'Output', 'For'],
        (Object.keys(ROLE_USES) as OperatorRole[]).map((role) => [
          ROLE_TITLES[role],
          code(ctx.output('Operations', facts.operations.roleOutputs[role])),
          ROLE_USES[role],
        ]),
      ),
      '',
      ...shell(ctx.outputVar('ROLE_ARN', 'Operations', facts.operations.roleOutputs.operator), 'echo "$ROLE_ARN"'),
      '',
      'Add one profile per role to `~/.aws/config`; the CLI asks for the MFA code when it starts a session:',
      '',
      '```ini',
      `[profile ${profileName(ctx, 'operator')}]`,
      'role_arn = ROLE_ARN_PRINTED_ABOVE',
      'source_profile = default',
      'mfa_serial = arn:aws:iam::ACCOUNT:mfa/YOUR_DEVICE',
      'duration_seconds = 3600',
      '```',
      '',
      ...shell(`export AWS_PROFILE=${profileName(ctx, 'operator')}`),
      '',
      '## Before',
      '',
      '1. AWS CLI v2 and the Session Manager plugin for the AWS CLI installed on your machine.',
      '2. The region of the POC:',
      '',
      ...indent(regionSetup(ctx)),
      '',
      '## Find the instances',
      '',
      'Tier and bastion instances are replaced by Auto Scaling (at the latest when they reach their maximum lifetime) and ' +
        'never changed by hand: look their ids up each time.',
      '',
      ...shell(
        ...tierGroupVars(ctx),
        ctx.outputVar('BASTION_ASG', 'App', facts.bastions.output),
        'aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$WEB_ASG" "$APP_ASG" "$BASTION_ASG" \\\n' +
          "  --query 'AutoScalingGroups[].Instances[].[InstanceId,AvailabilityZone,LifecycleState,HealthStatus]' --output table",
        'BASTION=$(aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$BASTION_ASG" \\\n' +
          "  --query 'AutoScalingGroups[0].Instances[0].InstanceId' --output text)",
      ),
      '',
      '## Open a shell with Session Manager',
      '',
      ...shell(
        'INSTANCE=$(aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$APP_ASG" \\\n' +
          "  --query 'AutoScalingGroups[0].Instances[0].InstanceId' --output text)",
        'aws ssm start-session --target "$INSTANCE"',
      ),
      '',
      `The operator role may start sessions only on instances tagged \`Customer=${facts.config.customer.name}\` (every POC ` +
        'instance carries the tag) and end or resume only its own sessions. `--target "$BASTION"` opens one on a bastion.',
      '',
      ...shellUserSection(ctx, ssh),
      '',
      ...recordsSection(ctx, ssh),
      '',
      ...sshSection(ctx, ssh),
      '',
      '## Reach the database',
      '',
      `The database admits only the app tier and the database credential functions (rotation, database users) on port 3306, ` +
        'and its parameter group requires TLS. ' +
        'The way in is a port forward through an app instance (`$INSTANCE` above). The operator role may start sessions on the POC instances only, ' +
        'not with the port-forwarding document: the **administrator** role opens the tunnel, the **database administrator** ' +
        'role reads the credentials.',
      '',
      "Which credentials: for checks, the **app user's** (output " +
        `${code(ctx.output('Data', facts.appSecret.output))}): what the application may do, rows of its own schema and ` +
        'nothing else; its name alternates between two users at each rotation, so read it from the secret too. The ' +
        `**master user's** (output ${code(ctx.output('Data', facts.secret.output))}) is break-glass: only the database ` +
        "administrator role may read that secret (the app role reads the app user's alone), each read is a " +
        '`GetSecretValue` event in CloudTrail, and the master user is for what the app user may not do (a repair after a ' +
        'restore, a grant). Schema changes are not made by hand: they are migrations, which the deployment runs as the ' +
        'migration user.',
      '',
      ...shell(
        `export AWS_PROFILE=${profileName(ctx, 'administrator')}`,
        ctx.outputVar('DB_HOST', 'Data', facts.database.endpointOutput),
        'aws ssm start-session --target "$INSTANCE" --document-name AWS-StartPortForwardingSessionToRemoteHost \\\n' +
          '  --parameters "{\\"host\\":[\\"$DB_HOST\\"],\\"portNumber\\":[\\"3306\\"],\\"localPortNumber\\":[\\"13306\\"]}"',
      ),
      '',
      'In a second terminal, while the tunnel runs: read the password as the database administrator, and connect with the ' +
        "client checking the server's certificate against the RDS certificate authorities and the endpoint's name " +
        '(`VERIFY_IDENTITY`), which a line of `/etc/hosts` points at the tunnel:',
      '',
      ...shell(
        ...terminalSetup(ctx, 'databaseAdministrator'),
        ctx.outputVar('DB_HOST', 'Data', facts.database.endpointOutput),
        ctx.outputVar('SECRET', 'Data', facts.appSecret.output),
        `curl -sSfo rds-ca.pem ${RDS_CA_BUNDLE}`,
        'grep -q " $DB_HOST$" /etc/hosts || echo "127.0.0.1 $DB_HOST" | sudo tee -a /etc/hosts   # remove the line when done',
        'aws secretsmanager get-secret-value --secret-id "$SECRET" --query SecretString --output text | jq -r \'.username, .password\'',
        'mysql --host "$DB_HOST" --port 13306 --user APP_USER_PRINTED_ABOVE --password ' +
          '--ssl-mode=VERIFY_IDENTITY --ssl-ca=rds-ca.pem',
      ),
      '',
      `Break-glass, as the master user ${code(ctx.physical(facts.database, 'MasterUsername'))}: the same, with the master secret.`,
      '',
      ...shell(
        ctx.outputVar('MASTER_SECRET', 'Data', facts.secret.output),
        'aws secretsmanager get-secret-value --secret-id "$MASTER_SECRET" --query SecretString --output text | jq -r .password',
        `mysql --host "$DB_HOST" --port 13306 --user ${ctx.physical(facts.database, 'MasterUsername')} --password ` +
          '--ssl-mode=VERIFY_IDENTITY --ssl-ca=rds-ca.pem',
      ),
      '',
      'Close the tunnel (Ctrl-C) when done; never copy cardholder data to your machine.',
    ];
  },
};

/** Who a shell runs as, and the break-glass way to root. */
function shellUserSection(ctx: RunbookContext, ssh: boolean): string[] {
  const logging = ctx.facts.sessionLogging;
  const rootPath = ssh
    ? 'SSH as `ec2-user` through a bastion, which takes the **administrator** role ([SSH through a bastion](#ssh-through-a-bastion))'
    : 'a Run Command document (`AWS-RunShellScript` runs as root) sent with the **administrator** role, recorded in CloudTrail';
  if (!logging) {
    return [
      "Who the shell runs as is up to the account's Session Manager preferences in this config " +
        '(`accountBaseline.hasSessionManagerPreferences: true`): they should enable Run As with an unprivileged user. Every ' +
        'POC instance creates `poc-session` for that (no sudo, and the instance metadata service refuses it). Root on an ' +
        `instance is break-glass: ${rootPath}. Instances are not changed by hand: they are replaced.`,
    ];
  }
  const user = ctx.physical(logging.document, 'Content', 'inputs', 'runAsDefaultUser');
  return [
    `The shell runs as \`${user}\`, not \`ssm-user\` (the POC's Session Manager preferences turn Run As on): a user ` +
      'without sudo and outside `wheel`, whom the instance metadata service refuses, so a shell reaches neither root nor ' +
      "the instance role's credentials (the app's database secret included). There is no `sudo` in a session. Root on " +
      `an instance is break-glass: ${rootPath}. Instances are not changed by hand: they are replaced.`,
  ];
}

/** What Session Manager records of a session, and where an auditor reads it. */
function recordsSection(ctx: RunbookContext, ssh: boolean): string[] {
  const { facts } = ctx;
  const logging = facts.sessionLogging;
  const notRecorded =
    'Not recorded: what goes through a port forward (the database tunnel below), whose bytes Session Manager only carries ' +
    '(CloudTrail has its `StartSession` call)' +
    (ssh
      ? '; nor what is typed over SSH (next section), which does not go through Session Manager at all (CloudTrail has the ' +
        '`SendSSHPublicKey` call of EC2 Instance Connect)'
      : '') +
    '.';
  if (!logging) {
    return [
      '## What a session records',
      '',
      'CloudTrail records who started each session, on which instance, and when (`StartSession`). What is typed in it is ' +
        "recorded only if the account's own Session Manager preferences say so: this config leaves them to the account " +
        '(`accountBaseline.hasSessionManagerPreferences: true`), and they must stream every session to a KMS-encrypted log ' +
        'group kept at least a year (PCI DSS 10.2.1.2, 10.5.1). If they also encrypt sessions with a KMS key, the instance ' +
        'roles need `kms:Decrypt` on it and the roles that start sessions `kms:GenerateDataKey`; in this mode the POC grants ' +
        'neither, nor the right to write their log group. Check them:',
      '',
      ...shell(
        `AWS_PROFILE=${profileName(ctx, 'administrator')} aws ssm get-document --name SSM-SessionManagerRunShell --query Content --output text`,
      ),
      '',
      notRecorded,
    ];
  }
  const operations = code(ctx.stack('Operations'));
  return [
    '## What a session records',
    '',
    `The POC sets the Session Manager preferences of this account and region: the document ` +
      `${code(ctx.physical(logging.document, 'Name'))} (${code(ctx.resource(logging.document))} of ${operations}), which every ` +
      'shell session started without `--document-name` (as above) follows.',
    '',
    '- CloudTrail records who started each session, on which instance, and when (`StartSession`).',
    `- What is typed and what the shell prints streams, while the session runs, to the log group of output ` +
      `${code(ctx.output('Operations', logging.logGroupOutput))} (${code(ctx.resource(logging.logGroup))}), encrypted with the ` +
      `KMS key ${code(ctx.resource(logging.key))} and kept ${logging.retentionDays} days (PCI DSS 10.2.1.2, 10.5.1). The ` +
      'agent refuses to start a session if that log group is not KMS-encrypted.',
    '- The session stream itself is encrypted with the same key on top of TLS: the role that starts a session needs ' +
      '`kms:GenerateDataKey` on it (the operator role has it, the administrator role through `AdministratorAccess`), the ' +
      'instances `kms:Decrypt` (their roles have it).',
    `- A session left idle for ${logging.idleTimeoutMinutes} minutes ends (PCI DSS 8.2.8).`,
    '',
    'After a deployment that changed the preferences, check that their newest version is the default one (an update ' +
      'through CloudFormation has been reported to leave the previous one in force); if the two numbers differ, promote it. ' +
      'Both take the **administrator** role: the operator may not change what every session follows.',
    '',
    ...shell(
      `AWS_PROFILE=${profileName(ctx, 'administrator')} aws ssm describe-document --name ${ctx.physical(logging.document, 'Name')} --query 'Document.[DefaultVersion,LatestVersion]' --output text`,
      `AWS_PROFILE=${profileName(ctx, 'administrator')} aws ssm update-document-default-version --name ${ctx.physical(logging.document, 'Name')} --document-version LATEST_VERSION`,
    ),
    '',
    `${notRecorded} The transcript holds whatever a prompt echoes: type secrets where the shell does not echo them ` +
      '(`read -s`), never as command arguments.',
    '',
    'Read the transcripts with the **auditor** role (it reads every log group); each session writes its own log stream:',
    '',
    ...shell(
      ctx.outputVar('SESSION_LOGS', 'Operations', logging.logGroupOutput),
      `AWS_PROFILE=${profileName(ctx, 'auditor')} aws logs tail "$SESSION_LOGS" --since 1d`,
    ),
  ];
}

function sshSection(ctx: RunbookContext, ssh: boolean): string[] {
  const { facts } = ctx;
  if (!ssh) {
    return [
      '## SSH',
      '',
      `Not available with this config: the bastion security group has no inbound rule. To allow SSH from the corporate ranges ` +
        `(\`management.corporateCidrs\`), set \`management.bastionAccess: ssh\` and redeploy the Network stack ` +
        `(\`${ctx.cdk('deploy', ['Network'])}\`). Session Manager needs neither an open port nor a key.`,
    ];
  }
  return [
    '## SSH through a bastion',
    '',
    'The kit creates no key pair. The instances run Amazon Linux 2023, which ships EC2 Instance Connect: push your public ' +
      'key for 60 seconds, then connect. The operator role has no `ec2-instance-connect:SendSSHPublicKey` right, so SSH ' +
      'takes the **administrator** role (or a policy your account adds); Session Manager does not.',
    '',
    ...shell(
      `export AWS_PROFILE=${profileName(ctx, 'administrator')}`,
      'BASTION_IP=$(aws ec2 describe-instances --instance-ids "$BASTION" \\\n' +
        "  --query 'Reservations[0].Instances[0].PublicIpAddress' --output text)",
      'aws ec2-instance-connect send-ssh-public-key --instance-id "$BASTION" --instance-os-user ec2-user \\\n' +
        '  --ssh-public-key file://$HOME/.ssh/id_ed25519.pub',
      'ssh ec2-user@"$BASTION_IP"',
    ),
    '',
    `On to a web or app instance, through the bastion (its security group ${code(ctx.resource(facts.bastionGroup))} ` +
      'may reach port 22 of both tiers), pushing the key to both within the minute:',
    '',
    ...shell(
      'TARGET=$(aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$WEB_ASG" \\\n' +
        "  --query 'AutoScalingGroups[0].Instances[0].InstanceId' --output text)",
      'TARGET_IP=$(aws ec2 describe-instances --instance-ids "$TARGET" \\\n' +
        "  --query 'Reservations[0].Instances[0].PrivateIpAddress' --output text)",
      'for id in "$BASTION" "$TARGET"; do',
      '  aws ec2-instance-connect send-ssh-public-key --instance-id "$id" --instance-os-user ec2-user \\\n' +
        '    --ssh-public-key file://$HOME/.ssh/id_ed25519.pub',
      'done',
      'ssh -J ec2-user@"$BASTION_IP" ec2-user@"$TARGET_IP"',
    ),
  ];
}

/** Nests a block under a numbered list item. */
function indent(lines: readonly string[]): string[] {
  return lines.map((line) => (line === '' ? '' : `   ${line.replace(/\n/g, '\n   ')}`));
}
