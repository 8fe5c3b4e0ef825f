import { DescribeTrailsCommand, Trail } from '@aws-sdk/client-cloudtrail';
import { DescribeConfigurationRecordersCommand } from '@aws-sdk/client-config-service';
import { paginateListDetectors } from '@aws-sdk/client-guardduty';
import { DescribeHubCommand, paginateGetEnabledStandards } from '@aws-sdk/client-securityhub';
import { DescribeDocumentCommand } from '@aws-sdk/client-ssm';
import { awsErrorName, AwsCallError, call, guarded } from './aws';
import { PreflightContext } from './context';
import { SESSION_MANAGER_PREFERENCES_DOCUMENT } from './demand';
import { blocker, CheckResult, ok, warning } from './result';

/**
 * The account singletons (one per account and region) against the accountBaseline flags, as the
 * templates apply them: creating one that exists fails the deploy; a flag that claims one exists
 * when none does leaves the POC without the control.
 */
export async function checkAccountBaseline(context: PreflightContext): Promise<CheckResult[]> {
  const results = await Promise.all([
    checkGuardDuty(context),
    checkConfigRecorder(context),
    checkSecurityHub(context),
    checkTrail(context),
    checkSessionManagerPreferences(context),
  ]);
  return results.flat();
}

/** CloudTrail's limit, which cannot be raised (CloudTrail User Guide, "Quotas in AWS CloudTrail"). */
export const TRAILS_PER_REGION = 5;

const PCI_DSS_STANDARD = 'standards/pci-dss/v/4.0.1';

/** Returns undefined when the call fails with one of `absentErrors`: the service says there is none. */
async function unlessAbsent<T>(request: () => Promise<T>, absentErrors: readonly string[]): Promise<T | undefined> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof AwsCallError && absentErrors.includes(awsErrorName(error))) return undefined;
    throw error;
  }
}

function checkGuardDuty(context: PreflightContext): Promise<CheckResult[]> {
  const check = 'GuardDuty detector';
  const region = context.primaryRegion;
  return guarded(check, region, async () => {
    const detectors = await call('guardduty:ListDetectors', async () => {
      const ids: string[] = [];
      for await (const page of paginateListDetectors({ client: context.clients(region).guardDuty }, {})) {
        ids.push(...(page.DetectorIds ?? []));
      }
      return ids;
    });
    const creates = context.demand.creates.guardDutyDetector;
    if (detectors.length > 0 && creates) {
      return [
        blocker(
          check,
          region,
          `detector ${detectors[0]} exists; the POC would create a second one and the deploy would fail`,
          'set accountBaseline.guardDuty: false',
        ),
      ];
    }
    if (detectors.length > 0) return [ok(check, region, `detector ${detectors[0]} exists; the POC uses it (guardDuty: false)`)];
    if (creates) return [ok(check, region, 'none yet; the POC creates one')];
    return [
      blocker(
        check,
        region,
        'no detector, and accountBaseline.guardDuty: false creates none: the POC would run without threat detection',
        'set accountBaseline.guardDuty: true',
      ),
    ];
  });
}

function checkConfigRecorder(context: PreflightContext): Promise<CheckResult[]> {
  const check = 'AWS Config recorder';
  const region = context.primaryRegion;
  return guarded(check, region, async () => {
    const response = await call('config:DescribeConfigurationRecorders', () =>
      context.clients(region).config.send(new DescribeConfigurationRecordersCommand({})),
    );
    // Service-linked recorders (ServicePrincipal set) belong to other services and do not count:
    // the limit is one customer-managed recorder per region.
    const recorder = (response.ConfigurationRecorders ?? []).find((candidate) => !candidate.servicePrincipal);
    const { configRecorder: creates, configRules } = context.demand.creates;
    if (recorder && creates) {
      return [
        blocker(
          check,
          region,
          `recorder ${recorder.name ?? '(unnamed)'} exists; a region holds one customer-managed recorder, so the deploy would fail`,
          'set accountBaseline.hasConfigRecorder: true',
        ),
      ];
    }
    if (recorder) return [ok(check, region, `recorder ${recorder.name ?? '(unnamed)'} exists; the POC adds its rules to it`)];
    if (creates) return [ok(check, region, 'none yet; the POC creates one')];
    if (!configRules) return [ok(check, region, 'none, and the templates need none')];
    return [
      blocker(
        check,
        region,
        "no customer-managed recorder, and hasConfigRecorder: true creates none: the POC's AWS Config rules cannot be created without one",
        'set accountBaseline.hasConfigRecorder: false',
      ),
    ];
  });
}

