import {
  CfnResource,
  DefaultTokenResolver,
  IPostProcessor,
  IResolvable,
  IResolveContext,
  Reference,
  StringConcat,
  Tokenization,
} from 'aws-cdk-lib';
import { CfnSecurityGroup, CfnSubnet } from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';

/** Notes the construct behind every reference (Ref, GetAtt, cross-stack) met while resolving. */
class ReferenceRecorder extends DefaultTokenResolver {
  readonly targets = new Set<IConstruct>();

  constructor() {
    super(new StringConcat());
  }

  override resolveToken(token: IResolvable, context: IResolveContext, postProcessor: IPostProcessor): unknown {
    if (token instanceof Reference) this.targets.add(token.target);
    return super.resolveToken(token, context, postProcessor);
  }
}

const cache = new WeakMap<CfnResource, ReadonlySet<IConstruct>>();

/**
 * The constructs a resource's properties point at, across stacks: a cross-stack reference
 * renders as an output lookup in the template, but the construct tree still knows its target.
 */
export function referencedConstructs(resource: CfnResource): ReadonlySet<IConstruct> {
  const known = cache.get(resource);
  if (known) return known;
  const recorder = new ReferenceRecorder();
  Tokenization.resolve(resource._toCloudFormation(), { scope: resource, resolver: recorder, preparing: false });
  cache.set(resource, recorder.targets);
  return recorder.targets;
}

/** The constructs that `value` (one property of `scope`'s resource) points at. */
export function referencesIn(scope: CfnResource, value: unknown): ReadonlySet<IConstruct> {
  const recorder = new ReferenceRecorder();
  Tokenization.resolve(value, { scope, resolver: recorder, preparing: false });
  return recorder.targets;
}

export const securityGroupsIn = (targets: Iterable<IConstruct>): CfnSecurityGroup[] =>
  [...targets].filter((target): target is CfnSecurityGroup => target instanceof CfnSecurityGroup);

export const subnetsIn = (targets: Iterable<IConstruct>): CfnSubnet[] =>
  [...targets].filter((target): target is CfnSubnet => target instanceof CfnSubnet);
