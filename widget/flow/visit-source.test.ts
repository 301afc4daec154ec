/**
 * The visit's source as the booking sends it: what the URL, the referrer and the page's
 * attributes say, what is left out, and which wins.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_SOURCE_VALUE_LENGTH } from '../../shared/booking-source.ts';
import { bookingSourceSchema } from '../../shared/contract.ts';
import { visitSource, type VisitPage } from './visit-source.ts';

function page(url: string, referrer = '', attributes: Record<string, string> = {}): VisitPage {
  return { url, referrer, attribute: (name) => attributes[name] ?? null };
}

describe('visitSource', () => {
  it('reads the campaign parameters and click ids from the URL, and the path', () => {
    const url =
      'https://www.acme.com.au/book/physio?utm_source=google&utm_medium=cpc&utm_campaign=winter+back&' +
      'utm_term=physio%20near%20me&utm_content=ad-2&gclid=Cj0KCQ&fbclid=IwAR1&other=x#top';
    assert.deepEqual(visitSource(page(url)), {
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'winter back',
      utm_term: 'physio near me',
      utm_content: 'ad-2',
      gclid: 'Cj0KCQ',
      fbclid: 'IwAR1',
      landingPath: '/book/physio',
    });
  });

  it('keeps only the origin of another site’s referrer, never its path or query', () => {
    const source = visitSource(
      page('https://www.acme.com.au/', 'https://www.google.com/search?q=knee+pain+dr+smith'),
    );
    assert.deepEqual(source, { referrer: 'https://www.google.com', landingPath: '/' });
  });

  it('leaves out a referrer from the site itself, a missing one and one that is not a web page', () => {
    for (const referrer of [
      'https://www.acme.com.au/services?x=1',
      '',
      'android-app://com.example',
      'nonsense',
    ]) {
      assert.deepEqual(
        visitSource(page('https://www.acme.com.au/book', referrer)),
        { landingPath: '/book' },
        referrer,
      );
    }
  });

  it('leaves out empty parameters and trims the others', () => {
    const source = visitSource(page('https://acme.com.au/?utm_source=&utm_medium=%20email%20&gclid='));
    assert.deepEqual(source, { utm_medium: 'email', landingPath: '/' });
  });

  it('cuts an overlong value to the longest the booking takes', () => {
    const long = 'x'.repeat(MAX_SOURCE_VALUE_LENGTH + 50);
    const source = visitSource(page(`https://acme.com.au/?utm_campaign=${long}`));
    assert.equal(source.utm_campaign, 'x'.repeat(MAX_SOURCE_VALUE_LENGTH));
  });

  it('takes the campaign from the page’s attributes when it sets any, ignoring the URL’s whole campaign', () => {
    const source = visitSource(
      page(
        'https://acme.com.au/book?utm_source=google&utm_medium=cpc&utm_campaign=ad&gclid=G1',
        'https://www.google.com/',
        { 'utm-source': 'newsletter', 'utm-campaign': 'december' },
      ),
    );
    // No medium: the URL's "cpc" belonged to another campaign. The click id is still the visit's.
    assert.deepEqual(source, {
      utm_source: 'newsletter',
      utm_campaign: 'december',
      gclid: 'G1',
      referrer: 'https://www.google.com',
      landingPath: '/book',
    });
  });

  it('reads the URL’s campaign when the page sets no utm attribute', () => {
    const source = visitSource(page('https://acme.com.au/?utm_source=facebook', '', { clinic: 'acme' }));
    assert.equal(source.utm_source, 'facebook');
  });

  it('leaves out what the proxy would refuse: special characters, an overlong origin or path, a path starting //', () => {
    const source = visitSource(
      page(
        `https://acme.com.au//evil.example/x?utm_source=a%E2%80%AEb&utm_medium=line%0Abreak&utm_term=ok`,
        `https://${'a'.repeat(250)}.example/`,
        {},
      ),
    );
    assert.deepEqual(source, { utm_term: 'ok' });
    const emoji = visitSource(page(`https://acme.com.au/?utm_campaign=${'x'.repeat(199)}%F0%9F%98%80`));
    assert.equal(emoji.utm_campaign, 'x'.repeat(199), 'a character is never cut in half');
  });

  it('whatever the page, its URL and its referrer, sends only what the proxy takes', () => {
    const text = fc.string({ unit: 'binary', maxLength: 260 });
    fc.assert(
      fc.property(
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
        fc.dictionary(fc.constantFrom('utm_source', 'utm_medium', 'gclid', 'fbclid', 'utm_term'), text),
        fc.oneof(fc.webUrl(), text),
        fc.dictionary(fc.constantFrom('utm-source', 'utm-campaign', 'utm-content'), text),
        fc.webPath(),
        (base, query, referrer, attributes, path) => {
          const url = new URL(base);
          url.pathname = path;
          for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
          const source = visitSource(page(url.href, referrer, attributes));
          const parsed = bookingSourceSchema.safeParse(source);
          assert.ok(parsed.success, `${JSON.stringify(source)}: ${parsed.error?.message}`);
        },
      ),
      { numRuns: 500 },
    );
  });
});
