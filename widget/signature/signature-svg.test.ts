/** Signatures the widget draws or types are ones the proxy (and Cliniko) accept. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSignatureDataUri } from '../../shared/signature-svg.ts';
import {
  signatureProblem,
  strokesToSvg,
  svgDataUri,
  typedNameFromSvg,
  typedNameToSvg,
  type Stroke,
} from './signature-svg.ts';

const WAVE: Stroke = Array.from({ length: 40 }, (_, i) => [20 + i * 10, 80 + 40 * Math.sin(i / 3)] as const);

describe('signatures', () => {
  it('turns drawn strokes into an SVG data URI the proxy accepts, no bigger than 500x500', () => {
    const uri = svgDataUri(strokesToSvg([WAVE, [[100, 100]]]));
    const check = checkSignatureDataUri(uri);
    assert.equal(check.ok, true, check.ok ? '' : check.reason);
    assert.match(check.ok ? check.svg : '', /width="500" height="160"/);
  });

  it('turns a typed name, even one with markup or accents, into an accepted SVG that shows it as text', () => {
    const uri = svgDataUri(typedNameToSvg('Zoë <b>O’Brien</b> & co'));
    const check = checkSignatureDataUri(uri);
    assert.equal(check.ok, true, check.ok ? '' : check.reason);
    assert.match(check.ok ? check.svg : '', /Zoë &lt;b&gt;O’Brien&lt;\/b&gt; &amp; co/);
  });

  it('reads a typed name back from its signature exactly, and nothing from a drawn one', () => {
    for (const name of ['Jordan Taylor', 'Zoë <b>O’Brien</b> & co', `Sam "Sammy" O'Neil`])
      assert.equal(typedNameFromSvg(svgDataUri(typedNameToSvg(name))), name);
    assert.equal(typedNameFromSvg(svgDataUri(strokesToSvg([WAVE]))), null);
    assert.equal(typedNameFromSvg('data:image/png;base64,AAAA'), null);
    assert.equal(typedNameFromSvg('data:image/svg+xml;base64,%%%'), null);
  });

  it('refuses an empty pad, a dot and a tiny scribble, and takes a real signature', () => {
    assert.match(signatureProblem([]) ?? '', /Sign in the box/);
    assert.match(signatureProblem([[[10, 10]]]) ?? '', /too small/);
    assert.match(
      signatureProblem([
        [
          [10, 10],
          [14, 12],
          [12, 16],
        ],
      ]) ?? '',
      /too small/,
    );
    assert.equal(signatureProblem([WAVE]), null);
  });
});
