/**
 * Pins each assumption about Cliniko's API (see `assumptions.ts`) and the config's shard
 * rule: when a clinic with a trial account settles one differently, the matching test here
 * is the one to change.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadClinicsConfig } from '../../config/load-config.ts';
import {
  accountTimezone,
  availabilityWindows,
  AVAILABILITY_WINDOW_DAYS,
  businessOffersType,
  compareIds,
  CONFLICT_CANCELLATION,
  EMAIL_FILTER_MAY_BE_CASE_SENSITIVE,
  isIndividualType,
  madeBefore,
  PAGE_SIZE,
  practitionerName,
  sameInstantFilters,
  signatureQuestion,
} from './assumptions.ts';
import { categoryId, groupByCategory } from './catalogue.ts';
import { linkedId, type AppointmentType, type Business } from './cliniko-types.ts';
import { clinikoBaseUrl, shardOf } from './config.ts';

const business = (
  ids: string[] | null | undefined,
  zone: string | null = 'Australia/Brisbane',
): Business => ({
  id: '1',
  appointment_type_ids: ids,
  time_zone_identifier: zone,
});
const type = (extra: Partial<AppointmentType>): AppointmentType => ({
  id: '1',
  name: 'A',
  duration_in_minutes: 30,
  ...extra,
});

describe('Cliniko config', () => {
  it('takes the shard from the key’s suffix, au1 without one', () => {
    assert.equal(shardOf('MS0xLWl4SzYYdeW0pd-au2'), 'au2');
    assert.equal(shardOf('abc-UK1'), 'uk1');
    assert.equal(shardOf('abc-ca1'), 'ca1');
    assert.equal(shardOf('MS0xLWl4SzYYdeW0pd'), 'au1');
    assert.equal(shardOf('abc-def-notashard'), 'au1');
    assert.equal(clinikoBaseUrl({ apiKey: 'k-eu1' }), 'https://api.eu1.cliniko.com/v1');
    assert.equal(clinikoBaseUrl({ apiKey: 'k' }), 'https://api.au1.cliniko.com/v1');
    assert.equal(
      clinikoBaseUrl({ apiKey: 'k-au2', baseUrl: 'http://127.0.0.1:9/v1' }),
      'http://127.0.0.1:9/v1',
    );
  });

  const file = (provider: Record<string, unknown>) =>
    JSON.stringify({
      clinics: [
        {
          id: 'c',
          name: 'C',
          timezone: 'Australia/Sydney',
          provider: { type: 'cliniko', apiKey: 'env:KEY', userAgent: 'Acme (ops@acme.example)', ...provider },
        },
      ],
    });

  it('reads the key from the environment and refuses a bad User-Agent, business id or key without echoing the key', () => {
    const [clinic] = loadClinicsConfig(file({ baseUrl: 'https://api.au3.cliniko.com/v1/' }), {
      KEY: 'secret-key-au3',
    });
    assert.deepEqual(clinic!.provider, {
      type: 'cliniko',
      apiKey: 'secret-key-au3',
      userAgent: 'Acme (ops@acme.example)',
      baseUrl: 'https://api.au3.cliniko.com/v1',
    });
    assert.throws(
      () => loadClinicsConfig(file({ userAgent: 'Acme' }), { KEY: 'k' }),
      /clinics\[0\]\.provider\.userAgent: Write the app’s name and a contact email/,
    );
    assert.throws(
      () => loadClinicsConfig(file({ businessId: 'abc' }), { KEY: 'k' }),
      /provider\.businessId: Use the business’s Cliniko id/,
    );
    assert.throws(() => loadClinicsConfig(file({}), {}), /environment variable KEY is not set/);
    assert.throws(
      () => loadClinicsConfig(file({}), { KEY: 'has:colon-au2' }),
      (error: Error) =>
        error instanceof ConfigError &&
        /no spaces or colons/.test(error.message) &&
        !error.message.includes('has:colon'),
    );
  });
});

describe('Cliniko assumptions', () => {
  it('C1: pages of 100', () => {
    assert.equal(PAGE_SIZE, 100);
  });

  it('C2: windows of 7 calendar days (to = from + 6), the last one cut at the end', () => {
    assert.equal(AVAILABILITY_WINDOW_DAYS, 7);
    assert.deepEqual(availabilityWindows('2026-11-24', '2026-12-08'), [
      { from: '2026-11-24', to: '2026-11-30' },
      { from: '2026-12-01', to: '2026-12-07' },
      { from: '2026-12-08', to: '2026-12-08' },
    ]);
    assert.deepEqual(availabilityWindows('2026-12-30', '2027-01-02'), [
      { from: '2026-12-30', to: '2027-01-02' },
    ]);
    assert.deepEqual(availabilityWindows('2026-12-02', '2026-12-01'), []);
  });

  it('C3: the account’s zone is the business’s, else the clinic’s', () => {
    assert.equal(accountTimezone(business([]), 'Australia/Sydney'), 'Australia/Brisbane');
    assert.equal(accountTimezone(business([], null), 'Australia/Sydney'), 'Australia/Sydney');
    assert.equal(accountTimezone(null, 'Australia/Perth'), 'Australia/Perth');
  });

  it('C4: the email filter is taken to be case-sensitive', () => {
    assert.equal(EMAIL_FILTER_MAY_BE_CASE_SENSITIVE, true);
  });

  it('C5: display_name, else label, else first and last name', () => {
    assert.equal(
      practitionerName({ id: '1', display_name: 'Randy S.', label: 'Dr Randy Savage' }),
      'Randy S.',
    );
    assert.equal(
      practitionerName({ id: '1', display_name: null, label: 'Dr Randy Savage' }),
      'Dr Randy Savage',
    );
    assert.equal(
      practitionerName({ id: '1', display_name: ' ', label: null, first_name: 'Randy', last_name: 'Savage' }),
      'Randy Savage',
    );
  });

  it('C6: an empty or absent appointment_type_ids does not restrict', () => {
    assert.equal(businessOffersType(business(['2']), '1'), false);
    assert.equal(businessOffersType(business(['1', '2']), '1'), true);
    assert.equal(businessOffersType(business([]), '1'), true);
    assert.equal(businessOffersType(business(undefined), '1'), true);
  });

  it('C7: group classes are not individual appointments', () => {
    assert.equal(isIndividualType(type({ max_attendees: 8 })), false);
    assert.equal(isIndividualType(type({ max_attendees: 1 })), true);
    assert.equal(isIndividualType(type({ max_attendees: null })), true);
  });

  it('C8: a signature goes in as an SVG data URI on a signature question', () => {
    assert.deepEqual(signatureQuestion('Signature', 'data:image/svg+xml;base64,AA=='), {
      name: 'Signature',
      type: 'signature',
      required: true,
      signature: 'data:image/svg+xml;base64,AA==',
    });
  });

  it('C9: the earlier booking keeps the time, by created_at then by id, compared without parsing', () => {
    assert.equal(
      madeBefore(
        { id: '9', created_at: '2026-11-23T09:00:00Z' },
        { id: '10', created_at: '2026-11-23T09:00:01Z' },
      ),
      true,
    );
    assert.equal(
      madeBefore(
        { id: '1790000000000000011', created_at: '2026-11-23T09:00:00Z' },
        { id: '1790000000000000009', created_at: '2026-11-23T09:00:00Z' },
      ),
      false,
    );
    assert.equal(
      madeBefore({ id: '9007199254740993', created_at: null }, { id: '9007199254740994', created_at: null }),
      true,
      'ids past 2^53 that a number would confuse',
    );
    assert.equal(compareIds('10', '9') > 0, true);
    assert.equal(compareIds('007', '7'), 0);
  });

  it('C10: a cancelled race loser gives reason 50 (Other)', () => {
    assert.equal(CONFLICT_CANCELLATION.cancellation_reason, 50);
  });

  it('C12: one instant is asked for with >= and <= in UTC', () => {
    assert.deepEqual(sameInstantFilters('starts_at', new Date('2026-11-24T09:00:00+11:00')), [
      ['q[]', 'starts_at:>=2026-11-23T22:00:00Z'],
      ['q[]', 'starts_at:<=2026-11-23T22:00:00Z'],
    ]);
  });
});

describe('Cliniko catalogue helpers', () => {
  it('groups by category under slug ids, uncategorised under Appointments', () => {
    assert.equal(categoryId('Sports & Exercise Physio'), 'sports-exercise-physio');
    assert.equal(categoryId('Ñutrición'), 'nutricion');
    assert.equal(categoryId('!!!'), 'appointments');
    const grouped = groupByCategory([
      type({ id: '1', category: 'Physio' }),
      type({ id: '2', category: null }),
      type({ id: '3', category: ' Physio ' }),
    ]);
    assert.deepEqual(
      grouped.map((c) => [c.id, c.services.map((s) => s.id)]),
      [
        ['physio', ['1', '3']],
        ['appointments', ['2']],
      ],
    );
  });

  it('reads ids from links, as strings', () => {
    assert.equal(
      linkedId(
        { links: { self: 'https://api.au1.cliniko.com/v1/patients/1234567890123456789' } },
        'patients',
      ),
      '1234567890123456789',
    );
    assert.equal(
      linkedId({ links: { self: 'https://api.au1.cliniko.com/v1/patients/12/appointments' } }, 'patients'),
      '12',
    );
    assert.equal(
      linkedId({ links: { self: 'https://api.au1.cliniko.com/v1/practitioners/12' } }, 'patients'),
      null,
    );
    assert.equal(linkedId(null, 'patients'), null);
  });
});
