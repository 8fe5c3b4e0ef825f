// Entry of `cdk synth` (cdk.json "app"): bundles bin/pci-poc-kit.ts with esbuild and runs it in
// this same process. Transpiling without type-checking keeps synth fast; `npm run typecheck`
// (run by CI) is where types are checked.
const { buildSync } = require('esbuild');
const { join } = require('node:path');

const outfile = join(__dirname, '..', '.build', 'app.js');
buildSync({
  entryPoints: [join(__dirname, '..', 'bin', 'pci-poc-kit.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  outfile,
});
process.setSourceMapsEnabled(true);
require(outfile);
