import { createInterface } from 'node:readline/promises';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { RDSClient } from '@aws-sdk/client-rds';
import type { CommandIo } from '../cli-output';
import { CommandDeps } from './commands';
import { systemClock } from './failover';

/**
 * What scripts/verify.ts and the demo scripts hand their command: `io` (the process's streams,
 * through the shared entry point `runCommand`), this machine's terminal, network and AWS SDK
 * clients.
 */
export function systemDeps(io: CommandIo): CommandDeps {
  // The pinned SDK runs on Node 20; its notice is about SDK releases after January 2027, which
  // need Node 22, and would only confuse a customer watching the demo.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return {
    ...io,
    interactive: process.stdin.isTTY === true,
    ask: async (question) => {
      const prompt = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await prompt.question(question);
      } finally {
        prompt.close();
      }
    },
    cloudFormation: (region) => new CloudFormationClient(region ? { region } : {}),
    rds: (region) => new RDSClient(region ? { region } : {}),
    fetch: globalThis.fetch,
    clock: systemClock,
  };
}
