import { zoneLabel } from '../analysis';
import { compareZones } from '../analysis/analyze';
import { IndexedResource, isObject } from '../model';
import { Endpoint, ZoneId } from '../model';
import { formatRange } from '../model/ranges';
import { DocsModel, referrersOf, subnetAz, subnetTier } from './assembly-model';

/**
 * What runs in the VPC, one entry per network endpoint of the segmentation analysis (load
 * balancers, Auto Scaling groups, instances, the database and its cache, the rotation function),
 * with the sizing the templates give it and the traffic the analysis lets in.
 */
export interface Component {
  readonly zone: ZoneId;
  readonly name: string;
  readonly kind: string;
  /** Subnet tiers the endpoint sits in (public, web, app, data). */
  readonly tiers: readonly string[];
  readonly azs: readonly string[];
  readonly instanceType?: string;
  readonly min?: number;
  readonly max?: number;
  /** Allowed inbound traffic from the analysis, e.g. `tcp 80 from web load balancer`. */
  readonly inbound: readonly string[];
  readonly publicIp: boolean;
  /** Facts worth a line in a diagram box: listeners, engine, image. */
  readonly details: readonly string[];
}

export function componentsOf(model: DocsModel): Component[] {
  return model.placements.endpoints
    .map((endpoint) => componentOf(model, endpoint))
    .sort((a, b) => compareZones(a.zone, b.zone) || a.name.localeCompare(b.name));
}

export function inboundOf(model: DocsModel, zone: ZoneId): string[] {
  return model.analysis.flows
    .filter((flow) => flow.to === zone)
    .map((flow) => `${flow.protocol} ${formatRange(flow.ports)} from ${zoneLabel(flow.from)}`);
}

function componentOf(model: DocsModel, endpoint: Endpoint): Component {
  const { index } = model;
  const subnets = endpoint.placements.map((placement) => placement.subnet);
  const base = {
    zone: endpoint.zone,
    name: endpoint.name.replace(/\/Resource( |$)/, '$1'),
    kind: endpoint.kind,
    tiers: [...new Set(subnets.map((subnet) => subnetTier(index, subnet)))],
    azs: [...new Set(subnets.map((subnet) => subnetAz(index, subnet)))].sort(),
    inbound: inboundOf(model, endpoint.zone),
    publicIp: endpoint.placements.some((placement) => placement.publicIp),
  };
  const entry = index.get(endpoint.key.split('#')[0]);
  if (!entry) return { ...base, details: [] };
  const literal = (value: unknown) => index.literal(entry.stack, value);
  switch (entry.resource.Type) {
    case 'AWS::AutoScaling::AutoScalingGroup': {
      const launch = launchDataOf(model, entry);
      return {
        ...base,
        instanceType: launch.instanceType,
        min: Number(literal(entry.props.MinSize)),
        max: Number(literal(entry.props.MaxSize)),
        details: launch.image ? [`image: ${launch.image}`] : [],
      };
    }
    case 'AWS::EC2::Instance': {
      const launch = launchDataOf(model, entry);
      return {
        ...base,
        instanceType: literal(entry.props.InstanceType) ?? launch.instanceType,
        min: 1,
        max: 1,
        details: launch.image ? [`image: ${launch.image}`] : [],
      };
    }
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      return { ...base, details: listenersOf(model, entry).map((listener) => listener.text) };
    case 'AWS::RDS::DBInstance': {
      if (endpoint.key.includes('#')) {
        const option = endpoint.key.split('#')[1];
        return { ...base, details: [`${option} option of the DB instance`] };
      }
      const multiAz = literal(entry.props.MultiAZ) === 'true';
      return {
        ...base,
        instanceType: literal(entry.props.DBInstanceClass),
        min: 1,
        max: 1,
        details: [
          `${literal(entry.props.Engine) ?? 'engine ?'} ${literal(entry.props.EngineVersion) ?? ''}`.trim(),
          multiAz ? 'Multi-AZ (primary + standby)' : 'single AZ',
          `port ${literal(entry.props.Port) ?? 'default'}`,
        ],
      };
    }
    case 'AWS::ElastiCache::CacheCluster': {
      const nodes = Number(literal(entry.props.NumCacheNodes) ?? 1);
      return {
        ...base,
        instanceType: literal(entry.props.CacheNodeType),
        min: nodes,
        max: nodes,
        details: [`${literal(entry.props.Engine) ?? 'cache'} x ${nodes}`],
      };
    }
    default:
      return { ...base, details: [] };
  }
}

