import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The AWS Architecture Icons the diagram uses, from the npm package `aws-icons` (the official SVG
 * set AWS publishes at aws.amazon.com/architecture/icons, release 01/30/2026, optimized with svgo;
 * AWS lets customers and partners use them in architecture diagrams). Graphviz lays out a
 * fixed-size image placeholder per node (`<image xlink:href="aws-icon:NAME">` in its SVG); the
 * placeholders are then replaced by `<use>` of one inline `<symbol>` per icon, so the SVG stays
 * self-contained (no file, no request) and the same bytes for the same diagram.
 */
export const ICON_FILES = {
  internet: 'resource/Internet.svg',
  corporate: 'architecture-group/Corporatedatacenter.svg',
  cloudfront: 'architecture-service/AmazonCloudFront.svg',
  alb: 'resource/ElasticLoadBalancingApplicationLoadBalancer.svg',
  autoScaling: 'architecture-service/AmazonEC2AutoScaling.svg',
  ec2: 'architecture-service/AmazonEC2.svg',
  lambda: 'architecture-service/AWSLambda.svg',
  rds: 'architecture-service/AmazonRDS.svg',
  elasticache: 'architecture-service/AmazonElastiCache.svg',
  nat: 'resource/AmazonVPCNATGateway.svg',
  s3: 'architecture-service/AmazonSimpleStorageService.svg',
  waf: 'architecture-service/AWSWAF.svg',
} as const;

export type IconName = keyof typeof ICON_FILES;

/** The placeholder a DOT label's `<img src>` names, and the size Graphviz reserves for it. */
export const iconPlaceholder = (icon: IconName) => `aws-icon:${icon}`;
export const ICON_SIZE_PX = 32;

const ICONS_DIR = join(dirname(require.resolve('aws-icons/package.json')), 'icons');

/** `viewBox` and content of an icon file: its `<title>` (the icon set's file name) dropped. */
function readIcon(icon: IconName): { viewBox: string; content: string } {
  const file = join(ICONS_DIR, ICON_FILES[icon]);
  const match = /^<svg[^>]*viewBox="([^"]+)"[^>]*>([\s\S]*)<\/svg>\s*$/.exec(readFileSync(file, 'utf8'));
  if (!match) throw new Error(`${file}: not an SVG icon of the aws-icons package`);
  return { viewBox: match[1], content: match[2].replace(/<title>[\s\S]*?<\/title>/, '') };
}

/** The placeholders of Graphviz's SVG replaced by `<use>` of an inline `<symbol>` per icon used. */
export function inlineIcons(svg: string): string {
  const used = new Set<IconName>();
  const placeholder =
    /<image xlink:href="aws-icon:([A-Za-z0-9]+)" width="([\d.]+)px" height="([\d.]+)px" preserveAspectRatio="[^"]*" x="([-\d.]+)" y="([-\d.]+)"\/>/g;
  const body = svg.replace(placeholder, (_whole: string, name: string, width: string, height: string, x: string, y: string) => {
    if (!(name in ICON_FILES)) throw new Error(`the diagram names an unknown icon ${name}`);
    used.add(name as IconName);
    return `<use xlink:href="#aws-icon-${name}" x="${x}" y="${y}" width="${width}" height="${height}"/>`;
  });
  if (/<image /.test(body)) throw new Error('the diagram holds an image that is not an AWS icon placeholder');
  const symbols = [...used].sort().map((icon) => {
    const { viewBox, content } = readIcon(icon);
    return `<symbol id="aws-icon-${icon}" viewBox="${viewBox}">${content}</symbol>`;
  });
  return symbols.length === 0 ? body : body.replace(/(<svg[^>]*>)/, `$1\n<defs>\n${symbols.join('\n')}\n</defs>`);
}
