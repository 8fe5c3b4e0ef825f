import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface ScalingEventsProps {
  /** The groups whose launches and terminations (and failures of either) are sent. */
  readonly autoScalingGroupNames: readonly string[];
  /** Where the events are sent. */
  readonly topic: sns.ITopic;
}

/** Auto Scaling launches, terminations (replacements at the end of an instance's lifetime included) and their failures in the POC's groups, sent to the alarm topic. */
export class ScalingEvents extends Construct {
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ScalingEventsProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      description: 'EC2 Auto Scaling activity of the PCI POC tiers and bastions',
      eventPattern: {
        source: ['aws.autoscaling'],
        detailType: [
          'EC2 Instance Launch Successful',
          'EC2 Instance Launch Unsuccessful',
          'EC2 Instance Terminate Successful',
          'EC2 Instance Terminate Unsuccessful',
        ],
        detail: { AutoScalingGroupName: [...props.autoScalingGroupNames] },
      },
      targets: [new targets.SnsTopic(props.topic)],
    });
  }
}
