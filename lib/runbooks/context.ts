import { StackInfo } from '../model';
import { customerStackPrefix, StackRole } from '../config/naming';
import { AlarmFact, Located, RunbookError, RunbookFacts, SsmParameterFact } from './facts';

/**
 * Every name a runbook takes from the templates goes through a RunbookContext, which checks it
 * against the assembly as it is written and records it for the runbook's "Names in this
 * runbook" table. Commands address resources the way an operator can check them: stack
 * outputs by key, resources by logical id (`describe-stack-resource`), never by a physical
 * name guessed from the config.
 */

export const NAME_KINDS = ['stack', 'output', 'resource', 'physical name', 'alarm', 'ssm parameter'] as const;
export type NameKind = (typeof NAME_KINDS)[number];

export interface NameRow {
  readonly kind: NameKind;
  readonly name: string;
  /** Absent for a stack. */
  readonly stack?: string;
  /**
   * Where the template holds it: `manifest.json`, `Outputs.<key>`, `Resources.<id> (<type>)`,
   * `Resources.<id>.Properties.<path>` or, for an SSM parameter the stack reads, `Parameters.<key>.Default`.
   */
  readonly entry: string;
}

/** The heading the names table sits under; the reference check looks for it. */
export const NAMES_HEADING = '## Names in this runbook';

export class RunbookContext {
  private readonly rows = new Map<string, NameRow>();

  constructor(readonly facts: RunbookFacts) {}

  /** The CloudFormation name of the stack playing `role`. */
  stack(role: StackRole): string {
    const stack = this.facts.stacks[role];
    if (!stack) throw new RunbookError(`the runbooks name the ${role} stack, which this config does not synthesize`);
    return this.recordStack(stack.name);
  }

  output(role: StackRole, key: string): string {
    const stack = this.stack(role);
    if (!this.facts.model.outputs.some((output) => output.stack === stack && output.key === key))
      throw new RunbookError(`${stack} has no output ${key}`);
    this.record({ kind: 'output', name: key, stack, entry: `Outputs.${key}` });
    return key;
  }

  /** A logical id, recorded with its type. */
  resource(located: Located): string {
    const resource = this.facts.model.resource(`${this.recordStack(located.stack)}/${located.logicalId}`);
    if (!resource) throw new RunbookError(`${located.stack} has no resource ${located.logicalId}`);
    this.record({
      kind: 'resource',
      name: located.logicalId,
      stack: located.stack,
      entry: `Resources.${located.logicalId} (${resource.type})`,
    });
    return located.logicalId;
  }

  /** A literal physical name the template sets (a DB identifier, a vault name), at a property path. */
  physical(located: Located, ...path: string[]): string {
    return this.property('physical name', located, path);
  }

  alarm(alarm: AlarmFact): string {
    return this.property('alarm', alarm, ['AlarmName']);
  }

  /** The name of an SSM parameter a stack reads through a template parameter. */
  ssmParameter(parameter: SsmParameterFact): string {
    const stack = this.recordStack(parameter.stack);
    const declared = this.facts.model.ssmParameterReads.find((read) => read.stack === stack && read.key === parameter.key);
    if (declared?.name !== parameter.name) {
      throw new RunbookError(`${parameter.stack} has no parameter ${parameter.key} reading ${parameter.name}`);
    }
    this.record({
      kind: 'ssm parameter',
      name: parameter.name,
      stack: parameter.stack,
      entry: `Parameters.${parameter.key}.Default`,
    });
    return parameter.name;
  }

  /** The region the assembly pins the stack playing `role` to; undefined when it is environment-agnostic. */
  region(role: StackRole): string | undefined {
    return this.stackInfo(this.stack(role)).region;
  }

  /** ` --region <r>` for a stack pinned to another region than the POC's, so the command finds it. */
  regionFlag(stack: string): string {
    const region = this.facts.model.stacks.find((candidate) => candidate.name === stack)?.region;
    return region && region !== this.facts.primaryRegion ? ` --region ${region}` : '';
  }

  /** `VARIABLE=$(...)` reading an output of the stack playing `role`. */
  outputVar(variable: string, role: StackRole, key: string): string {
    const stack = this.stack(role);
    this.output(role, key);
    return (
      `${variable}=$(aws cloudformation describe-stacks${this.regionFlag(stack)} --stack-name ${stack} \\\n` +
      `  --query "Stacks[0].Outputs[?OutputKey=='${key}'].OutputValue" --output text)`
    );
  }

  /** `VARIABLE=$(...)` reading the physical id CloudFormation gave a resource. */
  idVar(variable: string, located: Located): string {
    this.resource(located);
    return (
      `${variable}=$(aws cloudformation describe-stack-resource${this.regionFlag(located.stack)} --stack-name ${located.stack} \\\n` +
      `  --logical-resource-id ${located.logicalId} --query StackResourceDetail.PhysicalResourceId --output text)`
    );
  }

  /**
   * `npx cdk <verb> STACKS --exclusively -c config=FILE`. Always `--exclusively`: without it a
   * deploy also deploys the stacks the named ones depend on, and a destroy also destroys the
   * stacks that depend on them; every command names exactly the stacks it acts on.
   */
  /**
   * `npx cdk` selecting the stack of `role` by the pattern `<Prefix>-<Role>*`: for a copy of the
   * config pinned to another region, which names that stack after its own region (stackName).
   * The app synthesized from that config holds one stack of the role, so the pattern selects it.
   */
  cdkByPattern(verb: 'deploy' | 'destroy', role: StackRole, configFile: string): string {
    const pattern = `${customerStackPrefix(this.facts.config)}-${role}*`;
    this.stack(role);
    return `npx cdk ${verb} '${pattern}' --exclusively -c config=${configFile}`;
  }

  cdk(verb: 'deploy' | 'destroy', roles: readonly StackRole[], configFile = this.facts.configFile): string {
    const stacks = roles.map((role) => this.stack(role)).join(' ');
    return `npx cdk ${verb} ${stacks} --exclusively -c config=${configFile}`;
  }

  /** Sorted by kind, then stack, then name. */
  names(): NameRow[] {
    const order = (row: NameRow) => NAME_KINDS.indexOf(row.kind);
    return [...this.rows.values()].sort(
      (a, b) => order(a) - order(b) || (a.stack ?? '').localeCompare(b.stack ?? '') || a.name.localeCompare(b.name),
    );
  }

  private property(kind: NameKind, located: Located, path: readonly string[]): string {
    const value = this.facts.model.declaredString(`${this.recordStack(located.stack)}/${located.logicalId}`, path);
    if (value === undefined) {
      throw new RunbookError(`${located.stack} ${located.logicalId}: Properties.${path.join('.')} is not a literal name`);
    }
    this.record({
      kind,
      name: value,
      stack: located.stack,
      entry: `Resources.${located.logicalId}.Properties.${path.join('.')}`,
    });
    return value;
  }

  private recordStack(name: string): string {
    this.stackInfo(name);
    this.record({ kind: 'stack', name, entry: 'manifest.json' });
    return name;
  }

  private stackInfo(stack: string): StackInfo {
    const found = this.facts.model.stacks.find((candidate) => candidate.name === stack);
    if (!found) throw new RunbookError(`the assembly has no stack ${stack}`);
    return found;
  }

  private record(row: NameRow): void {
    this.rows.set(`${row.kind}\u0000${row.stack ?? ''}\u0000${row.name}`, row);
  }
}

/** A fenced shell block. */
export function shell(...commands: string[]): string[] {
  return ['```bash', ...commands, '```'];
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

/** `name` in backticks. */
export const code = (text: string): string => `\`${text}\``;
