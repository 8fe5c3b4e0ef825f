import { CommandIo, runCommand } from '../lib/cli-output';
import { loadCommand } from '../lib/demo/commands';
import { systemDeps } from '../lib/demo/system';

/** `npm run demo:load -- -c config=PATH [--duration S --rate N --connections N]`: see `--help`. */
export async function demoLoadCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  return loadCommand(argv, systemDeps(io));
}

if (require.main === module) runCommand(demoLoadCommand);
