import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml } from './escape-html.ts';

describe('escapeHtml', () => {
  it('escapes &, <, >, " and \', each once, and leaves other text as it is', () => {
    assert.equal(
      escapeHtml(`Zoë O'Brien & Co <b>"hi"</b>`),
      'Zoë O&#39;Brien &amp; Co &lt;b&gt;&quot;hi&quot;&lt;/b&gt;',
    );
    assert.equal(escapeHtml('&amp;'), '&amp;amp;', 'an entity the patient typed stays visible as typed');
    assert.equal(escapeHtml('Knee, back\nand hip'), 'Knee, back\nand hip');
  });
});
