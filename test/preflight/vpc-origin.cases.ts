import { checkVpcOrigin } from '../../lib/preflight/vpc-origin';
import { supportsVpcOrigins } from '../../lib/preflight/vpc-origin-support';
import { contextOf, demandOf, ZONES } from './fixtures';

const withVpcOrigin = (region: string) => {
  const demand = demandOf();
  return { ...contextOf({ ...demand, counts: { ...demand.counts, vpcOrigins: 1 } }), primaryRegion: region };
};

describe('CloudFront VPC origin', () => {
  test('supported region and AZs: ok', () => {
    expect(checkVpcOrigin(withVpcOrigin('eu-west-3'), ZONES, supportsVpcOrigins)).toEqual([
      expect.objectContaining({ status: 'ok', result: 'supported in eu-west-3 and in eu-west-3a, eu-west-3b' }),
    ]);
  });

  test('a region the predicate refuses is a blocker', () => {
    const [result] = checkVpcOrigin(withVpcOrigin('eu-west-3'), ZONES, () => false);
    expect(result).toMatchObject({ status: 'blocker', result: 'CloudFront VPC origins are not supported in eu-west-3' });
    expect(result.fix).toMatch(/Supported AWS Regions for VPC origins/);
  });

  test('an excepted zone id among the AZs is a blocker naming the AZ', () => {
    const zones = { names: ['us-east-1a', 'us-east-1b'], ids: { 'us-east-1a': 'use1-az6', 'us-east-1b': 'use1-az3' } };
    const [result] = checkVpcOrigin(withVpcOrigin('us-east-1'), zones, supportsVpcOrigins);
    expect(result).toMatchObject({ status: 'blocker', result: 'us-east-1b (use1-az3) cannot host a VPC origin' });
  });

  test('templates without a VPC origin need no support', () => {
    expect(checkVpcOrigin(contextOf(), ZONES, () => false)).toEqual([
      expect.objectContaining({ status: 'ok', result: 'the templates use no VPC origin' }),
    ]);
  });

  test('the documented list: the usual regions, not the ones it leaves out', () => {
    expect(['us-east-1', 'eu-west-1', 'eu-west-3', 'ap-southeast-2', 'mx-central-1'].every(supportsVpcOrigins)).toBe(true);
    expect(['us-gov-west-1', 'cn-north-1', 'eu-central-3'].some(supportsVpcOrigins)).toBe(false);
  });
});
