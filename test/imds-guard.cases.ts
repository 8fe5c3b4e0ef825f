import { APP_SERVICE_USER, IMDS_GUARD_UNIT, imdsGuardCommands } from '../lib/constructs/tier-user-data';
import { synthesizeDefaultAndExample, tierUserData } from './helpers';

const { poc, example } = synthesizeDefaultAndExample();

const userDataOf = tierUserData;

const IPTABLES = 'ExecStart=/usr/sbin/iptables -w ';

/** The metadata-service rules of a guard unit (or of a whole user data), in order. */
function rules(unitText: string): string[] {
  return unitText
    .split('\n')
    .filter((line) => line.startsWith(IPTABLES))
    .map((line) => line.slice(IPTABLES.length));
}

describe('the metadata service guard', () => {
  test('accepts root and the named users, rejects everyone else, and is hooked into OUTPUT last', () => {
    const [, unit] = imdsGuardCommands(['poc-app']);
    expect(rules(unit)).toEqual([
      '-N POC-IMDS',
      '-A POC-IMDS -m owner --uid-owner root -j ACCEPT',
      '-A POC-IMDS -m owner --uid-owner poc-app -j ACCEPT',
      '-A POC-IMDS -j REJECT',
      '-I OUTPUT -d 169.254.169.254/32 -j POC-IMDS',
    ]);
  });

  test('is a unit enabled at every boot before the SSM agent takes sessions, and undone cleanly on stop', () => {
    const commands = imdsGuardCommands([]);
    expect(commands[0]).toBe('dnf -y install iptables-nft');
    expect(commands[1]).toContain('Before=amazon-ssm-agent.service');
    expect(commands[1]).toContain('WantedBy=multi-user.target');
    expect(commands[1]).toContain('ExecStop=/usr/sbin/iptables -w -D OUTPUT -d 169.254.169.254/32 -j POC-IMDS');
    expect(commands[1]).toContain('ExecStop=/usr/sbin/iptables -w -X POC-IMDS');
    expect(commands.at(-1)).toBe(`systemctl enable --now ${IMDS_GUARD_UNIT}`);
  });

  test.each([
    ['default', poc],
    ['example', example],
  ])('%s config: the app tier admits root and the service user, the web tier root alone', (_, synth) => {
    const app = userDataOf(synth, 'AppTier');
    const web = userDataOf(synth, 'WebTier');
    expect(rules(app)).toEqual(rules(imdsGuardCommands([APP_SERVICE_USER])[1]));
    expect(rules(web)).toEqual(rules(imdsGuardCommands([])[1]));
    for (const userData of [app, web]) expect(userData).toContain(`systemctl enable --now ${IMDS_GUARD_UNIT}`);
    // The service user exists before the guard names it.
    expect(app.indexOf(`useradd --system`)).toBeLessThan(app.indexOf(IMDS_GUARD_UNIT));
  });
});
