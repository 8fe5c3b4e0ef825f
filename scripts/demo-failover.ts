import { CommandIo, runCommand } from '../lib/cli-output';
import { failoverCommand } from '../lib/demo/commands';
import { systemDeps } from '../lib/demo/system';

/** `npm run demo:failover -- -c config=PATH [--yes]`: see `--help`. */
export async function demoFailoverCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  return failoverCommand(argv, systemDeps(io));
}

if (require.main === module) runCommand(demoFailoverCommand);
