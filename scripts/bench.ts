import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ASSEMBLIES_ROOT } from '../test/support/assemblies';

/**
 * `npm run bench [-- --runs N]`: from one run on this machine, the median wall time of
 * `npm test`, of `cdk synth` of the default config, and of the floor (the same CLI and entry
 * script synthesizing one SNS topic, scripts/bench-floor.ts), with the synth/floor ratio. Synth
 * and floor alternate, so a busy moment weighs on both alike. `npm test` is timed cold (its
 * global setup synthesizes every config, as on a fresh clone or after a change to lib/) and warm
 * (nothing changed since the last run: the assemblies are reused). Targets on the 2-core machine:
 * cold `npm test` <= 45 s, synth <= 2.0 x the floor. Timings live here, never in tests.
 */

const TEST_TARGET_SECONDS = 45;
const SYNTH_TO_FLOOR_TARGET = 2.0;
const FLOOR_APP = 'node --max-semi-space-size=64 scripts/run-app.js scripts/bench-floor.ts';

function runsFromArgs(argv: readonly string[]): number {
  const index = argv.indexOf('--runs');
  if (index === -1) return 5;
  const runs = Number(argv[index + 1]);
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) {
    process.stderr.write(`--runs must be a whole number from 1 to 20 (got "${argv[index + 1] ?? ''}")\n`);
    process.exit(2);
  }
  return runs;
}

function timeCommand(command: string, args: readonly string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) {
    process.stderr.write(`${command} ${args.join(' ')} failed:\n${result.stderr}\n`);
    process.exit(1);
  }
  return seconds;
}

function timeSynth(extraArgs: readonly string[]): number {
  const outdir = mkdtempSync(join(tmpdir(), 'poc-bench-'));
  try {
    return timeCommand('npx', ['cdk', 'synth', '--quiet', ...extraArgs, '-o', outdir]);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const seconds = (value: number) => `${value.toFixed(1)} s`;
const verdict = (met: boolean) => (met ? 'target met' : 'TARGET MISSED');

const runs = runsFromArgs(process.argv.slice(2));
const timeTests = () => timeCommand('npx', ['jest', '--silent']);
const synthTimes: number[] = [];
const floorTimes: number[] = [];
for (let run = 1; run <= runs; run++) {
  synthTimes.push(timeSynth([]));
  floorTimes.push(timeSynth(['--app', FLOOR_APP]));
  process.stdout.write(`  run ${run}/${runs}: synth ${seconds(synthTimes[run - 1])}, floor ${seconds(floorTimes[run - 1])}\n`);
}
const coldTimes: number[] = [];
const warmTimes: number[] = [];
for (let run = 1; run <= runs; run++) {
  rmSync(ASSEMBLIES_ROOT, { recursive: true, force: true });
  coldTimes.push(timeTests());
  warmTimes.push(timeTests());
  process.stdout.write(
    `  run ${run}/${runs}: npm test cold ${seconds(coldTimes[run - 1])}, warm ${seconds(warmTimes[run - 1])}\n`,
  );
}

const synth = median(synthTimes);
const floor = median(floorTimes);
const tests = median(coldTimes);
const warm = median(warmTimes);
const ratio = synth / floor;
process.stdout.write(
  [
    `npm test, cold: median ${seconds(tests)} over ${runs} runs (target <= ${TEST_TARGET_SECONDS} s: ${verdict(tests <= TEST_TARGET_SECONDS)})`,
    `npm test, warm (assemblies reused): median ${seconds(warm)} over ${runs} runs`,
    `cdk synth (default config): median ${seconds(synth)} over ${runs} runs`,
    `floor (one SNS topic, same CLI and entry): median ${seconds(floor)} over ${runs} runs`,
    `synth / floor: ${ratio.toFixed(2)}x (target <= ${SYNTH_TO_FLOOR_TARGET.toFixed(1)}x: ${verdict(ratio <= SYNTH_TO_FLOOR_TARGET)})`,
    '',
  ].join('\n'),
);
