import { verifyCommand } from '../lib/demo/commands';
import { runScript } from '../lib/demo/system';

/** `npm run verify -- -c config=PATH`: see `npm run verify -- --help`. */
runScript(verifyCommand);
