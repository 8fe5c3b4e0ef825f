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
import { fillTemplate } from '../templates';

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
    const modeSlots = {
      bastionAsg: ctx.resource(facts.bastions),
      bastionGroup: ctx.resource(facts.bastionGroup),
      bastionGroupStack: facts.bastionGroup.stack,
    };
    const accessMode = ssh
      ? fillTemplate('connect-to-instances-mode-ssh', { ...modeSlots, sshCidrs: facts.sshCidrs.map(code).join(', ') })
      : fillTemplate('connect-to-instances-mode-ssm', modeSlots);
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
    return fillTemplate('connect-to-instances', {
      accessMode,
      operationsStack: ctx.stack('Operations'),
      rolesTable: table(
        ['Role', 'Output', 'For'],
        (Object.keys(ROLE_USES) as OperatorRole[]).map((role) => [
          ROLE_TITLES[role],
          code(ctx.output('Operations', facts.operations.roleOutputs[role])),
          ROLE_USES[role],
        ]),
      ),
      roleArnCommand: shell(ctx.outputVar('ROLE_ARN', 'Operations', facts.operations.roleOutputs.operator), 'echo "$ROLE_ARN"'),
      operatorProfile: profileName(ctx, 'operator'),
      profileCommand: shell(`export AWS_PROFILE=${profileName(ctx, 'operator')}`),
      regionSetup: indent(regionSetup(ctx)),
      findCommands: shell(
        ...tierGroupVars(ctx),
        ctx.outputVar('BASTION_ASG', 'App', facts.bastions.output),
        'aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$WEB_ASG" "$APP_ASG" "$BASTION_ASG" \\\n' +
          "  --query 'AutoScalingGroups[].Instances[].[InstanceId,AvailabilityZone,LifecycleState,HealthStatus]' --output table",
        'BASTION=$(aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$BASTION_ASG" \\\n' +
          "  --query 'AutoScalingGroups[0].Instances[0].InstanceId' --output text)",
      ),
      sessionCommands: shell(
        'INSTANCE=$(aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$APP_ASG" \\\n' +
          "  --query 'AutoScalingGroups[0].Instances[0].InstanceId' --output text)",
        'aws ssm start-session --target "$INSTANCE"',
      ),
      customerName: facts.config.customer.name,
      shellUser: shellUserSection(ctx, ssh),
      records: recordsSection(ctx, ssh),
      ssh: sshSection(ctx, ssh),
      appSecretOutput: ctx.output('Data', facts.appSecret.output),
      masterSecretOutput: ctx.output('Data', facts.secret.output),
      tunnelCommands: shell(
        `export AWS_PROFILE=${profileName(ctx, 'administrator')}`,
        ctx.outputVar('DB_HOST', 'Data', facts.database.endpointOutput),
        'aws ssm start-session --target "$INSTANCE" --document-name AWS-StartPortForwardingSessionToRemoteHost \\\n' +
          '  --parameters "{\\"host\\":[\\"$DB_HOST\\"],\\"portNumber\\":[\\"3306\\"],\\"localPortNumber\\":[\\"13306\\"]}"',
      ),
      clientCommands: shell(
        ...terminalSetup(ctx, 'databaseAdministrator'),
        ctx.outputVar('DB_HOST', 'Data', facts.database.endpointOutput),
        ctx.outputVar('SECRET', 'Data', facts.appSecret.output),
        `curl -sSfo rds-ca.pem ${RDS_CA_BUNDLE}`,
        'grep -q " $DB_HOST$" /etc/hosts || echo "127.0.0.1 $DB_HOST" | sudo tee -a /etc/hosts   # remove the line when done',
        'aws secretsmanager get-secret-value --secret-id "$SECRET" --query SecretString --output text | jq -r \'.username, .password\'',
        'mysql --host "$DB_HOST" --port 13306 --user APP_USER_PRINTED_ABOVE --password ' +
          '--ssl-mode=VERIFY_IDENTITY --ssl-ca=rds-ca.pem',
      ),
      masterUser: ctx.physical(facts.database, 'MasterUsername'),
      masterCommands: shell(
        ctx.outputVar('MASTER_SECRET', 'Data', facts.secret.output),
        'aws secretsmanager get-secret-value --secret-id "$MASTER_SECRET" --query SecretString --output text | jq -r .password',
        `mysql --host "$DB_HOST" --port 13306 --user ${ctx.physical(facts.database, 'MasterUsername')} --password ` +
          '--ssl-mode=VERIFY_IDENTITY --ssl-ca=rds-ca.pem',
      ),
    });
  },
};

