import { errorMessage } from './log';

export interface InstanceIdentity {
  readonly availabilityZone: string;
  readonly instanceId: string;
}

const IMDS = 'http://169.254.169.254/latest';
const IMDS_TIMEOUT_MS = 2000;

async function imds(path: string, init: RequestInit): Promise<string> {
  const response = await fetch(`${IMDS}/${path}`, { ...init, signal: AbortSignal.timeout(IMDS_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${path} answered HTTP ${response.status}`);
  return (await response.text()).trim();
}

/**
 * Which instance and AZ answer requests, from IMDSv2 (the launch template requires tokens).
 * Outside EC2 the overrides stand in; one missing there is an error, not a guess.
 */
export async function instanceIdentity(override: {
  readonly availabilityZone?: string;
  readonly instanceId?: string;
}): Promise<InstanceIdentity> {
  if (override.availabilityZone && override.instanceId) {
    return { availabilityZone: override.availabilityZone, instanceId: override.instanceId };
  }
  try {
    const token = await imds('api/token', { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '300' } });
    const headers = { 'X-aws-ec2-metadata-token': token };
    const [availabilityZone, instanceId] = await Promise.all([
      override.availabilityZone ?? imds('meta-data/placement/availability-zone', { headers }),
      override.instanceId ?? imds('meta-data/instance-id', { headers }),
    ]);
    return { availabilityZone, instanceId };
  } catch (error) {
    throw new Error(
      `cannot read the instance identity from IMDSv2 (${errorMessage(error)}); outside EC2 set POC_AVAILABILITY_ZONE and POC_INSTANCE_ID`,
      { cause: error },
    );
  }
}
