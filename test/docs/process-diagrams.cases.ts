import { loadDocsModel } from '../../lib/docs/assembly-model';
import { MONITORING_DIAGRAM_FILE, monitoringDiagram } from '../../lib/docs/monitoring-diagram';
import { DiagramModel, ProcessDiagram, toProcessDot } from '../../lib/docs/process-graph';
import { RECOVERY_DIAGRAM_FILE, recoveryDiagram } from '../../lib/docs/recovery-diagram';
import { renderSvg } from '../../lib/docs/graphviz';
import { loadModel } from '../../lib/model';
import { exampleConfig, synthesized, variant } from '../helpers';
import { assemblyDirectory } from '../support/assemblies';
import type { VariantName } from '../support/variants';
import { GeneratedDocs, generateDefaultDocs, templatesOf } from './generated';

/**
 * recovery.svg and monitoring.svg: drawn from the templates (what each box and arrow stands for is
 * in them, and what is not in them is not drawn), byte for byte the same on each run, legible at A4
 * width, inlined in index.html beside the sections that describe them.
 */

let docs: GeneratedDocs;
beforeAll(async () => {
  docs = await generateDefaultDocs();
});

const defaultModel = (): DiagramModel => {
  const poc = loadModel(assemblyDirectory('default'));
  return { config: synthesized('default').config, poc, stacks: poc.stacks };
};
const variantModel = (name: VariantName): DiagramModel => {
  const synthesizedVariant = variant(name);
  const poc = loadModel(synthesizedVariant.assembly.directory);
  return { config: synthesizedVariant.config, poc, stacks: poc.stacks };
};

/** `from title -> to title: label`, one per edge: what a reader sees, without the DOT ids. */
function arrows(diagram: ProcessDiagram): string[] {
  const title = (id: string) => diagram.nodes.find((node) => node.id === id)?.lines.join(' | ') ?? `missing ${id}`;
  return diagram.edges.map(
    (edge) => `${title(edge.from)} -> ${title(edge.to)}: ${edge.label}${edge.style === 'recovery' ? ' (restore)' : ''}`,
  );
}

describe('recovery.svg', () => {
  test('the default POC: Multi-AZ standby, automated backups, plan -> vault -> copy to the DR region, a restore from each', () => {
    expect(arrows(recoveryDiagram(defaultModel()))).toEqual([
      'RDS primary (mysql) | anycompany-apparel-mysql | deployment region -> Standby (Multi-AZ) | another AZ, no reads | promoted on failover: synchronous replication',
      'RDS primary (mysql) | anycompany-apparel-mysql | deployment region -> RDS automated backups | kept 14 days: snapshots, transaction logs',
      'RDS automated backups | kept 14 days -> Restored DB instance | deployment region: point-in-time restore (restore)',
      'RDS primary (mysql) | anycompany-apparel-mysql | deployment region -> AWS Backup plan | anycompany-apparel-database | cron(0 5 * * ? *): selected',
      'AWS Backup plan | anycompany-apparel-database | cron(0 5 * * ? *) -> AWS Backup vault | AnyCompanyApparelDataBackupVaultEFBB8D43 | deployment region: recovery points, kept 14 days',
      'AWS Backup vault | AnyCompanyApparelDataBackupVaultEFBB8D43 | deployment region -> Restored DB instance | deployment region: restore (restore)',
      'AWS Backup vault | AnyCompanyApparelDataBackupVaultEFBB8D43 | deployment region -> AWS Backup vault | anycompany-apparel-dr-copies | eu-west-1: copy to eu-west-1, kept 14 days',
      'AWS Backup vault | anycompany-apparel-dr-copies | eu-west-1 -> Restored DB instance | eu-west-1: restore (restore)',
    ]);
  });

  test('without a DR copy: no DR vault, no copy, no restore outside the deployment region', () => {
    const drawn = arrows(recoveryDiagram(variantModel('no-dr-copy'))).join('\n');
    expect(drawn).toContain('recovery points, kept 14 days');
    expect(drawn).not.toMatch(/copy to|dr-copies|eu-west-1/);
  });

  test('the standby follows MultiAZ: a template without it draws none', () => {
    const model = defaultModel();
    const single: DiagramModel = {
      ...model,
      poc: Object.create(model.poc, {
        databases: { value: model.poc.databases.map((database) => ({ ...database, multiAz: false })) },
      }) as typeof model.poc,
    };
    expect(arrows(recoveryDiagram(single)).join('\n')).not.toContain('Standby');
  });
});