interface LaunchData {
  readonly instanceType?: string;
  readonly image?: string;
}

/** Instance type and image of an Auto Scaling group's or instance's launch template. */
function launchDataOf(model: DocsModel, entry: IndexedResource): LaunchData {
  const { index } = model;
  const specification = isObject(entry.props.LaunchTemplate) ? entry.props.LaunchTemplate : undefined;
  let template: IndexedResource | undefined;
  if (specification?.LaunchTemplateId !== undefined) {
    const key = index.keyOf(entry.stack, specification.LaunchTemplateId);
    template = key ? index.get(key) : undefined;
  } else if (specification?.LaunchTemplateName !== undefined) {
    const name = index.literal(entry.stack, specification.LaunchTemplateName);
    template = index
      .ofType('AWS::EC2::LaunchTemplate')
      .find((candidate) => index.literal(candidate.stack, candidate.props.LaunchTemplateName) === name);
  }
  const data = template && isObject(template.props.LaunchTemplateData) ? template.props.LaunchTemplateData : {};
  const source = template ?? entry;
  const imageExpression = data.ImageId ?? entry.props.ImageId;
  return {
    instanceType: data.InstanceType === undefined ? undefined : index.literal(source.stack, data.InstanceType),
    image: imageExpression === undefined ? undefined : imageName(index.literal(entry.stack, imageExpression)),
  };
}

/**
 * An SSM public parameter path names the image family: read by CloudFormation at deploy time
 * (a template parameter) or by EC2 at each launch (`resolve:ssm:`); a literal AMI id is printed as is.
 */
function imageName(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const latest = /^(resolve:ssm:)?\/aws\/service\/ami-amazon-linux-latest\/(.+)$/.exec(value);
  if (!latest) return value;
  return `latest ${latest[2]} (SSM public parameter, read ${latest[1] ? 'at each launch' : 'at deploy time'})`;
}

export interface Listener {
  readonly port: number;
  /** `HTTP 80`, `HTTPS 443 (ELBSecurityPolicy-...)`. */
  readonly text: string;
  readonly tls: boolean;
  /** What the listener does with a request: `redirects to HTTPS:443`, `answers 403 unless ...`, `forwards to its targets`. */
  readonly action: string;
}

/** The listeners of a load balancer, by port. */
export function listenersOf(model: DocsModel, balancer: IndexedResource): Listener[] {
  return referrersOf(model, balancer.key, ['AWS::ElasticLoadBalancingV2::Listener'])
    .map((listener) => {
      const literal = (value: unknown) => model.index.literal(listener.stack, value);
      const protocol = literal(listener.props.Protocol) ?? '?';
      const port = literal(listener.props.Port) ?? '?';
      const policy = literal(listener.props.SslPolicy);
      return {
        port: Number(port),
        text: `${protocol} ${port}${policy ? ` (${policy})` : ''}`,
        tls: protocol === 'HTTPS',
        action: listenerAction(model, listener),
      };
    })
    .sort((a, b) => a.port - b.port);
}

function listenerAction(model: DocsModel, listener: IndexedResource): string {
  const literal = (value: unknown) => model.index.literal(listener.stack, value);
  const action = (Array.isArray(listener.props.DefaultActions) ? listener.props.DefaultActions : []).find(isObject) ?? {};
  const type = literal(action.Type);
  if (type === 'redirect') {
    const redirect = isObject(action.RedirectConfig) ? action.RedirectConfig : {};
    return `redirects to ${literal(redirect.Protocol) ?? '#{protocol}'}:${literal(redirect.Port) ?? '#{port}'}`;
  }
  if (type === 'fixed-response') {
    const response = isObject(action.FixedResponseConfig) ? action.FixedResponseConfig : {};
    const headers = referrersOf(model, listener.key, ['AWS::ElasticLoadBalancingV2::ListenerRule']).flatMap((rule) =>
      (Array.isArray(rule.props.Conditions) ? rule.props.Conditions : [])
        .filter(isObject)
        .map((condition) =>
          isObject(condition.HttpHeaderConfig) ? literal(condition.HttpHeaderConfig.HttpHeaderName) : undefined,
        )
        .filter((name): name is string => name !== undefined),
    );
    const unless = headers.length > 0 ? ` unless the request carries the header ${headers.join(', ')}` : '';
    return `answers ${literal(response.StatusCode) ?? '?'}${unless}`;
  }
  return type === 'forward' ? 'forwards to its targets' : `${type ?? 'no'} action`;
}
