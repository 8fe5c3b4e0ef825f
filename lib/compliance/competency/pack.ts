import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { AlarmedToTopic } from './alarmed-to-topic';
import { BucketNotPublic } from './bucket-not-public';
import { DatabaseOnlyFromAppTier } from './database-only-from-app-tier';
import { DataSubnetsIsolated } from './data-subnets-isolated';
import { EncryptedAtRest } from './encrypted-at-rest';
import { MultiAz } from './multi-az';
import { PublicBucketAlert } from './public-bucket-alert';
import { TlsInTransit } from './tls-in-transit';

const RULES = [
  {
    rule: MultiAz,
    info: 'The resource does not span at least two Availability Zones (competency 2.4).',
    explanation: 'An AZ loss must not stop a tier: Auto Scaling groups, the database and the cache run in two AZs or more.',
  },
  {
    rule: AlarmedToTopic,
    info: 'No alarm on this Auto Scaling group, load balancer or database notifies an SNS topic (competency 2.7).',
    explanation: 'Each tier, each ALB and the database has at least one CloudWatch alarm whose action pages the alarm topic.',
  },
  {
    rule: BucketNotPublic,
    info: 'The bucket does not block all public access (competency 2.10).',
    explanation: 'Every bucket sets the four Block Public Access settings; AWS Config alerts if one becomes public later.',
  },
  {
    rule: PublicBucketAlert,
    info: 'No route alerts the alarm topic when this bucket becomes public (competency 2.10).',
    explanation:
      'The AWS Config rules for public read, public write and bucket-level public access run, and an EventBridge rule sends their NON_COMPLIANT evaluations to an SNS topic.',
  },
  {
    rule: EncryptedAtRest,
    info: 'The resource stores data unencrypted at rest (competency 2.11).',
    explanation: 'Database, volumes, buckets, log groups and topics are encrypted at rest; log groups and topics with KMS.',
  },
  {
    rule: TlsInTransit,
    info: 'The resource lets data travel unencrypted (competency 2.11).',
    explanation:
      'Listeners serve HTTPS or only redirect to it, CloudFront VPC origins use HTTPS with TLS 1.2+, MySQL requires TLS, memcached uses TLS.',
  },
  {
    rule: DataSubnetsIsolated,
    info: 'A route sends traffic from a data (isolated) subnet out of the VPC (competency 2.12).',
    explanation: 'The cardholder data tier has no path to or from the internet: its subnets route only inside the VPC.',
  },
  {
    rule: DatabaseOnlyFromAppTier,
    info: 'The database or its cache accepts traffic from outside the app tier (competency 2.12).',
    explanation:
      'Only security groups worn exclusively by resources in the app subnets may reach MySQL and memcached: no address range, no prefix list, no group shared with another tier.',
  },
] as const;

/**
 * The items of the AWS Retail Competency checklist (section 2) that the templates can prove.
 * Rule ids are `Competency-<RuleFunctionName>`.
 */
export class CompetencyChecks extends NagPack {
  readonly name = 'Competency';

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = 'Competency';
  }

  protected checkResource(node: CfnResource): void {
    for (const { rule, info, explanation } of RULES) {
      this.applyRule({ info, explanation, level: NagMessageLevel.ERROR, rule, node });
    }
  }
}
