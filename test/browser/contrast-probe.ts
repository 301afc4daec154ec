/**
 * Contrast as the patient sees it, read off the rendered widget: each element's computed
 * text colour over the first opaque background behind it (up the flat tree, through shadow
 * roots, out to the page). Colours in any CSS syntax are read the way the widget reads them.
 */
import { contrastRatio, over, type Rgb } from '../../shared/contrast.ts';
import { readColour } from '../../widget/theme/read-colour.ts';

function parentOf(el: Element): Element | null {
  return el.assignedSlot ?? el.parentElement ?? ((el.getRootNode() as ShadowRoot).host || null);
}

/** The colour painted behind `el`: its own and its ancestors' backgrounds, over white. */
export function backgroundBehind(el: Element): Rgb {
  const layers: Array<[number, number, number, number]> = [];
  for (let node: Element | null = el; node; node = parentOf(node)) {
    const colour = readColour(getComputedStyle(node).backgroundColor);
    if (colour && colour[3] > 0) layers.push(colour);
    if (colour?.[3] === 1) break;
  }
  return layers.reduceRight<Rgb>((below, layer) => over(layer, below), [255, 255, 255]);
}

/** The contrast ratio of `el`'s text (or of `property`, e.g. an outline) against what is behind it. */
export function contrastOf(
  el: Element,
  property: 'color' | 'outlineColor' | 'borderTopColor' = 'color',
): number {
  const behind = property === 'outlineColor' ? backgroundBehind(parentOf(el) ?? el) : backgroundBehind(el);
  const colour = readColour(getComputedStyle(el)[property]);
  if (!colour) throw new Error(`cannot read ${property} of ${el.tagName}`);
  return Math.round(contrastRatio(over(colour, behind), behind) * 100) / 100;
}

/**
 * Every element under `root` (through shadow roots) that shows text of its own, with its
 * contrast; for a report of the lowest ones.
 */
export function textContrasts(root: ParentNode): Array<{ el: Element; text: string; ratio: number }> {
  const out: Array<{ el: Element; text: string; ratio: number }> = [];
  const visit = (node: ParentNode) => {
    for (const el of node.querySelectorAll('*')) {
      if (el.shadowRoot) visit(el.shadowRoot);
      const own = [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (!own || el.closest('[aria-disabled="true"]') || (el as HTMLButtonElement).disabled) continue;
      if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (el.closest('.visually-hidden')) continue;
      out.push({ el, text: own.slice(0, 40), ratio: contrastOf(el) });
    }
  };
  visit(root);
  return out;
}
