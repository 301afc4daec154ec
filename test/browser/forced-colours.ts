/**
 * What a screen's controls lose under forced colours (Windows high contrast), where the
 * browser replaces every colour with the system's: a button or link must keep an edge or an
 * underline that shows, and words readable against what is behind them.
 */
import { contrastOf } from './contrast-probe.ts';

/** One line per control of `root` that fails to show; empty when all show (or none is there). */
export function controlsThatDoNotShow(root: ParentNode): string[] {
  const problems: string[] = [];
  const controls = root.querySelectorAll<HTMLElement>('button, a');
  if (controls.length === 0) problems.push('no control on the screen');
  for (const control of controls) {
    const style = getComputedStyle(control);
    const name = control.textContent?.trim().replace(/\s+/g, ' ') ?? '';
    const edged = style.borderTopStyle !== 'none' && parseFloat(style.borderTopWidth) >= 1;
    const underlined = style.textDecorationLine.includes('underline');
    if (!edged && !underlined) problems.push(`${name}: no edge and no underline`);
    if (edged && contrastOf(control, 'borderTopColor') < 3) problems.push(`${name}: its edge is faint`);
    if (contrastOf(control) < 4.5) problems.push(`${name}: its words are faint`);
  }
  return problems;
}