function checkSecurityHub(context: PreflightContext): Promise<CheckResult[]> {
  const check = 'Security Hub';
  const region = context.primaryRegion;
  return guarded(check, region, async () => {
    const clients = context.clients(region);
    // DescribeHub answers InvalidAccessException ("not subscribed") where Security Hub is off.
    const hub = await unlessAbsent(
      () => call('securityhub:DescribeHub', () => clients.securityHub.send(new DescribeHubCommand({}))),
      ['InvalidAccessException', 'ResourceNotFoundException'],
    );
    const creates = context.demand.creates.securityHub;
    if (hub && creates) {
      return [
        blocker(
          check,
          region,
          `enabled already (${hub.HubArn ?? 'hub'}); the POC would enable it again and the deploy would fail`,
          'set accountBaseline.securityHub: false',
        ),
      ];
    }
    if (hub) {
      const standards = await call('securityhub:GetEnabledStandards', async () => {
        const arns: string[] = [];
        for await (const page of paginateGetEnabledStandards({ client: clients.securityHub }, {})) {
          arns.push(...(page.StandardsSubscriptions ?? []).map((subscription) => subscription.StandardsArn ?? ''));
        }
        return arns;
      });
      if (standards.some((arn) => arn.includes(PCI_DSS_STANDARD))) {
        return [ok(check, region, 'enabled already, with the PCI DSS v4.0.1 standard (securityHub: false)')];
      }
      return [
        warning(
          check,
          region,
          'enabled already, without the PCI DSS v4.0.1 standard: the POC enables it only in a hub it creates',
          'enable the PCI DSS v4.0.1 standard in Security Hub for this region',
        ),
      ];
    }
    if (creates) return [ok(check, region, 'not enabled yet; the POC enables it with the PCI DSS v4.0.1 standard')];
    return [
      blocker(
        check,
        region,
        'not enabled, and accountBaseline.securityHub: false enables none: the POC would have no PCI DSS v4.0.1 checks',
        'set accountBaseline.securityHub: true',
      ),
    ];
  });
}

function checkTrail(context: PreflightContext): Promise<CheckResult[]> {
  const check = 'CloudTrail trail';
  const region = context.primaryRegion;
  return guarded(check, region, async () => {
    const response = await call('cloudtrail:DescribeTrails', () =>
      context.clients(region).cloudTrail.send(new DescribeTrailsCommand({ includeShadowTrails: true })),
    );
    const trails = response.trailList ?? [];
    const appliesHere = (trail: Trail) => trail.IsMultiRegionTrail === true || trail.HomeRegion === region;
    const organizationTrail = trails.find((trail) => trail.IsOrganizationTrail === true && appliesHere(trail));
    const creates = context.demand.creates.trail;
    if (organizationTrail && creates) {
      return [
        warning(
          check,
          region,
          `organization trail ${organizationTrail.Name} already records this account; the POC's own trail would record (and bill) the same events again`,
          'set accountBaseline.hasOrganizationTrail: true',
        ),
      ];
    }
    if (organizationTrail) return [ok(check, region, `organization trail ${organizationTrail.Name} records this account`)];
    if (!creates) {
      return [
        blocker(
          check,
          region,
          'no organization trail records this account, and hasOrganizationTrail: true creates no trail: the POC would have no audit trail (PCI DSS Req. 10)',
          'set accountBaseline.hasOrganizationTrail: false',
        ),
      ];
    }
    const own = trails.filter((trail) => trail.TrailARN?.split(':')[4] === context.account && appliesHere(trail));
    if (own.length >= TRAILS_PER_REGION) {
      return [
        blocker(
          check,
          region,
          `${own.length} trails of this account already apply to ${region}, the limit (${TRAILS_PER_REGION}, not adjustable)`,
          'delete an unused trail, or set accountBaseline.hasOrganizationTrail: true if an organization trail is coming',
        ),
      ];
    }
    return [
      ok(
        check,
        region,
        `no organization trail; the POC creates a multi-Region trail (${own.length} of ${TRAILS_PER_REGION} in use)`,
      ),
    ];
  });
}

function checkSessionManagerPreferences(context: PreflightContext): Promise<CheckResult[]> {
  const check = 'Session Manager preferences';
  const region = context.primaryRegion;
  return guarded(check, region, async () => {
    const document = await unlessAbsent(
      () =>
        call('ssm:DescribeDocument', () =>
          context.clients(region).ssm.send(new DescribeDocumentCommand({ Name: SESSION_MANAGER_PREFERENCES_DOCUMENT })),
        ),
      ['InvalidDocument'],
    );
    const creates = context.demand.creates.sessionManagerPreferences;
    if (document && creates) {
      return [
        blocker(
          check,
          region,
          `${SESSION_MANAGER_PREFERENCES_DOCUMENT} exists; the POC would create it again and the deploy would fail`,
          'set accountBaseline.hasSessionManagerPreferences: true, and make the existing preferences log sessions',
        ),
      ];
    }
    if (document) {
      return [
        ok(
          check,
          region,
          `${SESSION_MANAGER_PREFERENCES_DOCUMENT} exists; it must log sessions (SECURITY.md lists what to show)`,
        ),
      ];
    }
    if (creates) return [ok(check, region, 'none yet; the POC creates them (sessions logged, KMS)')];
    return [
      warning(
        check,
        region,
        `no ${SESSION_MANAGER_PREFERENCES_DOCUMENT}, and hasSessionManagerPreferences: true creates none: sessions would not be logged`,
        'set accountBaseline.hasSessionManagerPreferences: false, or (shared account) create preferences that log sessions',
      ),
    ];
  });
}
