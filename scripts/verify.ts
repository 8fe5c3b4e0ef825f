import { CommandIo, runCommand } from '../lib/cli-output';
import { verifyCommand } from '../lib/demo/commands';
import { systemDeps } from '../lib/demo/system';

/** `npm run verify -- -c config=PATH`: see `npm run verify -- --help`. */
export async function verifyScriptCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  return verifyCommand(argv, systemDeps(io));
}

if (require.main === module) runCommand(verifyScriptCommand);