describe('monitoring.svg', () => {
  test('every alarm of the templates is counted once, in a box whose arrow reaches the topic its actions name', () => {
    const diagram = monitoringDiagram(defaultModel());
    const alarms = Object.values(templatesOf(assemblyDirectory('default'))).flatMap((template) =>
      Object.values(template.Resources ?? {}).filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm'),
    );
    const counted = diagram.nodes
      .map((node) => /^CloudWatch alarms x (\d+)$/.exec(node.lines[0])?.[1])
      .reduce((sum, count) => sum + Number(count ?? 0), 0);
    expect(counted).toBe(alarms.length);
    const drawn = arrows(diagram);
    expect(drawn.filter((arrow) => /^CloudWatch alarms .* -> Amazon SNS topic .*: alarm actions$/.test(arrow))).toHaveLength(2);
  });

  test('Config rules and GuardDuty findings reach the alarm topic through EventBridge; each topic e-mails; the trail archives', () => {
    const drawn = arrows(monitoringDiagram(defaultModel()));
    expect(drawn).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^AWS Config rules \| 16 managed rules -> EventBridge rules x 4 \|.*AWS Config compliance changes.*: compliance changes$/,
        ),
        expect.stringMatching(/^Amazon GuardDuty \| 1 detector -> EventBridge rules x 4 .*: findings$/),
        expect.stringMatching(
          /^EventBridge rules x 4 .* -> Amazon SNS topic \| Alarms\/Topic \| deployment region: matching events$/,
        ),
        expect.stringMatching(/^RDS event subscription \| db-instance -> Amazon SNS topic .*deployment region: events$/),
        expect.stringMatching(/^Amazon SNS topic .* \| us-east-1 -> email subscription .*: notifies$/),
        expect.stringMatching(/^Amazon SNS topic .* \| deployment region -> email subscription .*: notifies$/),
        expect.stringMatching(/^CloudTrail trail \| logging .* -> S3 log archive .*: log files$/),
      ]),
    );
  });

  test('what the account already has is not drawn: no GuardDuty nor trail of the POC on an existing baseline, its Config rules still', () => {
    const drawn = arrows(monitoringDiagram(variantModel('existing-account-baseline'))).join('\n');
    expect(drawn).not.toMatch(/Amazon GuardDuty|GuardDuty findings|CloudTrail trail/);
    expect(drawn).toContain('AWS Config rules | 16 managed rules -> EventBridge rules x 3');
    expect(drawn).toContain('alarm actions');
  });
});

describe('rendering', () => {
  const FILES = [RECOVERY_DIAGRAM_FILE, MONITORING_DIAGRAM_FILE];

  test('the generated files are the diagrams of the default POC, and the same bytes on a second rendering', async () => {
    const model = defaultModel();
    expect(docs.files[RECOVERY_DIAGRAM_FILE]).toBe(await renderSvg(toProcessDot(recoveryDiagram(model))));
    expect(docs.files[MONITORING_DIAGRAM_FILE]).toBe(await renderSvg(toProcessDot(monitoringDiagram(model))));
    expect(await renderSvg(toProcessDot(recoveryDiagram(defaultModel())))).toBe(docs.files[RECOVERY_DIAGRAM_FILE]);
  });

  /** The smallest text of an SVG, in pt, once the SVG is scaled to the 180 mm text width of an A4 page. */
  function smallestTextAtA4(drawing: string): number {
    const viewBoxWidth = Number(/viewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"/.exec(drawing)?.[1]);
    const fontSizes = [...drawing.matchAll(/font-size="([\d.]+)"/g)].map((match) => Number(match[1]));
    expect(fontSizes.length).toBeGreaterThan(15);
    const a4TextWidthPt = (180 / 25.4) * 72;
    return Number((Math.min(...fontSizes) * Math.min(1, a4TextWidthPt / viewBoxWidth)).toFixed(2));
  }

  test('legible at A4 width: scaled to 180 mm, the smallest text is 7 pt or more (the default and the 3-AZ example)', async () => {
    for (const file of FILES) expect(smallestTextAtA4(docs.files[file])).toBeGreaterThanOrEqual(7);
    const example = loadDocsModel(assemblyDirectory('example'), exampleConfig());
    for (const diagram of [recoveryDiagram(example), monitoringDiagram(example)]) {
      expect(smallestTextAtA4(await renderSvg(toProcessDot(diagram)))).toBeGreaterThanOrEqual(7);
    }
  });

  test('index.html inlines each where its document shows it (RESILIENCE, SECURITY), with no element id twice on the page', () => {
    const html = docs.files['index.html'];
    const sectionOf = (id: string) => {
      const start = html.indexOf(`<section class="document" id="doc-${id}">`);
      return html.slice(start, html.indexOf('</section>', start));
    };
    expect(sectionOf('resilience')).toContain(docs.files[RECOVERY_DIAGRAM_FILE].trim());
    expect(sectionOf('security')).toContain(docs.files[MONITORING_DIAGRAM_FILE].trim());
    expect(html).not.toMatch(/<img src="(recovery|monitoring)\.svg"/);
    expect(docs.files['RESILIENCE.md']).toContain(`](${RECOVERY_DIAGRAM_FILE})`);
    expect(docs.files['SECURITY.md']).toContain(`](${MONITORING_DIAGRAM_FILE})`);
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]);
    expect(ids.filter((id, at) => ids.indexOf(id) !== at)).toEqual([]);
  });
});
