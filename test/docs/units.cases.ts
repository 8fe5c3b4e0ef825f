import { Diagram, toDot, toMermaid } from '../../lib/docs/diagram';
import { normalizeSvg, renderSvg } from '../../lib/docs/graphviz';
import { renderIndexHtml } from '../../lib/docs/html';
import { summarizePaths } from '../../lib/docs/relaxations';

test('summarizePaths lists a few paths, and folds many under one parent', () => {
  const entries = [1, 2, 3, 4].map((n) => `Stack/Nacl/App/In${n}`);
  expect(summarizePaths(['Stack/Bucket', ...entries])).toEqual(['Stack/Bucket', 'Stack/Nacl/App/* (4)']);
  expect(summarizePaths(entries.slice(0, 3))).toEqual(entries.slice(0, 3));
});

const diagram: Diagram = {
  title: 'Test "POC"',
  vpc: 'VPC 10.0.0.0/16',
  tiers: [
    {
      id: 'tier_web',
      name: 'web',
      subnets: [
        { az: 'AZ 1', cidr: '10.0.0.0/24' },
        { az: 'AZ 2', cidr: '10.0.1.0/24' },
      ],
    },
  ],
  nodes: [
    { id: 'zone_internet', lines: ['Internet'], kind: 'external', icon: 'internet' },
    { id: 'zone_web', lines: ['web', '2-4 x t4g.small'], kind: 'compute', icon: 'autoScaling', tier: 'tier_web' },
    { id: 'waf', lines: ['WAF'], kind: 'firewall', icon: 'waf' },
  ],
  edges: [
    { from: 'zone_internet', to: 'zone_web', label: 'tcp 80', style: 'flow' },
    { from: 'zone_web', to: 'zone_internet', label: 'tcp 443', style: 'egress' },
    { from: 'waf', to: 'zone_web', label: 'filters', style: 'association' },
  ],
};

describe('the diagram as DOT and Mermaid', () => {
  test('DOT: the tier is a cluster in the VPC cluster, labelled with its subnets per AZ; quotes escaped', () => {
    const dot = toDot(diagram);
    expect(dot).toContain('graph [label="Test \\"POC\\""');
    expect(dot).toMatch(/subgraph cluster_vpc \{\n {4}label="VPC 10\.0\.0\.0\/16";[\s\S]*subgraph cluster_tier_web \{/);
    expect(dot).toContain('<tr><td align="left">AZ 1: 10.0.0.0/24</td></tr><tr><td align="left">AZ 2: 10.0.1.0/24</td></tr>');
    // The icon placeholder above the lines; egress written in the box it leaves, not drawn.
    expect(dot).toContain(
      '    zone_web [label=<<table border="0" cellborder="0" cellspacing="0" cellpadding="1"><tr><td fixedsize="true" width="32" height="32"><img src="aws-icon:autoScaling"/></td></tr><tr><td><b>web</b><br/>2-4 x t4g.small<br/>out: tcp 443 to internet</td></tr></table>>, fillcolor="#fdf0de"];',
    );
    expect(dot).toContain(
      'zone_internet -> zone_web [label=<<table border="0" cellpadding="4"><tr><td>tcp 80</td></tr></table>>];',
    );
    expect(dot).not.toContain('zone_web -> zone_internet');
    expect(dot).toContain('waf -> zone_web [style=dashed, arrowhead=none, color="#c9302c"];');
  });

  test('Mermaid: subgraphs for the VPC and the tier, shapes by kind, labelled edges', () => {
    expect(toMermaid(diagram)).toBe(
      [
        'flowchart TB',
        '  zone_internet(["Internet"])',
        '  waf{{"WAF"}}',
        '  subgraph vpc["VPC 10.0.0.0/16"]',
        '    subgraph tier_web["web subnets: AZ 1 10.0.0.0/24 · AZ 2 10.0.1.0/24"]',
        '      zone_web["web<br/>2-4 x t4g.small"]',
        '    end',
        '  end',
        '  zone_internet -->|"tcp 80"| zone_web',
        '  zone_web -->|"tcp 443"| zone_internet',
        '  waf -.-|"filters"| zone_web',
        '',
      ].join('\n'),
    );
  });

  test('SVG: rendered in process, the same bytes twice, without prolog or comments', async () => {
    const first = await renderSvg(toDot(diagram));
    expect(first.startsWith('<svg ')).toBe(true);
    expect(first).toContain('>tcp 80</text>');
    expect(first).not.toMatch(/<\?xml|<!DOCTYPE|<!--/);
    expect(await renderSvg(toDot(diagram))).toBe(first);
    expect(normalizeSvg('<?xml version="1.0"?>\n<!DOCTYPE svg>\n<!-- v1 -->\n<svg><!-- a --><g/></svg>')).toBe('<svg><g/></svg>');
  });
});

test('index.html: the diagram image becomes the inline SVG, every heading gets a unique id', () => {
  const html = renderIndexHtml({
    title: 'T & <T>',
    summary: '',
    documents: [
      { file: 'ARCHITECTURE.md', markdown: '# Architecture\n\n![d](architecture.svg)\n\n## Notes\n' },
      { file: 'COST.md', markdown: '# Cost\n\n## Notes\n\n| a | b |\n| --- | --- |\n| 1<br>2 | [x](#notes-2) |\n' },
    ],
    diagramSvg: '<svg id="d"></svg>\n',
  });
  expect(html).toContain('<title>T &amp; &lt;T&gt;</title>');
  expect(html).toContain('<figure class="diagram">\n<svg id="d"></svg>\n</figure>');
  expect(html).not.toContain('<img');
  expect(html).toContain('<h2 id="notes">Notes</h2>');
  expect(html).toContain('<h2 id="notes-2">Notes</h2>');
  expect(html).toContain('<td>1<br>2</td>');
  expect(html).toContain('<section class="document" id="doc-cost">');
});

test('index.html: prose that looks like a tag (com.amazonaws.<region>.s3, a < b & c) is shown, not swallowed', () => {
  const html = renderIndexHtml({
    title: 'T',
    summary: '',
    documents: [
      {
        file: 'NETWORK.md',
        markdown:
          '# Network\n\n- VPC endpoints: com.amazonaws.<region>.s3 (Gateway).\n- `com.amazonaws.<region>.kms` in code.\n\n<div>block</div>\n\n| a |\n| --- |\n| x <b> y<br/>z |\n',
      },
    ],
    diagramSvg: '<svg></svg>',
  });
  expect(html).toContain('<li>VPC endpoints: com.amazonaws.&lt;region&gt;.s3 (Gateway).</li>');
  expect(html).toContain('<code>com.amazonaws.&lt;region&gt;.kms</code>');
  expect(html).toContain('<p>&lt;div&gt;block&lt;/div&gt;</p>');
  expect(html).toContain('<td>x &lt;b&gt; y<br>z</td>');
  expect(html).not.toMatch(/<(region|div|b)>/);
});
