import { isObject } from './assembly';
import { IndexedResource, ResourceIndex } from './resources';

const REFERENCES = ['Ref', 'Fn::GetAtt', 'Fn::ImportValue', 'Fn::GetStackOutput'];

/**
 * Keys (`stack/logicalId`) of the buckets whose S3 data events a trail records, reads and writes:
 * those its basic selectors (ReadWriteType All) name as data resources, and those its advanced
 * selectors on S3 objects name by ARN with no other narrowing field (such as readOnly), in any
 * stack of the assembly.
 */
export function dataEventBucketKeys(index: ResourceIndex, trail: IndexedResource): string[] {
  const basic = listOf(trail.props.EventSelectors)
    .filter((selector) => selector.ReadWriteType === undefined || selector.ReadWriteType === 'All')
    .flatMap((selector) => listOf(selector.DataResources))
    .filter((resource) => resource.Type === 'AWS::S3::Object')
    .map((resource) => resource.Values);
  const advanced = listOf(trail.props.AdvancedEventSelectors)
    .map((selector) => listOf(selector.FieldSelectors))
    .filter((fields) => {
      const equals = (field: string, value: string) =>
        fields.some((selector) => selector.Field === field && Array.isArray(selector.Equals) && selector.Equals.includes(value));
      const narrowed = fields.some(
        (selector) => !['eventCategory', 'resources.type', 'resources.ARN'].includes(String(selector.Field)),
      );
      return equals('eventCategory', 'Data') && equals('resources.type', 'AWS::S3::Object') && !narrowed;
    })
    .flatMap((fields) => fields.filter((selector) => selector.Field === 'resources.ARN').map((selector) => selector.StartsWith));
  const keys = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isObject(node)) {
      const names = Object.keys(node);
      if (names.length === 1 && REFERENCES.includes(names[0])) {
        const value = index.resolver.value(trail.stack, node);
        if (value.kind === 'resource') keys.add(`${value.stack}/${value.logicalId}`);
        return;
      }
      Object.values(node).forEach(visit);
    }
  };
  visit([...basic, ...advanced]);
  return [...keys].filter((key) => index.get(key)?.resource.Type === 'AWS::S3::Bucket').sort();
}

function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}
