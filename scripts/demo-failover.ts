import { failoverCommand } from '../lib/demo/commands';
import { runScript } from '../lib/demo/system';

/** `npm run demo:failover -- -c config=PATH [--yes]`: see `--help`. */
runScript(failoverCommand);
