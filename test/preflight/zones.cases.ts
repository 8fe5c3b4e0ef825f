import { DescribeAvailabilityZonesCommand, DescribeInstanceTypeOfferingsCommand } from '@aws-sdk/client-ec2';
import { checkInstanceTypes, chooseZones } from '../../lib/preflight/zones';
import { awsError, configWith, contextOf, outcomes, REGION, ZONES, useReadyAccount } from './fixtures';

const aws = useReadyAccount();

describe('availability zones', () => {
  test('an environment-agnostic config takes the first availabilityZoneCount AZs of the region, in name order', async () => {
    aws.ec2.on(DescribeAvailabilityZonesCommand).resolves({
      AvailabilityZones: [
        { ZoneName: 'eu-west-3c', ZoneId: 'euw3-az3', State: 'available' },
        { ZoneName: 'eu-west-3b', ZoneId: 'euw3-az2', State: 'impaired' },
        { ZoneName: 'eu-west-3a', ZoneId: 'euw3-az1', State: 'available' },
      ],
    });
    const { results, zones } = await chooseZones(contextOf());
    expect(zones?.names).toEqual(['eu-west-3a', 'eu-west-3c']);
    expect(outcomes(results)).toEqual([
      'ok eu-west-3a (euw3-az1), eu-west-3c (euw3-az3): the first 2 of the region, as the stacks will pick them',
    ]);
    expect(aws.ec2.commandCalls(DescribeAvailabilityZonesCommand)[0].args[0].input).toEqual({
      Filters: [{ Name: 'zone-type', Values: ['availability-zone'] }],
    });
  });

  test('pinned AZs must all be available to the account', async () => {
    const context = {
      ...contextOf(),
      config: configWith((raw) => {
        raw.environment = { region: REGION, availabilityZones: ['eu-west-3b', 'eu-west-3d'] };
      }),
    };
    const { results, zones } = await chooseZones(context);
    expect(zones).toBeUndefined();
    expect(results).toEqual([
      expect.objectContaining({
        status: 'blocker',
        result: 'eu-west-3d listed in environment.availabilityZones is not an available AZ of this account',
      }),
    ]);
  });

  test('pinned AZs that exist are used as listed', async () => {
    const context = {
      ...contextOf(),
      config: configWith((raw) => {
        raw.environment = { region: REGION, availabilityZones: ['eu-west-3c', 'eu-west-3a'] };
      }),
    };
    const { results, zones } = await chooseZones(context);
    expect(zones?.names).toEqual(['eu-west-3c', 'eu-west-3a']);
    expect(outcomes(results)).toEqual([
      'ok eu-west-3c (euw3-az3), eu-west-3a (euw3-az1), as environment.availabilityZones lists them',
    ]);
  });

  test('a region with fewer available AZs than the config needs is a blocker', async () => {
    aws.ec2
      .on(DescribeAvailabilityZonesCommand)
      .resolves({ AvailabilityZones: [{ ZoneName: 'eu-west-3a', ZoneId: 'euw3-az1', State: 'available' }] });
    const { results, zones } = await chooseZones(contextOf());
    expect(zones).toBeUndefined();
    expect(outcomes(results)).toEqual(['blocker the region has 1 available AZ(s), network.availabilityZoneCount is 2']);
  });

  test('access denied names ec2:DescribeAvailabilityZones', async () => {
    aws.ec2
      .on(DescribeAvailabilityZonesCommand)
      .rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    const { results } = await chooseZones(contextOf());
    expect(results).toEqual([
      expect.objectContaining({
        status: 'blocker',
        result: 'not checked: access denied to ec2:DescribeAvailabilityZones',
        fix: expect.stringMatching(/^allow ec2:DescribeAvailabilityZones \(npm run preflight -- --print-policy/),
      }),
    ]);
  });
});

describe('EC2 instance types', () => {
  test('every type the templates launch is offered in every AZ', async () => {
    expect(outcomes(await checkInstanceTypes(contextOf(), ZONES))).toEqual([
      'ok t4g.medium (AppTier) offered in eu-west-3a, eu-west-3b',
      'ok t4g.nano (Bastions) offered in eu-west-3a, eu-west-3b',
      'ok t4g.small (WebTier) offered in eu-west-3a, eu-west-3b',
    ]);
    expect(aws.ec2.commandCalls(DescribeInstanceTypeOfferingsCommand)[0].args[0].input).toEqual({
      LocationType: 'availability-zone',
      Filters: [
        { Name: 'location', Values: ['eu-west-3a', 'eu-west-3b'] },
        { Name: 'instance-type', Values: ['t4g.medium', 't4g.nano', 't4g.small'] },
      ],
    });
  });

  test('a type missing from one AZ is a blocker naming the type, its users and the AZ', async () => {
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({
      InstanceTypeOfferings: [
        { InstanceType: 't4g.medium', Location: 'eu-west-3a' },
        { InstanceType: 't4g.medium', Location: 'eu-west-3b' },
        { InstanceType: 't4g.nano', Location: 'eu-west-3a' },
        { InstanceType: 't4g.small', Location: 'eu-west-3a' },
        { InstanceType: 't4g.small', Location: 'eu-west-3b' },
      ],
    });
    const results = await checkInstanceTypes(contextOf(), ZONES);
    expect(outcomes(results)).toEqual([
      'ok t4g.medium (AppTier) offered in eu-west-3a, eu-west-3b',
      'blocker t4g.nano (Bastions) not offered in eu-west-3b',
      'ok t4g.small (WebTier) offered in eu-west-3a, eu-west-3b',
    ]);
    expect(results[1].fix).toMatch(/pin environment.availabilityZones to AZs that offer t4g.nano/);
  });

  test('offerings are read across pages', async () => {
    aws.ec2
      .on(DescribeInstanceTypeOfferingsCommand)
      .resolvesOnce({ InstanceTypeOfferings: [{ InstanceType: 't4g.nano', Location: 'eu-west-3a' }], NextToken: 'page-2' })
      .resolves({ InstanceTypeOfferings: [{ InstanceType: 't4g.nano', Location: 'eu-west-3b' }] });
    const context = contextOf();
    const results = await checkInstanceTypes(
      { ...context, demand: { ...context.demand, instanceTypes: [{ instanceType: 't4g.nano', usedBy: ['Bastions'] }] } },
      ZONES,
    );
    expect(outcomes(results)).toEqual(['ok t4g.nano (Bastions) offered in eu-west-3a, eu-west-3b']);
    expect(aws.ec2.commandCalls(DescribeInstanceTypeOfferingsCommand)[1].args[0].input).toMatchObject({ NextToken: 'page-2' });
  });
});
