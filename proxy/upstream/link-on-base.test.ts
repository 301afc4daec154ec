import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linkOnBase } from './link-on-base.ts';

describe('paging links on the configured base', () => {
  const base = new URL('https://proxy-fake.test:8443/v1');

  it('moves a link on the practice system’s own host onto the configured base, query kept', () => {
    assert.equal(
      linkOnBase('https://api.au2.cliniko.com/v1/patients?page=2&per_page=100', base),
      'https://proxy-fake.test:8443/v1/patients?page=2&per_page=100',
    );
    assert.equal(
      linkOnBase('/v1/appointment_types?page=3', base),
      'https://proxy-fake.test:8443/v1/appointment_types?page=3',
    );
  });

  it('refuses a link outside the base path or one that is not a URL, so the credentials go nowhere else', () => {
    assert.equal(linkOnBase('https://evil.example/steal?page=2', base), null);
    assert.equal(linkOnBase('https://api.au2.cliniko.com/v2/patients?page=2', base), null);
    assert.equal(linkOnBase('https://api.au2.cliniko.com/v1', base), null);
    assert.equal(linkOnBase('http://[not a host', base), null);
  });
});
