import { instance } from '@viz-js/viz';
import { ICON_FILES, iconPlaceholder, ICON_SIZE_PX, IconName, inlineIcons } from './aws-icons';

/**
 * DOT to SVG with Graphviz compiled to WebAssembly (@viz-js/viz): no system binary, no network.
 * The layout is deterministic for a given Graphviz build; the XML prolog, DOCTYPE and the
 * comments Graphviz writes (its version, the graph and node names) are dropped so the SVG can be
 * inlined in HTML and does not change when only the Graphviz build's banner does. Graphviz
 * reserves a fixed size for each AWS icon placeholder; the icons themselves are inlined after.
 */
export async function renderSvg(dot: string): Promise<string> {
  const viz = await instance();
  const images = (Object.keys(ICON_FILES) as IconName[]).map((icon) => ({
    name: iconPlaceholder(icon),
    width: `${ICON_SIZE_PX}px`,
    height: `${ICON_SIZE_PX}px`,
  }));
  const svg = viz.renderString(dot, { format: 'svg', engine: 'dot', images });
  return `${inlineIcons(normalizeSvg(svg))}\n`;
}

export function normalizeSvg(svg: string): string {
  return svg
    .replace(/<\?xml[^>]*\?>\s*/g, '')
    .replace(/<!DOCTYPE[^>]*>\s*/g, '')
    .replace(/<!--[\s\S]*?-->\s*/g, '')
    .trim();
}
