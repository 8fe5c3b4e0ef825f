import Big from 'big.js';
import { Database, Inventory } from './inventory';
import { ExtendedSupportStatus, Scale } from './lines';
import { hoursOf, LineBuilder, plural, same, scaled } from './line-builder';
import { PriceTable } from './price-table';
import { priceEdge, priceMonitoring, priceSecurity } from './pricing-services';

/** What each inventory item costs a month: quantity x unit price per line, from the price table. */

export function priceInventory(inventory: Inventory, builder: LineBuilder, table: PriceTable): ExtendedSupportStatus[] {
  priceCompute(inventory, builder);
  priceNetwork(inventory, builder);
  const extendedSupport = inventory.databases.map((db) => priceDatabase(db, builder, table));
  for (const cache of inventory.caches) {
    builder.instance(
      'elasticache',
      cache.nodeType,
      {
        service: 'Amazon ElastiCache',
        item: `${cache.nodeType} x ${cache.nodes} nodes (${cache.engine}), ${cache.name}`,
        unit: 'node-hour',
      },
      hoursOf(builder, same(cache.nodes)),
    );
  }
  priceEdge(inventory, builder);
  priceMonitoring(inventory, builder);
  priceSecurity(inventory, builder);
  return extendedSupport;
}

function priceCompute(inventory: Inventory, builder: LineBuilder): void {
  for (const fleet of inventory.fleets.filter((f) => f.kind === 'auto-scaling-group')) {
    builder.instance(
      'ec2',
      fleet.instanceType,
      {
        service: 'Amazon EC2',
        item: `${fleet.instanceType} x ${fleet.min}-${fleet.max}, Auto Scaling group ${fleet.name}`,
        unit: 'instance-hour',
      },
      hoursOf(builder, { min: fleet.min, max: fleet.max }),
    );
  }
  const standalone = new Map<string, string[]>();
  for (const fleet of inventory.fleets.filter((f) => f.kind === 'instance')) {
    standalone.set(fleet.instanceType, [...(standalone.get(fleet.instanceType) ?? []), fleet.name]);
  }
  for (const [type, names] of [...standalone.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    builder.instance(
      'ec2',
      type,
      { service: 'Amazon EC2', item: `${type} x ${names.length}, instances ${names.join(', ')}`, unit: 'instance-hour' },
      hoursOf(builder, same(names.length)),
    );
  }
  const volumes = inventory.fleets.filter((fleet) => fleet.gp3GiB > 0);
  if (volumes.length > 0) {
    const gib = (scale: Scale) => volumes.reduce((total, fleet) => total + fleet.gp3GiB * fleet[scale], 0);
    builder.rate('Amazon EBS', 'gp3 volumes of every instance', 'GB-month', 'ebsGp3GbMonth', {
      min: gib('min'),
      max: gib('max'),
    });
  }
  const monitored = inventory.fleets.filter((fleet) => fleet.detailedMonitoring);
  if (monitored.length > 0) {
    // EC2 detailed monitoring is billed as 7 metrics per instance at the custom-metric rate.
    const metrics = (scale: Scale) => monitored.reduce((total, fleet) => total + 7 * fleet[scale], 0);
    builder.rate(
      'Amazon CloudWatch',
      'EC2 detailed monitoring (7 metrics per instance)',
      'metric-month',
      'cloudWatchMetricMonth',
      {
        min: metrics('min'),
        max: metrics('max'),
      },
    );
  }
}

function priceNetwork(inventory: Inventory, builder: LineBuilder): void {
  if (inventory.natGateways > 0) {
    builder.rate(
      'Amazon VPC',
      plural(inventory.natGateways, 'NAT gateway'),
      'gateway-hour',
      'natGatewayHour',
      hoursOf(builder, same(inventory.natGateways)),
    );
    builder.assumed('Amazon VPC', 'NAT gateway data processing', 'GB', 'natGatewayGb', 'natProcessedGb');
  }
  const publicInstances = (scale: Scale) =>
    inventory.fleets.filter((fleet) => fleet.publicIp).reduce((total, fleet) => total + fleet[scale], 0);
  const albAddresses = inventory.loadBalancers.filter((lb) => lb.internetFacing).reduce((total, lb) => total + lb.subnets, 0);
  const addresses = (scale: Scale) => inventory.elasticIps + publicInstances(scale) + albAddresses;
  if (addresses('max') > 0) {
    builder.rate(
      'Amazon VPC',
      `public IPv4 addresses (${plural(inventory.elasticIps, 'Elastic IP')}, ${plural(publicInstances('min'), 'instance')} at minimum scale, ${plural(albAddresses, 'internet-facing ALB node')})`,
      'address-hour',
      'publicIpv4Hour',
      hoursOf(builder, { min: addresses('min'), max: addresses('max') }),
    );
  }
  const albs = inventory.loadBalancers.length;
  if (albs > 0) {
    const internal = inventory.loadBalancers.filter((lb) => !lb.internetFacing).length;
    builder.rate(
      'Elastic Load Balancing',
      `${plural(albs, 'Application Load Balancer')} (${albs - internal} internet-facing, ${internal} internal)`,
      'ALB-hour',
      'albHour',
      hoursOf(builder, same(albs)),
    );
    builder.rate(
      'Elastic Load Balancing',
      'load balancer capacity units',
      'LCU-hour',
      'albLcuHour',
      hoursOf(builder, scaled(same(albs), builder.assumption('albLcuPerLoadBalancer'))),
      {
        assumptions: ['albLcuPerLoadBalancer'],
      },
    );
  }
}

/** The support status of a database the price table has no support dates for. */
function withoutSupportBand(db: Database): ExtendedSupportStatus {
  return {
    database: db.name,
    engine: db.engine,
    engineVersion: db.engineVersion,
    endOfStandardSupport: '',
    band: 'none',
    disabled: false,
  };
}

function priceDatabase(db: Database, builder: LineBuilder, table: PriceTable): ExtendedSupportStatus {
  const instances = db.multiAz ? 2 : 1;
  const deployment = db.multiAz ? 'Multi-AZ (primary + standby)' : 'Single-AZ';
  if (db.engine !== 'mysql') {
    builder.problem(`${db.name}: no prices for RDS engine "${db.engine}" (the price table covers mysql)`);
    return withoutSupportBand(db);
  }
  const priced = builder.instance(
    'rdsMysql',
    db.instanceClass,
    { service: 'Amazon RDS', item: `MySQL ${db.engineVersion} ${db.instanceClass}, ${deployment}`, unit: 'instance-hour' },
    hoursOf(builder, same(instances)),
  );
  if (db.storageType !== 'gp3') {
    builder.problem(`${db.name}: RDS StorageType "${db.storageType}" has no price in the estimate (only gp3)`);
  } else {
    builder.rate(
      'Amazon RDS',
      `gp3 storage, ${db.allocatedGiB}-${db.maxAllocatedGiB} GiB x ${instances} (storage autoscaling)`,
      'GB-month',
      'rdsGp3GbMonth',
      {
        min: db.allocatedGiB * instances,
        max: db.maxAllocatedGiB * instances,
      },
    );
  }
  const change = builder.assumption('rdsDailyChangePercent');
  builder.rate(
    'Amazon RDS',
    `automated backups beyond the free allowance (${db.backupRetentionDays}-day retention)`,
    'GB-month',
    'rdsBackupGbMonth',
    {
      min: new Big(db.allocatedGiB).times(change.min).div(100).times(db.backupRetentionDays),
      max: new Big(db.maxAllocatedGiB).times(change.max).div(100).times(db.backupRetentionDays),
    },
    { assumptions: ['rdsDailyChangePercent'] },
  );

  const lifecycle = table.rdsEngineLifecycle.engines[db.engine]?.[db.majorVersion];
  if (!lifecycle) {
    builder.problem(
      `${db.name}: no support dates for ${db.engine} ${db.majorVersion} in the price table: add rdsEngineLifecycle.engines.${db.engine}."${db.majorVersion}" from the RDS release calendar`,
    );
    return withoutSupportBand(db);
  }
  const disabled = db.lifecycleSupport === 'open-source-rds-extended-support-disabled';
  const asOf = table.asOf;
  let band: ExtendedSupportStatus['band'] = 'none';
  if (asOf > lifecycle.endOfStandardSupport && !disabled) {
    if (asOf > lifecycle.endOfExtendedSupport) {
      builder.problem(
        `${db.name}: ${db.engine} ${db.majorVersion} is past the end of RDS Extended Support (${lifecycle.endOfExtendedSupport}) on ${asOf}: RDS upgrades it; choose a supported version`,
      );
    } else {
      band = asOf > lifecycle.endOfExtendedSupportYear2 ? 'year 3' : 'year 1-2';
    }
  }
  const rateKey = band === 'year 3' ? 'rdsExtendedSupportYear3VcpuHour' : 'rdsExtendedSupportYear1to2VcpuHour';
  if (band !== 'none' && !priced) {
    // The vCPU count comes with the instance price: without it the charge cannot be counted either.
    builder.missingPrice(
      {
        service: 'Amazon RDS',
        item: `Extended Support for MySQL ${db.majorVersion} (${band} rate): vCPUs of ${db.instanceClass} x ${instances} instances`,
        unit: 'vCPU-hour',
      },
      `rdsMysql.prices.${db.instanceClass}.vcpu`,
    );
  }
  if (band !== 'none' && priced) {
    if (priced.vcpu === undefined) {
      builder.problem(
        `${db.instanceClass}: no vcpu count in the rdsMysql price table, needed for the RDS Extended Support charge`,
      );
    } else {
      builder.rate(
        'Amazon RDS',
        `Extended Support for MySQL ${db.majorVersion} (${band} rate): ${priced.vcpu} vCPU x ${instances} instances`,
        'vCPU-hour',
        rateKey,
        hoursOf(builder, same(priced.vcpu * instances)),
        { extendedSupport: true },
      );
    }
  }
  return {
    database: db.name,
    engine: db.engine,
    engineVersion: db.engineVersion,
    endOfStandardSupport: lifecycle.endOfStandardSupport,
    band,
    disabled,
  };
}
