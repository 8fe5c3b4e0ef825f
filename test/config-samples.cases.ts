import { MAX_CONFIG_TAGS } from '../lib/config/tags';
import { variant } from './helpers';
import { acceptedSample, changedPaths, DEFAULT_RAW, isContainer } from './support/config-mutations';
import { SAMPLE_VARIANTS } from './support/variants';

/**
 * The property of test/config-property.test.ts on synthesis: a fixed sample of the accepted mutated
 * configs, and the most tags a config may list, synthesized by the global setup.
 */

/** The tags of every resource of a synthesized template. */
function tagCounts(template: { toJSON(): Record<string, unknown> }): number[] {
  const resources = (template.toJSON().Resources ?? {}) as Record<string, { Properties?: { Tags?: unknown } }>;
  return Object.values(resources).map(({ Properties }) => {
    const tags = Properties?.Tags;
    if (Array.isArray(tags)) return tags.length;
    return isContainer(tags) ? Object.keys(tags).length : 0;
  });
}

describe('a sample of the accepted mutated configs synthesizes (the global setup synthesized them)', () => {
  const accepted = acceptedSample();

  test('the sample holds three accepted configs', () => {
    expect(accepted).toHaveLength(3);
  });

  test.each(accepted.map((entry, index) => [entry.changed.join(', '), index] as const))('changed: %s', (_, index) => {
    const synth = variant(SAMPLE_VARIANTS[index]);
    expect(synth.assembly.stacks.length).toBeGreaterThanOrEqual(6);
    expect(changedPaths(DEFAULT_RAW, JSON.parse(JSON.stringify(synth.config)))).not.toEqual([]);
  });

  test(`the most tags a config may list (${MAX_CONFIG_TAGS}) still fit on every resource beside the kit's own`, () => {
    const synth = variant('most-tags');
    expect(Object.keys(synth.config.tags)).toHaveLength(MAX_CONFIG_TAGS);
    const counts = Object.values(synth.templates).flatMap((template) => tagCounts(template));
    expect(Math.max(...counts)).toBe(50);
  });
});
