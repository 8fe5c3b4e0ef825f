import { loadCommand } from '../lib/demo/commands';
import { runScript } from '../lib/demo/system';

/** `npm run demo:load -- -c config=PATH [--duration S --rate N --connections N]`: see `--help`. */
runScript(loadCommand);
