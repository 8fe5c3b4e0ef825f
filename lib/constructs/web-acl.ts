import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { customerManagedKey, encryptedLogGroup } from './secure-defaults';

export interface RegionalWebAclProps {
  /** The web ACL's name: its CloudWatch metrics are dimensioned by it, so monitoring needs it known. */
  readonly name: string;
  /** Load balancers the web ACL protects. */
  readonly resourceArns: readonly string[];
  /** WAF requires log group names starting with aws-waf-logs-. */
  readonly logGroupName: string;
}

const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
] as const;

/**
 * AWS WAF on the load balancers: every dynamic request passes the web load balancer (which only
 * CloudFront's VPC origin reaches), so the web ACL sits there and is evaluated on each request
 * there; a CloudFront-scope ACL would have to live in us-east-1.
 */
export class RegionalWebAcl extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: RegionalWebAclProps) {
    super(scope, id);
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: props.name,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'PocWebAcl', sampledRequestsEnabled: true },
      rules: MANAGED_RULE_GROUPS.map((name, index) => ({
        name,
        priority: index,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
        visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
      })),
    });
    props.resourceArns.forEach(
      (resourceArn, index) =>
        new wafv2.CfnWebACLAssociation(this, `Association${index + 1}`, { resourceArn, webAclArn: this.webAcl.attrArn }),
    );

    const key = customerManagedKey(this, 'LogKey', 'AWS WAF logs of the PCI POC', { forLogs: true });
    const logGroup = encryptedLogGroup(this, 'Logs', key, props.logGroupName);
    // WAF wants the bare log group ARN, without the ":*" suffix of logGroupArn.
    const destination = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: props.logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [destination],
    });
    logging.node.addDependency(logGroup);
  }
}