/** Who a shell runs as, and the break-glass way to root. */
function shellUserSection(ctx: RunbookContext, ssh: boolean): string[] {
  const logging = ctx.facts.sessionLogging;
  const rootPath = ssh
    ? 'SSH as `ec2-user` through a bastion, which takes the **administrator** role ([SSH through a bastion](#ssh-through-a-bastion))'
    : 'a Run Command document (`AWS-RunShellScript` runs as root) sent with the **administrator** role, recorded in CloudTrail';
  if (!logging) return fillTemplate('connect-to-instances-shell-user-account', { rootPath });
  return fillTemplate('connect-to-instances-shell-user-poc', {
    user: ctx.physical(logging.document, 'Content', 'inputs', 'runAsDefaultUser'),
    rootPath,
  });
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
    return fillTemplate('connect-to-instances-records-account', {
      preferencesCommand: shell(
        `AWS_PROFILE=${profileName(ctx, 'administrator')} aws ssm get-document --name SSM-SessionManagerRunShell --query Content --output text`,
      ),
      notRecorded,
    });
  }
  const documentName = ctx.physical(logging.document, 'Name');
  return fillTemplate('connect-to-instances-records-poc', {
    documentName,
    document: ctx.resource(logging.document),
    operationsStack: ctx.stack('Operations'),
    logGroupOutput: ctx.output('Operations', logging.logGroupOutput),
    logGroup: ctx.resource(logging.logGroup),
    key: ctx.resource(logging.key),
    retentionDays: String(logging.retentionDays),
    idleTimeoutMinutes: String(logging.idleTimeoutMinutes),
    versionCommands: shell(
      `AWS_PROFILE=${profileName(ctx, 'administrator')} aws ssm describe-document --name ${documentName} --query 'Document.[DefaultVersion,LatestVersion]' --output text`,
      `AWS_PROFILE=${profileName(ctx, 'administrator')} aws ssm update-document-default-version --name ${documentName} --document-version LATEST_VERSION`,
    ),
    notRecorded,
    transcriptCommands: shell(
      ctx.outputVar('SESSION_LOGS', 'Operations', logging.logGroupOutput),
      `AWS_PROFILE=${profileName(ctx, 'auditor')} aws logs tail "$SESSION_LOGS" --since 1d`,
    ),
  });
}

function sshSection(ctx: RunbookContext, ssh: boolean): string[] {
  const { facts } = ctx;
  if (!ssh) return fillTemplate('connect-to-instances-ssh-off', { deployCommand: ctx.cdk('deploy', ['Network']) });
  return fillTemplate('connect-to-instances-ssh', {
    bastionCommands: shell(
      `export AWS_PROFILE=${profileName(ctx, 'administrator')}`,
      'BASTION_IP=$(aws ec2 describe-instances --instance-ids "$BASTION" \\\n' +
        "  --query 'Reservations[0].Instances[0].PublicIpAddress' --output text)",
      'aws ec2-instance-connect send-ssh-public-key --instance-id "$BASTION" --instance-os-user ec2-user \\\n' +
        '  --ssh-public-key file://$HOME/.ssh/id_ed25519.pub',
      'ssh ec2-user@"$BASTION_IP"',
    ),
    bastionGroup: ctx.resource(facts.bastionGroup),
    hopCommands: shell(
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
  });
}

/** Nests a block under a numbered list item. */
function indent(lines: readonly string[]): string[] {
  return lines.map((line) => (line === '' ? '' : `   ${line.replace(/\n/g, '\n   ')}`));
}
