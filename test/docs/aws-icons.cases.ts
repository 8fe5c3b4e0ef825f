import { inlineIcons } from '../../lib/docs/aws-icons';
import { wrapLine } from '../../lib/docs/diagram';

const placeholder = (name: string, x: string) =>
  `<image xlink:href="aws-icon:${name}" width="24px" height="24px" preserveAspectRatio="xMinYMin meet" x="${x}" y="-10.5"/>`;

describe('the AWS icons in the rendered diagram', () => {
  test('each placeholder becomes a <use> of one inline <symbol> per icon, shared by every box that shows it', () => {
    const svg = inlineIcons(
      `<svg width="10pt" viewBox="0 0 10 10">\n<g>${placeholder('rds', '1')}${placeholder('s3', '2.5')}${placeholder('rds', '3')}</g>\n</svg>`,
    );
    expect(svg.match(/<symbol /g)).toHaveLength(2);
    expect(svg).toMatch(/^<svg width="10pt" viewBox="0 0 10 10">\n<defs>\n<symbol id="aws-icon-rds" viewBox="0 0 64 64"><g /);
    expect(svg).toContain('<use xlink:href="#aws-icon-s3" x="2.5" y="-10.5" width="24" height="24"/>');
    expect(svg.match(/<use xlink:href="#aws-icon-rds"/g)).toHaveLength(2);
    expect(svg).not.toMatch(/<image|<title>/);
  });

  test('an icon the kit does not know, or any other image, is refused rather than left as a request', () => {
    expect(() => inlineIcons(`<svg>${placeholder('toaster', '1')}</svg>`)).toThrow('the diagram names an unknown icon toaster');
    expect(() => inlineIcons('<svg><image xlink:href="https://example.com/x.png" x="1" y="1"/></svg>')).toThrow(
      'the diagram holds an image that is not an AWS icon placeholder',
    );
  });
});

test('box lines wrap at a space, never inside a word', () => {
  expect(wrapLine('ALB load balancer (internal, CloudFront VPC origin)')).toEqual([
    'ALB load balancer',
    '(internal, CloudFront VPC',
    'origin)',
  ]);
  expect(wrapLine('AnyCompanyApparel-Edge-VeryLongConstructName', 10)).toEqual(['AnyCompanyApparel-Edge-VeryLongConstructName']);
  expect(wrapLine('web')).toEqual(['web']);
});
