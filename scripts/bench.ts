import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeDirectory } from '../lib/analysis/analyze';
import { configKnowledge } from '../lib/analysis/intended';
import { renderMarkdown } from '../lib/analysis/render';
import { loadConfigFile } from '../lib/config/load';

/**
 * `npm run bench [-- --runs N]`: median wall time of `cdk synth` of the default config (all
 * five stacks, as the README runs it), of the whole test suite, and of the segmentation
 * analysis of the default POC's assembly (in process: load, analyse, render; and the
 * `npm run analyze` CLI end to end), and `npm run docs` end to end (synthesis of the default and
 * the lean config included). Targets on a 2-core machine: synth under 10 s, tests under 60 s, the
 * analysis under 1 s (its CLI, Node and tsx start-up included, under 5 s), the docs under 60 s.
 */

const TARGETS = { synth: 10, tests: 60, analysis: 1, 'analyze CLI': 5, 'docs CLI': 60 } as const;
/** The analysis takes milliseconds: more runs for a stable median. */
const ANALYSIS_RUNS = 20;

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

function measure(name: keyof typeof TARGETS, runs: number, command: () => number, unit: 's' | 'ms' = 's'): void {
  const show = (seconds: number) => (unit === 'ms' ? `${(seconds * 1000).toFixed(0)} ms` : `${seconds.toFixed(1)} s`);
  const times: number[] = [];
  for (let run = 1; run <= runs; run++) {
    times.push(command());
    if (unit === 's') process.stdout.write(`  ${name} run ${run}/${runs}: ${show(times[times.length - 1])}\n`);
  }
  const value = median(times);
  const verdict = value <= TARGETS[name] ? 'within' : 'OVER';
  const first = unit === 'ms' ? `, first run ${show(times[0])}` : '';
  process.stdout.write(
    `${name}: median ${show(value)} over ${runs} runs${first} (${verdict} the ${show(TARGETS[name])} target)\n`,
  );
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

const assembly = mkdtempSync(join(tmpdir(), 'poc-bench-'));
try {
  timeCommand('npx', ['cdk', 'synth', '--quiet', '-o', assembly]);
  const knowledge = configKnowledge(loadConfigFile('config/anycompany-apparel.yaml'));
  measure(
    'analysis',
    ANALYSIS_RUNS,
    () => {
      const start = process.hrtime.bigint();
      renderMarkdown(analyzeDirectory(assembly, knowledge));
      return Number(process.hrtime.bigint() - start) / 1e9;
    },
    'ms',
  );
  measure('analyze CLI', runs, () => timeCommand('npx', ['tsx', 'scripts/analyze.ts', assembly]));
} finally {
  rmSync(assembly, { recursive: true, force: true });
}

measure('docs CLI', runs, () => {
  const out = mkdtempSync(join(tmpdir(), 'poc-bench-docs-'));
  try {
    return timeCommand('npx', ['tsx', 'scripts/docs.ts', '--out', out]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
