import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { COMPLIANCE_REPORT_FILE, ComplianceReport } from '../lib/compliance/report';
import { CommandIo, failureExit, runCommand, UsageError } from '../lib/cli-output';
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

function compliance(argv: readonly string[], io: CommandIo): number {
  const args = parseArguments(argv);
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfigFile(args.configFile);
  const assembly = synthesizePoc(config, { root: ROOT, outdir: args.outdir, reportOnlyPacks: true });
  const report = JSON.parse(readFileSync(join(assembly.directory, COMPLIANCE_REPORT_FILE), 'utf8')) as ComplianceReport;
  const reportFile = join(assembly.directory, COMPLIANCE_REPORT_FILE);
  const shown = relative(process.cwd(), reportFile);
  io.stdout(`${summary(report)}\n\nReport: ${shown.startsWith('..') ? reportFile : shown}\n`);
  return 0;
}

/** `npm run compliance`: exit 0 no open finding of an enforced pack, 1 synthesis failed, 2 bad flag or config. */
export async function complianceCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    return compliance(argv, io);
  } catch (error) {
    try {
      return failureExit(error, io, USAGE, [[ConfigError, 2]]);
    } catch {
      // Synthesis failed: an open finding of an enforced pack, or a construct error; CDK's message says which.
      io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }
}

if (require.main === module) runCommand(complianceCommand);
