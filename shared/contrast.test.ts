import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkContrast, contrastRatio, parseColor } from './contrast.ts';

describe('contrast', () => {
  it('reads hex and rgb colours, and refuses what it cannot judge', () => {
    assert.deepEqual(parseColor('#0a5cad'), [10, 92, 173]);
    assert.deepEqual(parseColor('#FFF'), [255, 255, 255]);
    assert.deepEqual(parseColor('rgb(10, 20, 30)'), [10, 20, 30]);
    assert.deepEqual(parseColor('rgb(10 20 30 / 1)'), [10, 20, 30]);
    assert.equal(parseColor('rgb(10 20 30 / 0.5)'), null);
    assert.equal(parseColor('inherit'), null);
    assert.equal(parseColor('rgb(300, 0, 0)'), null);
  });

  it('computes WCAG ratios', () => {
    assert.equal(Math.round(contrastRatio([0, 0, 0], [255, 255, 255]) * 100) / 100, 21);
    assert.equal(Math.round(contrastRatio([118, 118, 118], [255, 255, 255]) * 100) / 100, 4.54);
  });

  it('names the pair that fails and its ratio', () => {
    const results = checkContrast({
      'color-text': '#1f2933',
      'color-surface': '#ffffff',
      'color-muted': '#9aa5b1',
      'color-primary': '#0a5cad',
      'color-on-primary': '#ffffff',
      'color-error': '#b42318',
      'color-success': '#067647',
      'color-border': '#8a96a3',
    });
    const failing = results.filter((r) => !r.ok).map((r) => `${r.foreground} on ${r.background} ${r.ratio}`);
    assert.deepEqual(failing, ['color-muted on color-surface 2.5']);
  });

  it('fails a pair it cannot read rather than passing it', () => {
    const [text] = checkContrast({ 'color-text': 'inherit', 'color-surface': '#fff' });
    assert.equal(text?.ok, false);
    assert.equal(text?.ratio, null);
  });
});
