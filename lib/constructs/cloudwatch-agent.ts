import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { acknowledgeRule } from '../compliance/acknowledge';

/** Namespace of the agent's metrics; the instance policy may publish to it only. */
export const AGENT_METRIC_NAMESPACE = 'CWAgent';

/** A log file the agent ships, and the stream (per instance) it lands in. */
export interface ShippedLogFile {
  readonly path: string;
  readonly stream: string;
}

/** What every instance ships: syslog, authentication (PCI DSS 10.2.1: access to system components) and boot output. */
export const SYSTEM_LOG_FILES: readonly ShippedLogFile[] = [
  { path: '/var/log/messages', stream: 'messages' },
  { path: '/var/log/secure', stream: 'secure' },
  { path: '/var/log/cloud-init-output.log', stream: 'cloud-init-output' },
];

const AGENT_CONFIG_FILE = '/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json';

/** The agent's configuration: the files into the tier's log group, memory and disk use as metrics. */
export function cloudWatchAgentConfig(logGroupName: string, files: readonly ShippedLogFile[]): object {
  return {
    agent: { run_as_user: 'root' },
    logs: {
      logs_collected: {
        files: {
          collect_list: files.map((file) => ({
            file_path: file.path,
            log_group_name: logGroupName,
            log_stream_name: `{instance_id}/${file.stream}`,
            retention_in_days: -1,
          })),
        },
      },
    },
    metrics: {
      namespace: AGENT_METRIC_NAMESPACE,
      append_dimensions: { AutoScalingGroupName: '${aws:AutoScalingGroupName}', InstanceId: '${aws:InstanceId}' },
      aggregation_dimensions: [['AutoScalingGroupName']],
      metrics_collected: {
        mem: { measurement: ['mem_used_percent'] },
        disk: { measurement: ['used_percent'], resources: ['/'] },
      },
    },
  };
}

/**
 * Installs rsyslog (Amazon Linux 2023 logs to the journal only, so /var/log/messages and
 * /var/log/secure need it) and the CloudWatch agent, and starts the agent with the tier's
 * configuration. Retention stays with the log group (one year, KMS-encrypted), never the agent.
 */
export function addCloudWatchAgent(userData: ec2.UserData, logGroup: logs.ILogGroup, files: readonly ShippedLogFile[]): void {
  const config = Stack.of(logGroup).toJsonString(cloudWatchAgentConfig(logGroup.logGroupName, [...SYSTEM_LOG_FILES, ...files]));
  userData.addCommands(
    'dnf -y install rsyslog amazon-cloudwatch-agent',
    'systemctl enable --now rsyslog',
    `cat > ${AGENT_CONFIG_FILE} <<'AGENT'\n${config}\nAGENT`,
    `/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:${AGENT_CONFIG_FILE}`,
  );
}

/**
 * The agent's rights, added to an instance policy: write to its log group, publish metrics in its
 * own namespace only.
 */
export function grantCloudWatchAgent(policy: iam.ManagedPolicy, logGroup: logs.ILogGroup): void {
  policy.addStatements(
    new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [logGroup.logGroupArn],
    }),
    new iam.PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': AGENT_METRIC_NAMESPACE } },
    }),
  );
  acknowledgeRule(
    policy,
    'AwsSolutions-IAM5[Resource::*]',
    'cloudwatch:PutMetricData has no resource-level permission; the cloudwatch:namespace condition limits it to the CWAgent namespace',
  );
}
