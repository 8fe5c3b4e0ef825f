import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { fetchRegionPrices, NoCredentialsError, parsePriceListItem, regionProblem, selectPrice } from '../../lib/cost/price-list';
import { mergeRegion } from '../../lib/cost/price-merge';
import { filtersOf, instanceSpec, rateSpecs } from '../../lib/cost/price-specs';
import { loadPriceTable, RATE_KEYS } from '../../lib/cost/price-table';
import { fakePriceList, priceListEntry, PUBLICATION_DATE } from './price-list-fixtures';

const client = () =>
  new PricingClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });

/** An m7g.large Linux on-demand product of eu-west-3 as GetProducts returns it. */
const m7gLarge = priceListEntry({
  sku: 'Q3JBBVNA9XJY3ZAJ',
  serviceCode: 'AmazonEC2',
  productFamily: 'Compute Instance',
  attributes: {
    instanceType: 'm7g.large',
    regionCode: 'eu-west-3',
    location: 'EU (Paris)',
    operatingSystem: 'Linux',
    tenancy: 'Shared',
    preInstalledSw: 'NA',
    capacitystatus: 'Used',
    operation: 'RunInstances',
    usagetype: 'EUW3-BoxUsage:m7g.large',
    vcpu: '2',
  },
  dimensions: [{ unit: 'Hrs', usd: '0.0952000000', description: '$0.0952 per On Demand Linux m7g.large Instance Hour' }],
});

describe('parsing GetProducts PriceList entries (the documented format)', () => {
  test('reads product, SKU, attributes, on-demand price dimensions and the publication date', () => {
    const item = parsePriceListItem(m7gLarge);
    expect(item.product.sku).toBe('Q3JBBVNA9XJY3ZAJ');
    expect(item.publicationDate).toBe(PUBLICATION_DATE);
    expect(Object.values(item.terms.OnDemand ?? {})[0].priceDimensions).toEqual({
      'Q3JBBVNA9XJY3ZAJ.JRTCKXETXF.6YS6EN2CT7': expect.objectContaining({ unit: 'Hrs', pricePerUnit: { USD: '0.0952000000' } }),
    });
    expect(selectPrice([item], instanceSpec('ec2', 'm7g.large'))).toEqual({
      usd: 0.0952,
      priceList: { sku: 'Q3JBBVNA9XJY3ZAJ', publicationDate: PUBLICATION_DATE },
      attributes: expect.objectContaining({ vcpu: '2' }),
    });
  });

  test('an entry of another shape is an error naming the field', () => {
    const broken = JSON.parse(m7gLarge) as Record<string, unknown>;
    delete broken.publicationDate;
    expect(() => parsePriceListItem(JSON.stringify(broken))).toThrow('unexpected Price List entry: publicationDate:');
  });
});

describe('choosing the price a spec selects', () => {
  const entry = (sku: string, usageType: string, dimensions: Parameters<typeof priceListEntry>[0]['dimensions']) =>
    parsePriceListItem(
      priceListEntry({
        sku,
        serviceCode: 'AmazonCloudWatch',
        attributes: { usagetype: usageType, regionCode: 'eu-west-3' },
        dimensions,
      }),
    );
  const specs = rateSpecs('eu-west-3');

  test('the first paid tier, not the free one; the unit converted to the table unit', () => {
    const alarms = entry('ALARMSKU00000001', 'EUW3-CW:AlarmMonitorUsage', [
      { unit: 'Alarms', usd: '0.0000000000', beginRange: '0', endRange: '10' },
      { unit: 'Alarms', usd: '0.1000000000', beginRange: '10' },
    ]);
    expect(selectPrice([alarms], specs.cloudWatchAlarmMonth)).toMatchObject({ usd: 0.1 });
    const requests = entry('KMSREQ0000000001', 'EUW3-KMS-Requests', [{ unit: 'Requests', usd: '0.0000030000' }]);
    expect(selectPrice([requests], specs.kmsRequests10k)).toMatchObject({ usd: 0.03 });
  });

  test('the usage type tells the NAT gateway hour from its data processing', () => {
    const hours = entry('NATHOURS00000001', 'EUW3-NatGateway-Hours', [{ unit: 'Hrs', usd: '0.0500000000' }]);
    const bytes = entry('NATBYTES00000001', 'EUW3-NatGateway-Bytes', [{ unit: 'GB', usd: '0.0500000000' }]);
    expect(selectPrice([hours, bytes], specs.natGatewayHour)).toMatchObject({ priceList: { sku: 'NATHOURS00000001' } });
    expect(selectPrice([hours, bytes], specs.natGatewayGb)).toMatchObject({ priceList: { sku: 'NATBYTES00000001' } });
  });

  test('never guesses: an unknown unit, nothing matching, or products of different prices are problems', () => {
    const perMillion = entry('KMSREQ0000000002', 'EUW3-KMS-Requests', [{ unit: 'Million Requests', usd: '3.0' }]);
    expect(selectPrice([perMillion], specs.kmsRequests10k)).toBe(
      'priced in "Million Requests", not in a unit the spec knows (Requests)',
    );
    expect(selectPrice([], specs.kmsRequests10k)).toBe('no product with an on-demand price matches');
    const a = entry('KMSREQ0000000003', 'EUW3-KMS-Requests', [{ unit: 'Requests', usd: '0.000003' }]);
    const b = entry('KMSREQ0000000004', 'EUW3-KMS-Requests', [{ unit: 'Requests', usd: '0.000004' }]);
    expect(selectPrice([a, b], specs.kmsRequests10k)).toBe(
      '2 products match with different prices (KMSREQ0000000003 0.03 USD, KMSREQ0000000004 0.04 USD): the spec must select one',
    );
  });

  test('only commercial regions are priced', () => {
    expect(regionProblem('ap-southeast-5')).toBeUndefined();
    expect(regionProblem('us-gov-west-1')).toMatch(/^--region us-gov-west-1: not a commercial AWS region code/);
    expect(regionProblem('cn-north-1')).toBeDefined();
    expect(regionProblem('paris')).toBeDefined();
  });
});

