import {
  PCI_DSS_401_MAPPINGS,
  PRINCIPAL_REQUIREMENTS,
  PROJECT_MAPPINGS,
  PUBLISHED_MAPPINGS,
} from '../lib/compliance/pci-dss-401/mapping';

const REQUIREMENT = /^(\d{1,2}|A\d)(\.\d+){0,3}$/;
const principalOf = (requirement: string) => requirement.split('.')[0];
const order = (requirement: string) =>
  requirement
    .replace(/^A(\d)/, '100.$1')
    .split('.')
    .map(Number);
const compare = (a: string, b: string) => {
  const [x, y] = [order(a), order(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? -1) !== (y[i] ?? -1)) return (x[i] ?? -1) - (y[i] ?? -1);
  }
  return 0;
};

describe('PCI DSS v4.0.1 mapping', () => {
  test('each rule appears once, with at least one well-formed requirement of a principal requirement of the standard', () => {
    const names = PCI_DSS_401_MAPPINGS.map(({ rule }) => rule.name);
    expect(new Set(names).size).toBe(names.length);
    for (const { rule, requirements } of PCI_DSS_401_MAPPINGS) {
      expect({ rule: rule.name, requirements: requirements.length > 0 }).toEqual({ rule: rule.name, requirements: true });
      for (const requirement of requirements) {
        expect(requirement).toMatch(REQUIREMENT);
        expect(PRINCIPAL_REQUIREMENTS[principalOf(requirement)]).toBeDefined();
      }
      expect([...requirements].sort(compare)).toEqual(requirements);
    }
  });

  test('every mapping states its basis: an AWS publication, or the project reading named as such', () => {
    for (const { basis } of PUBLISHED_MAPPINGS) expect(basis).toMatch(/^(AWS Config conformance pack|AWS Security Hub control)/);
    for (const { basis } of PROJECT_MAPPINGS) expect(basis).toMatch(/^(pci-poc-kit mapping|AWS Security Hub control)/);
  });

  test('the segmentation and encryption checks of the POC are in the pack', () => {
    const names = PCI_DSS_401_MAPPINGS.map(({ rule }) => rule.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'DataSubnetsIsolated',
        'DatabaseOnlyFromAppTier',
        'TlsInTransit',
        'RDSStorageEncrypted',
        'S3BucketSSLRequestsOnly',
        'S3BucketLevelPublicAccessProhibited',
        'EC2RestrictedSSH',
      ]),
    );
  });
});
