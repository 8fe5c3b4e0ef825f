import { createInterface } from 'node:readline/promises';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { RDSClient } from '@aws-sdk/client-rds';
import { CommandDeps } from './commands';
import { errorParts, EXIT } from './errors';
import { systemClock } from './failover';

/** The real process, network and AWS SDK clients, for the scripts in scripts/. */
export function systemDeps(): CommandDeps {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
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

/** Entry point of scripts/verify.ts and the demo scripts: exit code from the command, no stack trace. */
export function runScript(command: (argv: readonly string[], deps: CommandDeps) => Promise<number>): void {
  // The pinned SDK runs on Node 20; its notice is about SDK releases after January 2027, which
  // need Node 22 (see MERGE-NOTES), and would only confuse a customer watching the demo.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  command(process.argv.slice(2), systemDeps()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`unexpected error: ${errorParts(error).message}\n`);
      process.exitCode = EXIT.failed;
    },
  );
}
