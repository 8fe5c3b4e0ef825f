// Entry of `cdk synth` (cdk.json "app"): bundles bin/pci-poc-kit.ts (or the TypeScript entry given
// as the first argument: `npm run bench` synthesizes its floor app the same way) with esbuild and
// runs it in this same process. Transpiling without type-checking keeps synth fast;
// `npm run typecheck` (run by CI) is where types are checked.
const { buildSync } = require('esbuild');
const { basename, join, resolve } = require('node:path');

const entry = process.argv[2] ? resolve(process.argv[2]) : join(__dirname, '..', 'bin', 'pci-poc-kit.ts');
const outfile = join(__dirname, '..', '.build', `${basename(entry, '.ts')}.js`);
buildSync({
  entryPoints: [entry],
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
