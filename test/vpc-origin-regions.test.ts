import { ConfigError, parseConfig } from '../lib/config/load';
import {
  supportsVpcOrigins,
  VPC_ORIGIN_REGIONS,
  VPC_ORIGIN_REGIONS_CHECKED,
  VPC_ORIGIN_REGIONS_SOURCE,
} from '../lib/config/vpc-origin-regions';
import { defaultConfig, exampleConfig, rawDefaultConfig } from './helpers';

describe('regions with CloudFront VPC origins', () => {
  test('the table is data with its source and the date it was checked', () => {
    expect(VPC_ORIGIN_REGIONS_SOURCE).toMatch(
      /^https:\/\/docs\.aws\.amazon\.com\/AmazonCloudFront\/.*vpc-origins-supported-regions$/,
    );
    expect(VPC_ORIGIN_REGIONS_CHECKED).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const regions = VPC_ORIGIN_REGIONS.map((entry) => entry.region);
    expect(new Set(regions).size).toBe(regions.length);
    for (const entry of VPC_ORIGIN_REGIONS) {
      expect(entry.region).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
      for (const azId of entry.unsupportedAzIds) expect(azId).toMatch(/^[a-z]+\d-az\d$/);
    }
  });

  test.each(['eu-west-3', 'eu-west-1', 'us-east-1', 'ap-northeast-1', 'mx-central-1'])('%s supports them', (region) => {
    expect(supportsVpcOrigins(region)).toBe(true);
  });

  test.each(['us-gov-west-1', 'cn-north-1', 'eu-west-9', ''])('%j does not', (region) => {
    expect(supportsVpcOrigins(region)).toBe(false);
  });

  test('the default, the example and its DR copy region are all supported', () => {
    for (const config of [defaultConfig(), exampleConfig()]) {
      if (config.environment) expect(supportsVpcOrigins(config.environment.region)).toBe(true);
      if (config.disasterRecovery.copyToRegion) expect(supportsVpcOrigins(config.disasterRecovery.copyToRegion)).toBe(true);
    }
  });

  test('a config pinned to a region without VPC origins is refused with one line naming field, value and fix', () => {
    const raw = rawDefaultConfig();
    // A region of the aws partition (the only one the POC deploys to) that VPC origins have not reached.
    raw.environment = { region: 'ap-southeast-6' };
    raw.disasterRecovery = { ...raw.disasterRecovery, copyToRegion: 'ap-southeast-2' };
    let problems: readonly string[] = [];
    try {
      parseConfig(raw, 'test.yaml');
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.problems;
    }
    expect(problems).toEqual([
      `environment.region ("ap-southeast-6"): has no CloudFront VPC origins, the only way CloudFront reaches the POC's internal web load balancer; pin a supported region such as eu-west-3 (list: ${VPC_ORIGIN_REGIONS_SOURCE})`,
    ]);
  });
});
