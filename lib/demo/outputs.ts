import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { stackName, StackRole } from '../config/naming';
import { PocConfig } from '../config/schema';
import { DemoError, errorParts } from './errors';

/** Stack states whose outputs describe a working deployment. */
const USABLE_STATUSES = new Set([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE',
  'IMPORT_COMPLETE',
  'IMPORT_ROLLBACK_COMPLETE',
]);

export class StackOutputs {
  constructor(
    readonly stackName: string,
    readonly region: string,
    readonly values: Readonly<Record<string, string>>,
    private readonly deployHint: string,
  ) {}

  /** The output's value, or a DemoError telling the operator to redeploy with this version of the kit. */
  require(key: string): string {
    const value = this.values[key];
    if (value === undefined || value.length === 0) {
      throw new DemoError(
        `stack ${this.stackName} in ${this.region} has no output ${key}: it was deployed by an older version of the kit; ` +
          `redeploy with ${this.deployHint}`,
      );
    }
    return value;
  }
}

/** Where the stacks of a config live, and how to tell the operator to deploy them. */
export interface StackLocator {
  readonly config: PocConfig;
  readonly configFile: string;
  readonly cloudFormation: CloudFormationClient;
}

function deployHint(configFile: string): string {
  return `npx cdk deploy --all -c config=${configFile}`;
}

/** The region the SDK client will call: the config's, else the SDK's own chain (AWS_REGION, the profile). */
async function clientRegion(client: { config: { region: () => Promise<string> } }): Promise<string> {
  try {
    return await client.config.region();
  } catch (error) {
    throw awsProblem(error, 'resolve the AWS region');
  }
}

/** Reads the outputs of the config's stack `role` through CloudFormation DescribeStacks. */
export async function readStackOutputs(locator: StackLocator, role: StackRole): Promise<StackOutputs> {
  const name = stackName(locator.config, role);
  const region = await clientRegion(locator.cloudFormation);
  const hint = deployHint(locator.configFile);
  let stacks;
  try {
    ({ Stacks: stacks } = await locator.cloudFormation.send(new DescribeStacksCommand({ StackName: name })));
  } catch (error) {
    const { name: errorName, message } = errorParts(error);
    if (errorName === 'ValidationError' && /does not exist/.test(message)) {
      throw new DemoError(`stack ${name} not found in ${region}: deploy first with ${hint}`);
    }
    throw awsProblem(error, `read stack ${name} in ${region} (cloudformation:DescribeStacks)`);
  }
  const stack = stacks?.[0];
  if (!stack) throw new DemoError(`stack ${name} not found in ${region}: deploy first with ${hint}`);
  const status = stack.StackStatus ?? 'UNKNOWN';
  if (!USABLE_STATUSES.has(status)) {
    throw new DemoError(
      `stack ${name} in ${region} is ${status}, not deployed and stable: wait for the running operation or fix the stack, then run again`,
    );
  }
  const values: Record<string, string> = {};
  for (const output of stack.Outputs ?? []) {
    if (output.OutputKey && output.OutputValue !== undefined) values[output.OutputKey] = output.OutputValue;
  }
  return new StackOutputs(name, region, values, hint);
}

export interface SiteTarget {
  readonly url: string;
  /** Where the URL came from, printed so the operator can tell which site was tested. */
  readonly source: string;
}

/** The site the customer browses: the custom domain when configured, else the CloudFront domain. */
export async function siteTarget(locator: StackLocator): Promise<SiteTarget> {
  const edge = await readStackOutputs(locator, 'Edge');
  const distribution = edge.require('DistributionDomainName');
  if (locator.config.domain) {
    return {
      url: `https://${locator.config.domain.name}`,
      source: `domain.name in ${locator.configFile} (CNAME to ${distribution})`,
    };
  }
  return { url: `https://${distribution}`, source: `output DistributionDomainName of ${edge.stackName} (${edge.region})` };
}

/** Turns an AWS SDK failure into one line that says what to do; unknown errors keep their name and message. */
export function awsProblem(error: unknown, doing: string): DemoError {
  const { name, message } = errorParts(error);
  if (message === 'Region is missing') {
    return new DemoError(
      `cannot ${doing}: no AWS region; set environment.region in the config, AWS_REGION, or a region in your AWS profile`,
    );
  }
  if (name === 'CredentialsProviderError') {
    return new DemoError(
      `cannot ${doing}: no AWS credentials found; set AWS_PROFILE (then aws sso login if it is an SSO profile) or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY`,
    );
  }
  if (/ExpiredToken|TokenRefreshRequired/.test(name)) {
    return new DemoError(`cannot ${doing}: the AWS credentials have expired; refresh them (aws sso login) and run again`);
  }
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized/.test(name)) {
    return new DemoError(
      `cannot ${doing}: access denied (${message}); use credentials allowed to do it, such as the operator role`,
    );
  }
  return new DemoError(`cannot ${doing}: ${name}: ${message}`);
}
