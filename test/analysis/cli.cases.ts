import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeCommand } from '../../scripts/analyze';
import { ROOT, runCommandInProcess } from '../helpers';
import { writeAssembly } from './fixture';
import { miniPoc } from './mini-poc';

const analyzeCli = (...args: string[]) => runCommandInProcess(analyzeCommand, ...args);

/** The default config as the customer "Mini" of the fixture's stacks (Mini-Network, ...). */
const MINI_CONFIG = join(mkdtempSync(join(tmpdir(), 'analysis-cli-config-')), 'mini.yaml');
writeFileSync(
  MINI_CONFIG,
  readFileSync(join(ROOT, 'config/anycompany-apparel.yaml'), 'utf8').replace('name: AnyCompany Apparel', 'name: Mini'),
);
const mini = ['-c', `config=${MINI_CONFIG}`];

describe('npm run analyze', () => {
  test('exits 0 and prints the matrix when the templates match the design table', async () => {
    const result = await analyzeCli(writeAssembly(miniPoc().stacks), ...mini);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('| **web load balancer** |  |  |  |  | tcp 80 |');
    expect(result.stdout).toContain('Result: the templates match the design table.');
  });

  test('exits 1 naming each unexpected and each blocked flow with its rule; --json writes the report', async () => {
    const poc = miniPoc();
    poc.network.resources.BastionGroup.Properties.SecurityGroupIngress = [
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' },
    ];
    poc.network.resources.PublicNaclIn110.Properties.CidrBlock = '0.0.0.0/0';
    delete (poc.network.resources as Record<string, unknown>).DataNaclOut100;
    const json = join(mkdtempSync(join(tmpdir(), 'analysis-cli-')), 'segmentation.json');
    const result = await analyzeCli(writeAssembly(poc.stacks), ...mini, '--json', json);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('unexpected flow internet -> bastion tcp 22, allowed by:');
    expect(result.stderr).toContain(
      'security group  Mini-Network/BastionGroup SecurityGroupIngress[0] (ingress tcp 22 from 0.0.0.0/0)',
    );
    expect(result.stderr).toContain('blocked design flow app -> database tcp 3306 (MySQL over TLS):');
    expect(result.stderr).toContain('stopped by Mini-Network/DataNacl rule * (deny everything no rule matches)');
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({
      ok: false,
      unexpected: [{ from: 'internet', to: 'bastion', ports: { from: 22, to: 22 } }],
    });
  });

  test('exits 1 on a rule the analysis cannot check, naming it', async () => {
    const poc = miniPoc();
    poc.network.resources.BastionGroup.Properties.SecurityGroupIngress = [
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv6: '::/0' },
    ];
    const result = await analyzeCli(writeAssembly(poc.stacks), ...mini);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'rule the analysis cannot check: Mini-Network/BastionGroup SecurityGroupIngress[0] (ingress tcp 22 from ::/0)',
    );
  });

  test('an assembly of another config exits 2 naming its stacks and the fix, and analyses nothing', async () => {
    const result = await analyzeCli(writeAssembly(miniPoc().stacks));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/holds the stacks Mini-\w+.*, none of AnyCompany Apparel \(AnyCompanyApparel-\*\)/);
    expect(result.stderr).toContain('pass the config it was synthesized from with -c config=PATH');
  });

  test('a directory without templates exits 2 and says to synthesize first', async () => {
    const result = await analyzeCli(mkdtempSync(join(tmpdir(), 'analysis-empty-')));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/holds no CloudFormation templates; run `npx cdk synth` first/);
  });

  test('a bad flag or config exits 2 naming it, and writes nothing', async () => {
    const json = join(mkdtempSync(join(tmpdir(), 'analysis-cli-')), 'out.json');
    const missing = await analyzeCli(writeAssembly(miniPoc().stacks), '-c', 'config=config/missing.yaml', '--json', json);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('Invalid POC config config/missing.yaml:\n  - file not found');
    expect(existsSync(json)).toBe(false);
    const unknown = await analyzeCli('--format', 'html');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^unknown option --format\n\nusage: npm run analyze/);
  });
});
