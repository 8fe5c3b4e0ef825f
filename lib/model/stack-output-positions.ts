import { isObject } from './assembly';

/**
 * Where a template may hold `Fn::GetStackOutput`, as CloudFormation documents it. CloudFormation
 * resolves intrinsic functions only in some parts of a template, and each function's "Supported
 * functions" section lists the functions it accepts as arguments: a position no page documents may
 * deploy in one region and be refused in another. The kit's templates use no weak reference at all
 * (docs/DESIGN.md, "Cross-stack references"); this table is what a test holds every template to.
 */

const TEMPLATE_REFERENCE = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference';

export interface StackOutputPosition {
  /** Template section whose entries may hold the function. */
  readonly section: 'Resources';
  /** Key inside each entry under which the function may sit. */
  readonly under: 'Properties';
  /**
   * Intrinsic functions the page of each documents as accepting Fn::GetStackOutput as an argument.
   * Empty: the function stands as a property value of its own, never as another function's argument.
   */
  readonly insideFunctions: readonly string[];
  readonly source: string;
}

export const GET_STACK_OUTPUT_POSITIONS: readonly StackOutputPosition[] = [
  {
    section: 'Resources',
    under: 'Properties',
    insideFunctions: [],
    source: `${TEMPLATE_REFERENCE}/intrinsic-function-reference-getstackoutput.html (declaration and examples: the value of a resource property)`,
  },
];

/**
 * The functions whose "Supported functions" list was read for Fn::GetStackOutput, and found not
 * to name it: nesting it in any of them is undocumented. Kept so that a page that starts to list
 * it is noticed when this table is next checked against the docs.
 */
export const FUNCTIONS_NOT_DOCUMENTING_GET_STACK_OUTPUT: Readonly<Record<string, string>> = {
  'Fn::Base64': `${TEMPLATE_REFERENCE}/intrinsic-function-reference-base64.html`,
  'Fn::If': `${TEMPLATE_REFERENCE}/intrinsic-function-reference-conditions.html`,
  'Fn::Join': `${TEMPLATE_REFERENCE}/intrinsic-function-reference-join.html`,
  'Fn::Select': `${TEMPLATE_REFERENCE}/intrinsic-function-reference-select.html`,
  'Fn::Split': `${TEMPLATE_REFERENCE}/intrinsic-function-reference-split.html`,
  'Fn::Sub': `${TEMPLATE_REFERENCE}/intrinsic-function-reference-sub.html`,
};

export interface MisplacedStackOutput {
  readonly stack: string;
  /** JSON path of the Fn::GetStackOutput, e.g. `Resources/Alarm/Properties/Dimensions/0/Value/Fn::Join/1/0`. */
  readonly path: string;
  /** The intrinsic functions it sits inside, outermost first. */
  readonly insideFunctions: readonly string[];
}

/** Every Fn::GetStackOutput of `template` that sits where GET_STACK_OUTPUT_POSITIONS does not allow it. */
export function misplacedStackOutputs(stack: string, template: unknown): MisplacedStackOutput[] {
  const found: MisplacedStackOutput[] = [];
  const visit = (node: unknown, path: readonly (string | number)[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, index]));
      return;
    }
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Fn::GetStackOutput') {
        const insideFunctions = path.filter((step): step is string => typeof step === 'string' && step.startsWith('Fn::'));
        if (!allowed(path, insideFunctions)) found.push({ stack, path: [...path, key].join('/'), insideFunctions });
      }
      visit(value, [...path, key]);
    }
  };
  visit(template, []);
  return found;
}

function allowed(path: readonly (string | number)[], insideFunctions: readonly string[]): boolean {
  return GET_STACK_OUTPUT_POSITIONS.some(
    (position) =>
      path[0] === position.section &&
      path[2] === position.under &&
      insideFunctions.every((name) => position.insideFunctions.includes(name)),
  );
}