describe('fetching a region from the Price List Query API (mocked)', () => {
  const table = loadPriceTable();
  const types = { ec2: ['m7g.large', 't4g.small'], rdsMysql: ['db.m7g.large'], elasticache: ['cache.t4g.micro'] };

  test('one GetProducts query per price, filtered by the region code and the spec attributes, every page read', async () => {
    const mock = fakePriceList('ap-southeast-5', types);
    const fetched = await fetchRegionPrices(client(), 'ap-southeast-5', types);
    expect(fetched.problems).toEqual([]);
    expect(Object.keys(fetched.rates).sort()).toEqual([...RATE_KEYS].sort());
    expect(fetched.instances.rdsMysql['db.m7g.large']).toMatchObject({ usd: 0.01, attributes: { vcpu: '2' } });
    const queries = mock.commandCalls(GetProductsCommand).map((call) => call.args[0].input);
    // Two pages per price: the first carries a NextToken.
    expect(queries).toHaveLength(2 * (RATE_KEYS.length + 4));
    expect(queries).toContainEqual(
      expect.objectContaining({
        ServiceCode: 'AmazonEC2',
        FormatVersion: 'aws_v1',
        MaxResults: 100,
        Filters: [
          { Type: 'TERM_MATCH', Field: 'productFamily', Value: 'NAT Gateway' },
          { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'ap-southeast-5' },
          { Type: 'CONTAINS', Field: 'usagetype', Value: 'NatGateway-Hours' },
        ],
      }),
    );
    // CloudFront is priced where the viewers are, never by region code.
    const cloudFront = queries.filter((query) => query.ServiceCode === 'AmazonCloudFront');
    expect(cloudFront.flatMap((query) => query.Filters ?? []).some((filter) => filter.Field === 'regionCode')).toBe(false);
    expect(filtersOf(rateSpecs('ap-southeast-5').cloudFrontDataOutGb, 'ap-southeast-5')).toContainEqual({
      Type: 'TERM_MATCH',
      Field: 'fromLocation',
      Value: 'Asia Pacific',
    });
    mock.restore();
  });

  test('merged into the region block: fetched prices carry SKU and date, the rest keeps the table figure', async () => {
    const mock = fakePriceList('eu-west-3', types, { absent: ['rates.albHour', 'ec2.prices.t4g.small'] });
    const fetched = await fetchRegionPrices(client(), 'eu-west-3', types);
    expect(fetched.problems).toEqual([
      'rates.albHour: no product with an on-demand price matches (AWSELB productFamily=Load Balancer-Application, regionCode=eu-west-3, usagetype~LoadBalancerUsage)',
      expect.stringMatching(
        /^ec2\.prices\.t4g\.small: no product with an on-demand price matches \(AmazonEC2 instanceType=t4g\.small, /,
      ),
    ]);
    const { block, missing } = mergeRegion(fetched, table.regions['eu-west-3'], 'eu-west-3');
    expect(missing).toEqual([]);
    expect(block.name).toBe('Europe (Paris)');
    expect(block.rates.natGatewayHour).toEqual({
      usd: 0.01,
      source: 'vpc',
      priceList: { sku: expect.stringMatching(/^[A-Z0-9]{16}$/), publicationDate: PUBLICATION_DATE },
    });
    expect(block.rates.albHour).toEqual(table.regions['eu-west-3'].rates.albHour);
    expect(block.ec2.prices['t4g.small']).toEqual(table.regions['eu-west-3'].ec2.prices['t4g.small']);
    expect(block.rdsMysql.prices['db.m7g.large']).toMatchObject({ vcpu: 2, priceList: { publicationDate: PUBLICATION_DATE } });
    mock.restore();
  });

  test('a new region: what the Price List does not give is missing, named by key', async () => {
    const mock = fakePriceList('ap-southeast-5', types, { absent: ['rates.backupWarmGbMonth'] });
    const fetched = await fetchRegionPrices(client(), 'ap-southeast-5', types);
    const { block, missing } = mergeRegion(fetched, undefined, 'ap-southeast-5');
    expect(missing).toEqual(['rates.backupWarmGbMonth']);
    expect(block.name).toBe('EU (Paris)');
    mock.restore();
  });

  test('no credentials: NoCredentialsError, one line saying what to set', async () => {
    const mock = mockClient(PricingClient);
    const missing = new Error('Could not load credentials from any providers');
    missing.name = 'CredentialsProviderError';
    mock.on(GetProductsCommand).rejects(missing);
    await expect(fetchRegionPrices(client(), 'eu-west-3', types)).rejects.toThrow(NoCredentialsError);
    await expect(fetchRegionPrices(client(), 'eu-west-3', types)).rejects.toThrow(/^no AWS credentials: .*AWS_PROFILE/);
    mock.restore();
  });
});
