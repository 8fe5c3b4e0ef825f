import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { customerManagedKey } from './secure-defaults';

export interface AlarmTopicProps {
  /** The address the topic e-mails every alarm and compliance alert to (confirmed by its owner). */
  readonly email: string;
}

/** The one place every alarm and compliance alert goes: KMS-encrypted, TLS-only, e-mailed. */
export class AlarmTopic extends Construct {
  public readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    // The stack name tells this key from the same customer's others (the DR copy's in us-east-1, say) when they are cleaned up.
    const key = customerManagedKey(this, 'Key', `Alarm topic of the PCI POC (${Stack.of(this).stackName})`);
    // Alarms, EventBridge rules and RDS event notifications publish to the topic and must be able to use its key.
    for (const service of ['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'events.rds.amazonaws.com']) {
      key.grant(new iam.ServicePrincipal(service), 'kms:Decrypt', 'kms:GenerateDataKey');
    }
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'PCI POC alarms',
      masterKey: key,
      enforceSSL: true,
    });
    // enforceSSL gives the topic a policy of its own, which replaces SNS's default one: CloudWatch
    // alarms of this account then need an explicit Allow, or they fail to notify.
    const stack = Stack.of(this);
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }
}
