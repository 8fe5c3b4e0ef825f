import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { COMPLIANCE_REPORT_FILE, ComplianceReport } from '../lib/compliance/report';
import { ConfigError, loadConfigFile } from '../lib/config/load';
import { synthesizePoc } from '../lib/synthesis';

const DEFAULT_CONFIG = 'config/anycompany-apparel.yaml';
const ROOT = join(__dirname, '..');

const USAGE = `Usage: npm run compliance -- [-c config=PATH] [-o DIR]

Synthesizes the POC of a config as \`cdk synth\` does (enforced packs: an open finding fails), plus
the report-only cdk-nag packs (NIST SP 800-53 Rev. 5, HIPAA Security) that \`cdk synth\` leaves out
for speed, writes the cloud assembly and its ${COMPLIANCE_REPORT_FILE} into DIR (default cdk.out),
and prints the findings per pack. \`npm run docs -- --from DIR\` then lists them in COMPLIANCE.md.
Exit codes: 0 no open finding of an enforced pack; 1 synthesis failed; 2 bad flag or config.`;

class UsageError extends Error {}

function parseArguments(argv: readonly string[]): { configFile: string; outdir: string; help: boolean } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      context: { type: 'string', short: 'c', multiple: true },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}: give the output folder with -o DIR`);
  let configFile = DEFAULT_CONFIG;
  for (const context of values.context ?? []) {
    if (!context.startsWith('config=') || context.length === 'config='.length) {
      throw new UsageError(`-c ${context}: only config=PATH is understood (e.g. -c config=${DEFAULT_CONFIG})`);
    }
    configFile = context.slice('config='.length);
  }
  if (values.output !== undefined && values.output.length === 0) throw new UsageError('-o needs a folder (e.g. cdk.out)');
  return { configFile, outdir: resolve(values.output ?? 'cdk.out'), help: values.help };
}

function summary(report: ComplianceReport): string {
  const lines = ['| pack | mode | rules | resource checks passed | acknowledged | open findings |', '|---|---|---|---|---|---|'];
  for (const pack of report.packs) {
    const count = (pick: (rule: ComplianceReport['packs'][number]['rules'][number]) => readonly unknown[]) =>
      pack.rules.reduce((total, rule) => total + pick(rule).length, 0);
    lines.push(
      `| ${pack.pack} | ${pack.mode} | ${pack.rules.length} | ${count((rule) => rule.passed)} | ${count((rule) => rule.acknowledged)} | ${count((rule) => rule.findings)} |`,
    );
  }
  return lines.join('\n');
}

function main(argv: readonly string[]): number {
  const args = parseArguments(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfigFile(args.configFile);
  const assembly = synthesizePoc(config, { root: ROOT, outdir: args.outdir, reportOnlyPacks: true });
  const report = JSON.parse(readFileSync(join(assembly.directory, COMPLIANCE_REPORT_FILE), 'utf8')) as ComplianceReport;
  const reportFile = join(assembly.directory, COMPLIANCE_REPORT_FILE);
  const shown = relative(process.cwd(), reportFile);
  process.stdout.write(`${summary(report)}\n\nReport: ${shown.startsWith('..') ? reportFile : shown}\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  // node:util parseArgs rejects unknown or malformed flags with a TypeError coded ERR_PARSE_ARGS_*.
  const badFlag = error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
  if (error instanceof UsageError || error instanceof ConfigError || badFlag) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  } else {
    // Synthesis failed: an open finding of an enforced pack, or a construct error; CDK's message says which.
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
