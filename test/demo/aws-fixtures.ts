import { CloudFormationClient, DescribeStacksCommand, Stack } from '@aws-sdk/client-cloudformation';
import { AwsClientStub } from 'aws-sdk-client-mock';
import { Clock } from '../../lib/demo/failover';

// The pinned SDK warns once per process that later releases need Node 22: noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const REGION = 'eu-west-3';
export const DISTRIBUTION = 'd111111abcdef8.cloudfront.net';

/** A deployed stack as DescribeStacks returns it. */
export function deployedStack(name: string, outputs: Record<string, string>, status = 'CREATE_COMPLETE'): Stack {
  return {
    StackName: name,
    StackStatus: status as Stack['StackStatus'],
    CreationTime: new Date('2026-11-20T09:00:00Z'),
    Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
  };
}

/** Answers DescribeStacks for the given stacks, and "does not exist" for any other name, as CloudFormation does. */
export function serveStacks(mock: AwsClientStub<CloudFormationClient>, stacks: readonly Stack[]): void {
  mock.on(DescribeStacksCommand).callsFake((input: { StackName?: string }) => {
    const stack = stacks.find((candidate) => candidate.StackName === input.StackName);
    if (!stack) throw awsError('ValidationError', `Stack with id ${input.StackName} does not exist`);
    return { Stacks: [stack] };
  });
}

export function awsError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** A clock whose time moves only when the code under test sleeps. */
export class FakeClock implements Clock {
  private time = 0;
  readonly now = (): number => this.time;
  readonly sleep = async (ms: number): Promise<void> => {
    this.time += ms;
  };
}
