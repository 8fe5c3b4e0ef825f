import { renameSync, writeFileSync } from 'node:fs';
import {
  AnalysisOptions,
  analyze,
  AssemblyError,
  configKnowledge,
  describeFlow,
  formatRule,
  renderJson,
  renderMarkdown,
  RuleKind,
} from '../lib/analysis';
import { checkAssemblyOfConfig } from '../lib/model';
import { parseCidr } from '../lib/model/ranges';
import { CommandIo, failureExit, outputFileProblem, runCommand, UsageError } from '../lib/cli-output';
import { ConfigError, loadConfigFile } from '../lib/config/load';

const USAGE = `usage: npm run analyze -- [ASSEMBLY_DIR] [-c config=PATH] [--json PATH|-] [--prefix-list ID=cloudfront|CIDR[,CIDR...]] [--parameter STACK.NAME=VALUE]

Reads the synthesized templates in ASSEMBLY_DIR (default cdk.out), prints who can reach whom as a
Markdown matrix, and compares it with the design table of the config (default
config/anycompany-apparel.yaml, as for cdk synth).
It also compares each zone's resources with what the config implies (subnets, one security group
per zone, one bastion per AZ) and lists rules it cannot check (IPv6, undescribed prefix lists).
TCP flows need their reply; UDP and ICMP are reported one way.
Exit codes: 0 the templates match the design table and the config; 1 they differ (each difference
is named with the rule or resource responsible); 2 bad input.`;

const RULE_KIND_LABELS: Readonly<Record<RuleKind, string>> = {
  'security-group': 'security group',
  'network-acl': 'network ACL',
  route: 'route',
  distribution: 'distribution',
};

interface Arguments {
  readonly help: boolean;
  readonly directory: string;
  readonly configFile: string;
  readonly json?: string;
  readonly prefixLists: Record<string, 'cloudfront' | string[]>;
  readonly parameters: Record<string, Record<string, string>>;
}

function parseArguments(argv: readonly string[]): Arguments {
  let directory: string | undefined;
  let configFile = 'config/anycompany-apparel.yaml';
  let json: string | undefined;
  const prefixLists: Record<string, 'cloudfront' | string[]> = {};
  const parameters: Record<string, Record<string, string>> = {};
  let help = false;
  for (let position = 0; position < argv.length; position++) {
    const argument = argv[position];
    const value = () => {
      const next = argv[++position];
      if (next === undefined) throw new UsageError(`${argument} needs a value`);
      return next;
    };
    if (argument === '-h' || argument === '--help') {
      help = true;
    } else if (argument === '-c' || argument === '--context') {
      const context = value();
      if (!context.startsWith('config=') || context.length === 'config='.length) {
        throw new UsageError(
          `${argument} ${context}: only config=PATH is understood (e.g. -c config=config/anycompany-apparel.yaml)`,
        );
      }
      configFile = context.slice('config='.length);
    } else if (argument === '--json') {
      json = value();
    } else if (argument === '--prefix-list') {
      const [id, description] = splitOnce(value(), '=');
      if (!id || !description)
        throw new UsageError(`--prefix-list needs ID=cloudfront or ID=CIDR[,CIDR...] (e.g. pl-3b927c52=cloudfront)`);
      const cidrs = description.split(',');
      const bad = cidrs.find((cidr) => parseCidr(cidr) === undefined);
      if (description !== 'cloudfront' && bad !== undefined) {
        throw new UsageError(`--prefix-list ${id}: "${bad}" is not an IPv4 CIDR; give ID=cloudfront or ID=CIDR[,CIDR...]`);
      }
      prefixLists[id] = description === 'cloudfront' ? 'cloudfront' : cidrs;
    } else if (argument === '--parameter') {
      const [name, parameterValue] = splitOnce(value(), '=');
      const [stack, parameter] = splitOnce(name ?? '', '.', true);
      if (!stack || !parameter || parameterValue === undefined) {
        throw new UsageError(`--parameter needs STACK.NAME=VALUE (e.g. MyStack.VpcCidr=10.0.0.0/16)`);
      }
      parameters[stack] = { ...parameters[stack], [parameter]: parameterValue };
    } else if (argument.startsWith('-')) {
      throw new UsageError(`unknown option ${argument}`);
    } else if (directory === undefined) {
      directory = argument;
    } else {
      throw new UsageError(`one assembly directory only (got ${directory} and ${argument})`);
    }
  }
  const jsonProblem = json === undefined || json === '-' ? undefined : outputFileProblem(json);
  if (jsonProblem) throw new UsageError(`--json ${json}: ${jsonProblem}`);
  return { help, directory: directory ?? 'cdk.out', configFile, json, prefixLists, parameters };
}

function splitOnce(text: string, separator: string, last = false): [string | undefined, string | undefined] {
  const index = last ? text.lastIndexOf(separator) : text.indexOf(separator);
  return index === -1 ? [text, undefined] : [text.slice(0, index), text.slice(index + separator.length)];
}

/** Writes through a temporary file, so a failed run never leaves half a report. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

function runAnalysis(argv: readonly string[], io: CommandIo): number {
  const args = parseArguments(argv);
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfigFile(args.configFile);
  const knowledge = configKnowledge(config);
  const options: AnalysisOptions = { ...knowledge, prefixLists: args.prefixLists, parameters: args.parameters };
  // An assembly of another config would be judged against the wrong design table.
  const analysis = analyze(checkAssemblyOfConfig(args.directory, config), options);

  if (args.json === '-') io.stdout(renderJson(analysis));
  else io.stdout(renderMarkdown(analysis));
  if (args.json && args.json !== '-') writeAtomically(args.json, renderJson(analysis));

  if (analysis.ok) return 0;
  const lines = [
    `The templates in ${args.directory} differ from the design table or the resources implied by ${args.configFile}:`,
  ];
  for (const flow of analysis.unexpected) {
    lines.push(`  unexpected flow ${describeFlow(flow)}, allowed by:`);
    for (const rule of flow.rules) lines.push(`    ${RULE_KIND_LABELS[rule.kind].padEnd(15)} ${formatRule(rule)}`);
  }
  for (const verdict of analysis.intended.filter((candidate) => !candidate.allowed)) {
    lines.push(
      `  blocked design flow ${describeFlow({ ...verdict.flow, ports: { from: verdict.flow.port, to: verdict.flow.port } })} (${verdict.flow.purpose}):`,
    );
    for (const reason of verdict.reasons) lines.push(`    ${reason}`);
  }
  for (const finding of analysis.isolation) {
    lines.push(
      `  route out of the VPC from the isolated ${finding.zone} zone (${finding.resource}, ${finding.subnet}): ${formatRule(finding.rule)}`,
    );
  }
  for (const finding of analysis.inventory) {
    lines.push(`  ${finding.zone} resource not as the config implies (${finding.resources.join(', ')}): ${finding.problem}`);
  }
  for (const finding of analysis.unchecked) {
    lines.push(`  rule the analysis cannot check: ${formatRule(finding.rule)}: ${finding.reason}`);
  }
  io.stderr(`${lines.join('\n')}\n`);
  return 1;
}

/** `npm run analyze`: exit 0 when the templates match the design table, 1 when they differ, 2 on bad input. */
export async function analyzeCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    return runAnalysis(argv, io);
  } catch (error) {
    return failureExit(
      error,
      io,
      USAGE,
      [
        [ConfigError, 2],
        [AssemblyError, 2],
      ],
      2,
    );
  }
}

if (require.main === module) runCommand(analyzeCommand);
