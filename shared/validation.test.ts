import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DRAWN_SIGNATURE, DRAWN_SIGNATURE_SVG, svgDataUri } from '../test/fixtures/signature.ts';
import { addDaysToIsoDate, dateOfBirthProblem, isIsoDate } from './dates.ts';
import { isValidMedicareIrn, isValidMedicareNumber } from './medicare.ts';
import { normalisePhone } from './phone.ts';
import { checkSignatureDataUri, checkSignatureSvg } from './signature-svg.ts';

describe('Medicare card number', () => {
  it('accepts numbers whose check digit matches, with or without spaces', () => {
    assert.equal(isValidMedicareNumber('2123456701'), true);
    assert.equal(isValidMedicareNumber('2123 45670 1'), true);
    assert.equal(isValidMedicareNumber('3951 23458 1'), true);
  });
  it('refuses a wrong check digit, a bad first digit, issue number 0 or the wrong length', () => {
    assert.equal(isValidMedicareNumber('2123456711'), false);
    assert.equal(isValidMedicareNumber('7123456701'), false);
    assert.equal(isValidMedicareNumber('2123456700'), false);
    assert.equal(isValidMedicareNumber('212345670'), false);
  });
  it('takes a reference number of 1 to 9', () => {
    assert.equal(isValidMedicareIrn('1'), true);
    assert.equal(isValidMedicareIrn('0'), false);
    assert.equal(isValidMedicareIrn('12'), false);
  });
});

describe('phone numbers', () => {
  it('normalises Australian mobiles and landlines to E.164', () => {
    assert.equal(normalisePhone('0412 345 678'), '+61412345678');
    assert.equal(normalisePhone('(02) 9876-5432'), '+61298765432');
    assert.equal(normalisePhone('+61 412 345 678'), '+61412345678');
  });
  it('accepts international numbers in E.164 form', () => {
    assert.equal(normalisePhone('+44 7700 900123'), '+447700900123');
  });
  it('refuses junk and malformed Australian numbers', () => {
    for (const bad of ['12', '0412', '+61 12', 'call me', '0112345678', '+0123456789']) {
      assert.equal(normalisePhone(bad), null, bad);
    }
  });
});

describe('calendar dates', () => {
  it('knows real dates', () => {
    assert.equal(isIsoDate('2024-02-29'), true);
    assert.equal(isIsoDate('2025-02-29'), false);
    assert.equal(isIsoDate('2025-1-01'), false);
  });
  it('adds days across months and years', () => {
    assert.equal(addDaysToIsoDate('2026-12-30', 3), '2027-01-02');
  });
  it('refuses a date of birth in the future or over 120 years ago', () => {
    assert.equal(dateOfBirthProblem('1990-05-01', '2026-11-23'), null);
    assert.match(dateOfBirthProblem('2026-11-24', '2026-11-23') ?? '', /future/);
    assert.match(dateOfBirthProblem('1906-11-22', '2026-11-23') ?? '', /120 years/);
    assert.equal(dateOfBirthProblem('1906-11-23', '2026-11-23'), null);
  });
});

describe('signature SVG', () => {
  it('accepts a drawn signature and a typed one', () => {
    assert.deepEqual(checkSignatureDataUri(DRAWN_SIGNATURE), { ok: true, svg: DRAWN_SIGNATURE_SVG });
    const typed =
      '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120"><text x="10" y="80" font-family="cursive" font-size="40">Zoë O&apos;Brien &amp; Co</text></svg>';
    assert.equal(checkSignatureDataUri(svgDataUri(typed)).ok, true);
  });

  for (const [name, svg] of [
    [
      'a script',
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><path d="M0 0"/></svg>',
    ],
    [
      'an event handler',
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"><path d="M0 0"/></svg>',
    ],
    [
      'a link',
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><a href="https://evil.example"><path d="M0 0"/></a></svg>',
    ],
    [
      'an external image',
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="https://evil.example/x.png"/></svg>',
    ],
    [
      'a CSS url',
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><path d="M0 0" fill="url(https://evil.example)"/></svg>',
    ],
    [
      'a style element',
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><style>*{}</style><path d="M0 0"/></svg>',
    ],
    [
      'a doctype with entities',
      '<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><path d="M0 0"/></svg>',
    ],
    [
      'a custom entity',
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&xxe;</text></svg>',
    ],
    [
      'a width over 500',
      '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="10"><path d="M0 0"/></svg>',
    ],
    ['no drawing at all', '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'],
    [
      'unclosed tags',
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><g><path d="M0 0"/></svg>',
    ],
    ['not svg', '<html><body>hi</body></html>'],
  ] as const) {
    it(`refuses ${name}`, () => {
      assert.equal(checkSignatureSvg(svg).ok, false);
    });
  }

  it('refuses a PNG, broken base64 and an oversized image', () => {
    assert.equal(checkSignatureDataUri('data:image/png;base64,iVBORw0KGgo=').ok, false);
    assert.equal(checkSignatureDataUri('data:image/svg+xml;base64,%%%').ok, false);
    const huge = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">${'<path d="M0 0"/>'.repeat(10_000)}</svg>`;
    assert.equal(checkSignatureDataUri(svgDataUri(huge)).ok, false);
  });
});
