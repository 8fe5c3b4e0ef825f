import { DescribeAvailabilityZonesCommand, paginateDescribeInstanceTypeOfferings } from '@aws-sdk/client-ec2';
import { call, guarded } from './aws';
import { PreflightContext, ZoneChoice } from './context';
import { blocker, CheckResult, ok } from './result';

const ZONES_CHECK = 'Availability zones';
const INSTANCE_TYPE_CHECK = 'EC2 instance type';

/**
 * The AZs the VPC will span: environment.availabilityZones when the config lists them, else the
 * first availabilityZoneCount AZs of the region (what Fn::GetAZs and CDK's AZ look-up return,
 * in name order). Each must be available to this account.
 */
export async function chooseZones(context: PreflightContext): Promise<{ results: CheckResult[]; zones?: ZoneChoice }> {
  const region = context.primaryRegion;
  let zones: ZoneChoice | undefined;
  const results = await guarded(ZONES_CHECK, region, async () => {
    const response = await call('ec2:DescribeAvailabilityZones', () =>
      context
        .clients(region)
        .ec2.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'zone-type', Values: ['availability-zone'] }] })),
    );
    const available = (response.AvailabilityZones ?? [])
      .filter((zone) => zone.State === 'available' && zone.ZoneName && zone.ZoneId)
      .sort((a, b) => (a.ZoneName as string).localeCompare(b.ZoneName as string));
    const ids = Object.fromEntries(available.map((zone) => [zone.ZoneName as string, zone.ZoneId as string]));
    const pinned = context.config.environment?.availabilityZones;
    const count = context.config.network.availabilityZoneCount;
    if (pinned) {
      const missing = pinned.filter((name) => ids[name] === undefined);
      if (missing.length > 0) {
        return [
          blocker(
            ZONES_CHECK,
            region,
            `${missing.join(', ')} listed in environment.availabilityZones ${missing.length > 1 ? 'are' : 'is'} not an available AZ of this account`,
            `list AZs that aws ec2 describe-availability-zones --region ${region} shows as available`,
          ),
        ];
      }
      zones = { names: [...pinned], ids };
      return [ok(ZONES_CHECK, region, `${describeZones(zones)}, as environment.availabilityZones lists them`)];
    }
    if (available.length < count) {
      return [
        blocker(
          ZONES_CHECK,
          region,
          `the region has ${available.length} available AZ(s), network.availabilityZoneCount is ${count}`,
          `deploy to a region with ${count} AZs or lower network.availabilityZoneCount`,
        ),
      ];
    }
    zones = { names: available.slice(0, count).map((zone) => zone.ZoneName as string), ids };
    return [ok(ZONES_CHECK, region, `${describeZones(zones)}: the first ${count} of the region, as the stacks will pick them`)];
  });
  return { results, zones };
}

export function describeZones(zones: ZoneChoice): string {
  return zones.names.map((name) => `${name} (${zones.ids[name]})`).join(', ');
}

/** Every instance type the templates launch is offered in every AZ of the VPC. */
export async function checkInstanceTypes(context: PreflightContext, zones: ZoneChoice): Promise<CheckResult[]> {
  const region = context.primaryRegion;
  const wanted = context.demand.instanceTypes;
  if (wanted.length === 0) return [];
  return guarded(INSTANCE_TYPE_CHECK, region, async () => {
    const offered = await call('ec2:DescribeInstanceTypeOfferings', async () => {
      const pairs = new Set<string>();
      const pages = paginateDescribeInstanceTypeOfferings(
        { client: context.clients(region).ec2 },
        {
          LocationType: 'availability-zone',
          Filters: [
            { Name: 'location', Values: [...zones.names] },
            { Name: 'instance-type', Values: wanted.map((entry) => entry.instanceType) },
          ],
        },
      );
      for await (const page of pages) {
        for (const offering of page.InstanceTypeOfferings ?? []) pairs.add(`${offering.InstanceType}@${offering.Location}`);
      }
      return pairs;
    });
    return wanted.map(({ instanceType, usedBy }) => {
      const label = `${instanceType} (${usedBy.join(', ')})`;
      const missing = zones.names.filter((zone) => !offered.has(`${instanceType}@${zone}`));
      if (missing.length === 0) return ok(INSTANCE_TYPE_CHECK, region, `${label} offered in ${zones.names.join(', ')}`);
      return blocker(
        INSTANCE_TYPE_CHECK,
        region,
        `${label} not offered in ${missing.join(', ')}`,
        `choose an instance type offered in every AZ (aws ec2 describe-instance-type-offerings --location-type availability-zone --region ${region}), or pin environment.availabilityZones to AZs that offer ${instanceType}`,
      );
    });
  });
}
