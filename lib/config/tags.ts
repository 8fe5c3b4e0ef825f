/**
 * Resource tags: the ones the kit sets on every stack, and the rules AWS applies to the ones a
 * config adds (the AWS tagging rules shared by every service: "Tag naming limits and
 * requirements" in the Tagging AWS Resources guide).
 */

/** The tags the kit sets itself on every stack, from the config. */
export function kitTags(config: { readonly customer: { readonly name: string } }): Readonly<Record<string, string>> {
  return { Customer: config.customer.name, ManagedBy: 'pci-poc-kit' };
}

/** Where each kit tag's value comes from, as the error message names it. */
const KIT_TAG_SOURCES: Readonly<Record<string, string>> = { Customer: 'customer.name', ManagedBy: 'pci-poc-kit' };

/** AWS allows 50 user tags per resource. */
const AWS_TAGS_PER_RESOURCE = 50;
/**
 * The most tags the kit and CDK set on one resource: a subnet carries Name,
 * aws-cdk:subnet-name, aws-cdk:subnet-type, Customer and ManagedBy (test/config-property.test.ts
 * checks it on a synthesized POC).
 */
export const KIT_TAGS_PER_RESOURCE = 5;
export const MAX_CONFIG_TAGS = AWS_TAGS_PER_RESOURCE - KIT_TAGS_PER_RESOURCE;

const ALLOWED_CHARACTERS = 'letters, digits, spaces and _ . : / = + - @';
const DISALLOWED_CHARACTER = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/u;
const RESERVED_PREFIX = /^aws:/i;

/** Why a tag key is refused, or undefined. */
export function tagKeyProblem(key: string): string | undefined {
  const length = [...key].length;
  if (length < 1 || length > 128) return `the key is ${length} characters long; AWS allows 1 to 128`;
  if (RESERVED_PREFIX.test(key)) return 'the key starts with aws:, which AWS reserves for its own tags; drop the prefix';
  const bad = DISALLOWED_CHARACTER.exec(key);
  if (bad) return `the key holds "${bad[0]}"; AWS allows ${ALLOWED_CHARACTERS}`;
  // Case-insensitively: a `customer` tag next to the kit's `Customer` would read as the same tag.
  const own = Object.keys(KIT_TAG_SOURCES).find((kitKey) => kitKey.toLowerCase() === key.toLowerCase());
  if (own) {
    return `the kit sets the ${own} tag itself (${KIT_TAG_SOURCES[own]}); a config tag would silently override it: use another key`;
  }
  return undefined;
}

/** Why a tag value is refused, or undefined. */
export function tagValueProblem(value: string): string | undefined {
  const length = [...value].length;
  if (length > 256) return `the value is ${length} characters long; AWS allows at most 256`;
  if (RESERVED_PREFIX.test(value)) return 'the value starts with aws:, which AWS reserves for its own tags; drop the prefix';
  const bad = DISALLOWED_CHARACTER.exec(value);
  if (bad) return `the value holds "${bad[0]}"; AWS allows ${ALLOWED_CHARACTERS}`;
  return undefined;
}
