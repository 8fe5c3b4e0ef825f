import { STSClient } from '@aws-sdk/client-sts';
import { CommandIo, runCommand } from '../lib/cli-output';
import { RegionalClients } from '../lib/preflight/aws';
import { preflightCommand } from '../lib/preflight/command';
import { supportsVpcOrigins } from '../lib/preflight/vpc-origin-support';

/**
 * `npm run preflight -- -c config=PATH`: see `npm run preflight -- --help`. The command with the
 * real AWS clients of this machine's credential chain.
 */
export async function preflightScriptCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  // The pinned SDK runs on Node 20; its notice is about SDK releases after January 2027, which need
  // Node 22, and would only clutter the table.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const regional = new Map<string, RegionalClients>();
  return preflightCommand(argv, {
    ...io,
    env: process.env,
    sts: (region) => new STSClient(region ? { region } : {}),
    clients: (region) => {
      if (!regional.has(region)) regional.set(region, new RegionalClients(region));
      return regional.get(region) as RegionalClients;
    },
    // Loaded on demand: aws-cdk-lib takes seconds to load, which a missing credential need not wait for.
    synthesize: async (config) => (await import('../lib/preflight/demand')).synthesizeDemand(config),
    supportsVpcOrigins,
  });
}

if (require.main === module) runCommand(preflightScriptCommand);
