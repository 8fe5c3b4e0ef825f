/**
 * Snapshot normaliser shared by every test: asset hashes and the CDK version change with
 * every dependency bump and say nothing about the POC, so they are replaced by placeholders.
 */
const ASSET_HASH = /[a-f0-9]{64}/g;

function normalise(value) {
  if (typeof value === 'string') return value.replace(ASSET_HASH, '<asset-hash>');
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key.replace(ASSET_HASH, '<asset-hash>'), normalise(inner)]),
    );
  }
  return value;
}

const marker = Symbol.for('pci-poc-kit.normalised');

module.exports = {
  test(value) {
    return value !== null && typeof value === 'object' && !value[marker] && JSON.stringify(value).match(ASSET_HASH) !== null;
  },
  serialize(value, config, indentation, depth, refs, printer) {
    const normalised = normalise(value);
    Object.defineProperty(normalised, marker, { value: true });
    return printer(normalised, config, indentation, depth, refs);
  },
};
