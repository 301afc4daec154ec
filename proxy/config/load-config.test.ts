import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadClinicsConfig, loadClinicsFile } from './load-config.ts';

const clinic = {
  id: 'acme-physio',
  name: 'Acme Physio',
  timezone: 'Australia/Perth',
  allowedOrigins: ['https://www.acmephysio.example'],
  provider: { type: 'demo' },
  theme: { 'color-primary': '#7c3aed' },
};

describe('loadClinicsConfig', () => {
  it('serves the built-in demo clinics without a file, demo first', () => {
    const clinics = loadClinicsConfig(undefined, {});
    assert.deepEqual(
      clinics.map((c) => c.id),
      ['demo', 'demo-bondi', 'demo-coastal', 'demo-northside'],
    );
    const [demo] = clinics;
    assert.equal(demo?.id, 'demo');
    assert.deepEqual(demo?.theme, {});
    assert.equal(clinics[3]?.theme.dark?.['color-surface'], '#1f1a2e');
    assert.equal(demo?.provider.type, 'demo');
    assert.equal(demo?.waiver.version, '1');
  });

  it('parses a valid file and fills defaults', () => {
    const [parsed] = loadClinicsConfig(JSON.stringify({ clinics: [clinic] }), {});
    assert.equal(parsed?.timezone, 'Australia/Perth');
    assert.deepEqual(parsed?.policy, { minNoticeMinutes: 120, maxDaysAhead: 60 });
    assert.equal(parsed?.theme['color-primary'], '#7c3aed');
  });

  it('reads env: references from the environment', () => {
    const file = { clinics: [{ ...clinic, name: 'env:CLINIC_NAME' }] };
    const [parsed] = loadClinicsConfig(JSON.stringify(file), { CLINIC_NAME: 'From Env' });
    assert.equal(parsed?.name, 'From Env');
  });

  const cases: Array<[string, unknown, RegExp]> = [
    [
      'an unset env reference',
      { clinics: [{ ...clinic, name: 'env:MISSING_NAME' }] },
      /clinics\[0\]\.name: environment variable MISSING_NAME is not set/,
    ],
    [
      'an unknown time zone',
      { clinics: [{ ...clinic, timezone: 'Mars/Olympus' }] },
      /clinics\[0\]\.timezone: Not an IANA time zone/,
    ],
    [
      'an origin with a path',
      { clinics: [{ ...clinic, allowedOrigins: ['https://a.example/booking'] }] },
      /clinics\[0\]\.allowedOrigins\[0\]/,
    ],
    [
      'an unknown provider',
      { clinics: [{ ...clinic, provider: { type: 'nookal' } }] },
      /clinics\[0\]\.provider\.type/,
    ],
    [
      'an unsafe theme value',
      { clinics: [{ ...clinic, theme: { 'color-primary': 'red;}body{display:none' } }] },
      /clinics\[0\]\.theme\.color-primary: Not a safe CSS value/,
    ],
    [
      'an unknown theme token',
      { clinics: [{ ...clinic, theme: { 'colour-primary': '#000000' } }] },
      /clinics\[0\]\.theme: Unrecognized key: "colour-primary"/,
    ],
    [
      'a dark look with a token that is not a colour',
      { clinics: [{ ...clinic, theme: { dark: { radius: '4px' } } }] },
      /clinics\[0\]\.theme\.dark: Unrecognized key: "radius"/,
    ],
    [
      'an unsafe dark colour',
      { clinics: [{ ...clinic, theme: { dark: { 'color-text': 'url(https://x.example/a)' } } }] },
      /clinics\[0\]\.theme\.dark\.color-text: Not a safe CSS value/,
    ],
    ['duplicate ids', { clinics: [clinic, clinic] }, /clinics\[1\]\.id: Duplicate clinic id/],
    ['no clinics', { clinics: [] }, /clinics: List at least one clinic/],
    [
      'a practice naming an unknown clinic',
      {
        clinics: [clinic],
        practices: [{ id: 'group', name: 'Group', clinicIds: ['acme-physio', 'acme-nth'] }],
      },
      /practices\[0\]\.clinicIds\[1\]: Practice "group" names clinic "acme-nth", which is not in "clinics"/,
    ],
    [
      'duplicate practice ids',
      {
        clinics: [clinic],
        practices: [
          { id: 'group', name: 'Group', clinicIds: ['acme-physio'] },
          { id: 'group', name: 'Group again', clinicIds: ['acme-physio'] },
        ],
      },
      /practices\[1\]\.id: Duplicate practice id "group"/,
    ],
    [
      'a practice with no clinics',
      { clinics: [clinic], practices: [{ id: 'group', name: 'Group', clinicIds: [] }] },
      /practices\[0\]\.clinicIds: List at least one clinic/,
    ],
    [
      'a practice naming a clinic twice',
      {
        clinics: [clinic],
        practices: [{ id: 'group', name: 'Group', clinicIds: ['acme-physio', 'acme-physio'] }],
      },
      /practices\[0\]\.clinicIds: Name each clinic once/,
    ],
    [
      'an unknown practice field',
      {
        clinics: [clinic],
        practices: [{ id: 'group', name: 'Group', clinicIds: ['acme-physio'], clinics: [] }],
      },
      /practices\[0\]: Unrecognized key: "clinics"/,
    ],
    [
      'an address on two lines',
      { clinics: [{ ...clinic, address: '1 Main St\nPerth WA' }] },
      /clinics\[0\]\.address: Write the address on one line/,
    ],
    [
      'a map link that is not https',
      { clinics: [{ ...clinic, mapUrl: 'http://maps.example/acme' }] },
      /clinics\[0\]\.mapUrl: Use an https:\/\/ link/,
    ],
    [
      'a map link that is not a link',
      { clinics: [{ ...clinic, mapUrl: 'javascript:alert(1)' }] },
      /clinics\[0\]\.mapUrl: Use an https:\/\/ link/,
    ],
  ];
  for (const [name, file, message] of cases) {
    it(`stops with the field named for ${name}`, () => {
      assert.throws(
        () => loadClinicsConfig(JSON.stringify(file), {}),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }

  it('reads practices, with each location’s address and map link', () => {
    const file = {
      clinics: [
        { ...clinic, address: '1 Hay Street, Perth WA 6000', mapUrl: 'https://maps.example/acme' },
        { ...clinic, id: 'acme-north' },
      ],
      practices: [{ id: 'acme', name: 'Acme Physio', clinicIds: ['acme-north', 'acme-physio'] }],
    };
    const { configs, practices } = loadClinicsFile(JSON.stringify(file), {});
    assert.deepEqual(practices, file.practices);
    assert.equal(configs[0]?.address, '1 Hay Street, Perth WA 6000');
    assert.equal(configs[0]?.mapUrl, 'https://maps.example/acme');
    assert.deepEqual(loadClinicsFile(JSON.stringify({ clinics: [clinic] }), {}).practices, []);
  });

  it('serves the demo practice without a file: the demo clinic and its Bondi site', () => {
    const { practices } = loadClinicsFile(undefined, {});
    assert.deepEqual(practices, [
      {
        id: 'harbourside-group',
        name: 'Harbourside Health',
        clinicIds: ['demo', 'demo-bondi'],
        capacity: { token: 'demo-practice-capacity-token-not-a-secret-01' },
      },
    ]);
  });

  it('stops on a file that is not JSON', () => {
    assert.throws(() => loadClinicsConfig('{ clinics: ', {}), /not valid JSON/);
  });
});
