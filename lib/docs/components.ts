import { zoneLabel } from '../analysis';
import { compareZones } from '../analysis/analyze';
import { Endpoint, Listener as ModelListener, Literal, ZoneId } from '../model';
import { formatRange } from '../model/ranges';
import { DocsModel, subnetAz, subnetTier } from './assembly-model';

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
  const subnets = endpoint.placements.map((placement) => placement.subnet);
  const base = {
    zone: endpoint.zone,
    name: endpoint.name.replace(/\/Resource( |$)/, '$1'),
    kind: endpoint.kind,
    tiers: [...new Set(subnets.map((subnet) => subnetTier(subnet)))],
    azs: [...new Set(subnets.map((subnet) => subnetAz(subnet)))].sort(),
    inbound: inboundOf(model, endpoint.zone),
    publicIp: endpoint.placements.some((placement) => placement.publicIp),
  };
  const entry = model.poc.resource(endpoint.key.split('#')[0]);
  if (!entry) return { ...base, details: [] };
  switch (entry.type) {
    case 'AWS::AutoScaling::AutoScalingGroup':
    case 'AWS::EC2::Instance': {
      const fleet = model.poc.fleets.find((candidate) => candidate.source.key === entry.key);
      if (!fleet) return { ...base, details: [] };
      const image = imageName(fleet.image);
      return {
        ...base,
        instanceType: valueOf(fleet.instanceType),
        min: valueOf(fleet.minSize) ?? NaN,
        max: valueOf(fleet.maxSize) ?? NaN,
        details: image ? [`image: ${image}`] : [],
      };
    }
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      return { ...base, details: listenersOf(model, entry.key).map((listener) => listener.text) };
    case 'AWS::RDS::DBInstance': {
      if (endpoint.key.includes('#')) {
        const option = endpoint.key.split('#')[1];
        return { ...base, details: [`${option} option of the DB instance`] };
      }
      const db = model.poc.databases.find((candidate) => candidate.source.key === entry.key);
      if (!db) return { ...base, details: [] };
      return {
        ...base,
        instanceType: valueOf(db.instanceClass),
        min: 1,
        max: 1,
        details: [
          `${valueOf(db.engine) ?? 'engine ?'} ${valueOf(db.engineVersion) ?? ''}`.trim(),
          db.multiAz ? 'Multi-AZ (primary + standby)' : 'single AZ',
          `port ${db.port ?? 'default'}`,
        ],
      };
    }
    case 'AWS::ElastiCache::CacheCluster': {
      const cache = model.poc.caches.find((candidate) => candidate.source.key === entry.key);
      if (!cache) return { ...base, details: [] };
      const nodes = valueOf(cache.nodes) ?? 1;
      return {
        ...base,
        instanceType: valueOf(cache.nodeType),
        min: nodes,
        max: nodes,
        details: [`${valueOf(cache.engine) ?? 'cache'} x ${nodes}`],
      };
    }
    default:
      return { ...base, details: [] };
  }
}

const valueOf = <T>(literal: Literal<T>): T | undefined => (literal.known ? literal.value : undefined);

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
  /** The listener's resource key (`stack/logicalId`). */
  readonly key: string;
  readonly port: number;
  /** `HTTP 80`, `HTTPS 443 (ELBSecurityPolicy-...)`. */
  readonly text: string;
  readonly tls: boolean;
  /** What the listener does with a request: `redirects to HTTPS:443`, `answers 403 unless ...`, `forwards to its targets`. */
  readonly action: string;
}

/** The listeners of a load balancer, by port. */
export function listenersOf(model: DocsModel, balancer: string): Listener[] {
  return model.poc.listeners
    .filter((listener) => listener.loadBalancer === balancer)
    .map((listener) => {
      const protocol = listener.protocol ?? '?';
      const port = listener.port ?? '?';
      return {
        key: listener.source.key,
        port: Number(port),
        text: `${protocol} ${port}${listener.sslPolicy ? ` (${listener.sslPolicy})` : ''}`,
        tls: protocol === 'HTTPS',
        action: listenerAction(listener),
      };
    })
    .sort((a, b) => a.port - b.port);
}

function listenerAction({ defaultAction: action, ruleHeaders }: ModelListener): string {
  if (action.type === 'redirect') {
    return `redirects to ${action.redirect?.protocol ?? '#{protocol}'}:${action.redirect?.port ?? '#{port}'}`;
  }
  if (action.type === 'fixed-response') {
    const unless = ruleHeaders.length > 0 ? ` unless the request carries the header ${ruleHeaders.join(', ')}` : '';
    return `answers ${action.statusCode ?? '?'}${unless}`;
  }
  return action.type === 'forward' ? 'forwards to its targets' : `${action.type ?? 'no'} action`;
}
