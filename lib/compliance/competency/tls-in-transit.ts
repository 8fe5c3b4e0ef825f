import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnVpcOrigin } from 'aws-cdk-lib/aws-cloudfront';
import { CfnCacheCluster } from 'aws-cdk-lib/aws-elasticache';
import { CfnListener } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CfnDBParameterGroup } from 'aws-cdk-lib/aws-rds';
import { NagRuleCompliance } from 'cdk-nag';

const verdict = (compliant: boolean) => (compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT);

/**
 * Competency 2.11: data in transit is encrypted: load balancer listeners serve HTTPS (or only
 * redirect to it), CloudFront VPC origins speak HTTPS only with TLS 1.2 or later (cdk-nag's
 * origin rules read custom origins only, and would pass an HTTP VPC origin), MySQL parameter
 * groups require TLS, memcached clusters use TLS.
 */
export function TlsInTransit(node: CfnResource): NagRuleCompliance {
  const stack = Stack.of(node);
  if (node instanceof CfnListener) {
    if (stack.resolve(node.protocol) === 'HTTPS') return NagRuleCompliance.COMPLIANT;
    const actions = stack.resolve(node.defaultActions) as { type?: string; redirectConfig?: { protocol?: string } }[];
    return verdict(
      actions.length > 0 && actions.every((action) => action.type === 'redirect' && action.redirectConfig?.protocol === 'HTTPS'),
    );
  }
  if (node instanceof CfnVpcOrigin) {
    const endpoint = stack.resolve(node.vpcOriginEndpointConfig) as {
      originProtocolPolicy?: string;
      originSslProtocols?: string[];
    };
    const protocols = endpoint.originSslProtocols ?? [];
    return verdict(
      endpoint.originProtocolPolicy === 'https-only' &&
        protocols.length > 0 &&
        protocols.every((protocol) => ['TLSv1.2', 'TLSv1.3'].includes(protocol)),
    );
  }
  if (node instanceof CfnDBParameterGroup) {
    const parameters = (stack.resolve(node.parameters) ?? {}) as Record<string, unknown>;
    return verdict(['1', 'ON', 1, true].includes(parameters.require_secure_transport as string));
  }
  if (node instanceof CfnCacheCluster) return verdict(stack.resolve(node.transitEncryptionEnabled) === true);
  return NagRuleCompliance.NOT_APPLICABLE;
}
