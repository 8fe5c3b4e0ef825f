import { App, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { APP_DEFAULTS } from '../lib/app';

/**
 * The floor `npm run bench` compares `cdk synth` with: the same CLI, entry script, feature flags and
 * built-in CloudFormation validation, synthesizing one stack with one SNS topic. What synth costs
 * above it is the POC's own.
 */
const app = new App(APP_DEFAULTS);
new sns.Topic(new Stack(app, 'BenchFloor'), 'Topic');
app.synth();
