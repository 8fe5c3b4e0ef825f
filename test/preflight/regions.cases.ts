import { checkDisasterRecoveryRegion } from '../../lib/preflight/regions';
import { configWith, contextOf, outcomes } from './fixtures';

const withCopyTo = (copyToRegion: string | null) => ({
  ...contextOf(),
  config: configWith((raw) => {
    raw.disasterRecovery = { ...raw.disasterRecovery, copyToRegion };
  }),
});

describe('DR copy region', () => {
  test('another region than the primary: ok', () => {
    expect(outcomes(checkDisasterRecoveryRegion(withCopyTo('eu-west-1')))).toEqual(['ok backup copies go to eu-west-1']);
  });

  test('the primary region of an environment-agnostic config: blocker', () => {
    const [result] = checkDisasterRecoveryRegion(withCopyTo('eu-west-3'));
    expect(result).toMatchObject({
      status: 'blocker',
      region: 'eu-west-3',
      result:
        'disasterRecovery.copyToRegion is eu-west-3, the primary region: the copies would not survive the loss of the region',
    });
  });

  test('no copy: said so', () => {
    expect(outcomes(checkDisasterRecoveryRegion(withCopyTo(null)))).toEqual([
      'ok no DR copy (disasterRecovery.copyToRegion: null)',
    ]);
  });
});
