import { isObject } from './assembly';
import { ResourceIndex } from './resources';
import { PropertyReader, Source, sourceOf } from './source';
import { dataEventBucketKeys } from './trail-selectors';
import { servicePattern } from './vpc';

export interface Trail {
  readonly source: Source;
  /** `IsLogging: false` trails record nothing. */
  readonly logging: boolean;
  /** How many objects or prefixes its data selectors name; `all`: a data selector names none (every object). */
  readonly dataEventResources: number | 'all';
  /** Keys of the buckets whose S3 data events (reads and writes) it records. */
  readonly dataEventBuckets: readonly string[];
  /** The key of the bucket it delivers its log files to. */
  readonly bucket?: string;
  readonly multiRegion: boolean;
  /** `EnableLogFileValidation`: CloudTrail signs digest files, so a changed or deleted log file is detected. */
  readonly logFileValidation: boolean;
}

export interface ThreatDetector {
  readonly source: Source;
  readonly enabled: boolean;
  /** The protection plans (detector Features) it enables, sorted. */
  readonly features: readonly string[];
  /** Every protection plan the template sets, in its order, with its status and additional configuration. */
  readonly plans: readonly DetectorPlan[];
}

export interface DetectorPlan {
  readonly name: string;
  /** `ENABLED` or `DISABLED`, as the template writes it. */
  readonly status: string;
  readonly additional: readonly { readonly name: string; readonly status: string }[];
}

export interface VpcEndpoint {
  readonly source: Source;
  /** `Gateway` when the template leaves it out. */
  readonly endpointType: string;
  readonly vpc?: string;
  /** The service name when it resolves to a literal. */
  readonly serviceName?: string;
  /** The service name with the region left as `<region>` (`com.amazonaws.<region>.s3`). */
  readonly servicePattern: string;
  /** Keys of the route tables a gateway endpoint adds its prefix-list route to. */
  readonly routeTables: readonly string[];
}

export function trailsOf(index: ResourceIndex): Trail[] {
  return index.sortedOfType('AWS::CloudTrail::Trail').map((entry) => {
    const trail = new PropertyReader(index, entry);
    return {
      source: sourceOf(entry),
      logging: trail.literal(entry.props.IsLogging) !== 'false',
      dataEventResources: dataEventResources(trail),
      dataEventBuckets: dataEventBucketKeys(index, entry),
      bucket: trail.keyOf(entry.props.S3BucketName),
      multiRegion: trail.flag(entry.props.IsMultiRegionTrail),
      logFileValidation: trail.flag(entry.props.EnableLogFileValidation),
    };
  });
}

/**
 * How many S3 objects or prefixes a trail's basic or advanced selectors record data events of;
 * 'all' when a data selector names no resource (every object of the account).
 */
function dataEventResources(trail: PropertyReader): number | 'all' {
  const basic = trail
    .objects(trail.props.EventSelectors)
    .flatMap((selector) => trail.objects(selector.DataResources))
    .flatMap((resource) => (Array.isArray(resource.Values) ? resource.Values : []));
  const dataSelectors = trail
    .objects(trail.props.AdvancedEventSelectors)
    .map((selector) => trail.objects(selector.FieldSelectors))
    .filter((fields) =>
      fields.some((field) => field.Field === 'eventCategory' && Array.isArray(field.Equals) && field.Equals.includes('Data')),
    );
  const scopes = dataSelectors.map((fields) =>
    fields
      .filter((field) => field.Field === 'resources.ARN')
      .flatMap((field) => (Array.isArray(field.StartsWith) ? field.StartsWith : Array.isArray(field.Equals) ? field.Equals : [])),
  );
  if (scopes.some((scope) => scope.length === 0)) return 'all';
  return basic.length + scopes.reduce((total, scope) => total + scope.length, 0);
}

export function threatDetectorsOf(index: ResourceIndex): ThreatDetector[] {
  return index.sortedOfType('AWS::GuardDuty::Detector').map((entry) => {
    const detector = new PropertyReader(index, entry);
    return {
      source: sourceOf(entry),
      enabled: detector.literal(entry.props.Enable) !== 'false',
      features: detector
        .objects(entry.props.Features)
        .filter((feature) => feature.Status === 'ENABLED' && typeof feature.Name === 'string')
        .map((feature) => String(feature.Name))
        .sort(),
      plans: detector.objects(entry.props.Features).map((feature) => ({
        name: String(feature.Name),
        status: String(feature.Status),
        additional: detector
          .objects(feature.AdditionalConfiguration)
          .map((extra) => ({ name: String(extra.Name), status: String(extra.Status) })),
      })),
    };
  });
}

export function vpcEndpointsOf(index: ResourceIndex): VpcEndpoint[] {
  return index.sortedOfType('AWS::EC2::VPCEndpoint').map((entry) => ({
    source: sourceOf(entry),
    endpointType: index.literal(entry.stack, entry.props.VpcEndpointType) ?? 'Gateway',
    vpc: index.keyOf(entry.stack, entry.props.VpcId),
    serviceName: index.literal(entry.stack, entry.props.ServiceName),
    servicePattern: servicePattern(entry.props.ServiceName),
    routeTables: index.keysOf(entry.stack, entry.props.RouteTableIds),
  }));
}

/** Amazon Inspector v2 has no CloudFormation resource: the kit enables it with an AwsCustomResource. */
export function inspectorEnablementsOf(index: ResourceIndex): Source[] {
  return index
    .sortedOfType('Custom::AWS')
    .filter((entry) => {
      if (typeof entry.props.Create !== 'string') return false;
      let call: unknown;
      try {
        call = JSON.parse(entry.props.Create);
      } catch {
        return false;
      }
      if (!isObject(call)) return false;
      const types = isObject(call.parameters) ? call.parameters.resourceTypes : undefined;
      return (
        String(call.service).toLowerCase() === 'inspector2' &&
        String(call.action).toLowerCase() === 'enable' &&
        Array.isArray(types) &&
        types.includes('EC2')
      );
    })
    .map(sourceOf);
}
