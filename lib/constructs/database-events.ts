import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * RDS event categories an operator must hear about: failovers, failures, storage, maintenance,
 * and every change to the instance's configuration, its deletion and its security settings (the
 * Security Hub control RDS.20 asks for configuration change, failure and maintenance). Names as
 * RDS lists them for the db-instance source type ("Amazon RDS event categories and event
 * messages"): an unknown name fails the deploy.
 */
export const DATABASE_EVENT_CATEGORIES = [
  'availability',
  'configuration change',
  'deletion',
  'failover',
  'failure',
  'low storage',
  'maintenance',
  'notification',
  'recovery',
  'security',
] as const;

export interface DatabaseEventsProps {
  /** The DB instance whose events are sent. */
  readonly database: rds.IDatabaseInstance;
  /** Where the events are sent. */
  readonly topic: sns.ITopic;
}

/** Sends the database's Multi-AZ failovers, configuration changes and other RDS events to the alarm topic. */
export class DatabaseEvents extends Construct {
  public readonly subscription: rds.CfnEventSubscription;

  constructor(scope: Construct, id: string, props: DatabaseEventsProps) {
    super(scope, id);
    this.subscription = new rds.CfnEventSubscription(this, 'Subscription', {
      snsTopicArn: props.topic.topicArn,
      sourceType: 'db-instance',
      sourceIds: [props.database.instanceIdentifier],
      eventCategories: [...DATABASE_EVENT_CATEGORIES],
      enabled: true,
    });
    props.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('events.rds.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [props.topic.topicArn],
        // CfnEventSubscription exposes no ARN attribute: scope to this account's event subscriptions.
        conditions: {
          ArnLike: {
            'aws:SourceArn': Stack.of(this).formatArn({
              service: 'rds',
              resource: 'es',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
  }
}
