import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm run bench [-- --runs N]`: median wall time of `cdk synth` of the default config (all
 * five stacks, as the README runs it) and of the whole test suite. Targets on a 2-core
 * machine: synth under 10 s, tests under 60 s.
 */

const TARGETS = { synth: 10, tests: 60 } as const;

function runsFromArgs(argv: readonly string[]): number {
  const index = argv.indexOf('--runs');
  if (index === -1) return 3;
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

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function measure(name: keyof typeof TARGETS, runs: number, command: () => number): void {
  const times: number[] = [];
  for (let run = 1; run <= runs; run++) {
    times.push(command());
    process.stdout.write(`  ${name} run ${run}/${runs}: ${times[times.length - 1].toFixed(1)} s\n`);
  }
  const value = median(times);
  const verdict = value <= TARGETS[name] ? 'within' : 'OVER';
  process.stdout.write(`${name}: median ${value.toFixed(1)} s over ${runs} runs (${verdict} the ${TARGETS[name]} s target)\n`);
}

const runs = runsFromArgs(process.argv.slice(2));
measure('synth', runs, () => {
  const outdir = mkdtempSync(join(tmpdir(), 'poc-bench-'));
  try {
    return timeCommand('npx', ['cdk', 'synth', '--quiet', '-o', outdir]);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
measure('tests', runs, () => timeCommand('npx', ['jest', '--silent']));
