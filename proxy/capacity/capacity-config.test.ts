import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadClinicsConfig, loadClinicsFile } from '../config/load-config.ts';
import { DEFAULT_CHECK_MINUTES, DEFAULT_REFRESH_SECONDS } from './capacity-config.ts';

const TOKEN = 'k3Jq9vXb2Lr8TzWm4Np7Yc6Hd5Fs1Ga0';

function file(capacity: unknown) {
  return JSON.stringify({
    clinics: [
      {
        id: 'harbour',
        name: 'Harbour Allied Health',
        timezone: 'Australia/Sydney',
        provider: { type: 'demo' },
        capacity,
      },
    ],
  });
}

function problem(capacity: unknown): string {
  try {
    loadClinicsConfig(file(capacity), { TOKEN });
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  assert.fail('accepted');
}

describe('the capacity config', () => {
  it('takes the token from the environment, with defaults for the rest, and keeps it out of logs', () => {
    const { configs, secrets } = loadClinicsFile(file({ token: 'env:TOKEN' }), { TOKEN });
    assert.deepEqual(configs[0]!.capacity, {
      token: TOKEN,
      refreshSeconds: DEFAULT_REFRESH_SECONDS,
      alerts: [],
      checkEveryMinutes: DEFAULT_CHECK_MINUTES,
    });
    assert.ok(secrets.includes(TOKEN), 'the logger is told to redact it');
  });

  it('accepts alerts without a token (alerts only, no feed)', () => {
    const [clinic] = loadClinicsConfig(file({ alerts: [{ days: 14, below: 0.1 }] }), {});
    assert.equal(clinic!.capacity?.token, undefined);
    assert.deepEqual(clinic!.capacity?.alerts, [{ days: 14, below: 0.1 }]);
  });

  it('refuses a short or odd token, impossible alerts and unknown fields, naming the field', () => {
    assert.match(
      problem({ token: 'owner' }),
      /clinics\[0\]\.capacity\.token: Use a random token of at least 32/,
    );
    assert.match(problem({ token: `${TOKEN} x` }), /capacity\.token: Use letters, digits/);
    assert.match(problem({ alerts: [{ days: 0, below: 0.1 }] }), /capacity\.alerts\[0\]\.days/);
    assert.match(problem({ alerts: [{ days: 32, below: 0.1 }] }), /capacity\.alerts\[0\]\.days/);
    assert.match(problem({ alerts: [{ days: 14, below: 1 }] }), /capacity\.alerts\[0\]\.below/);
    assert.match(problem({ alerts: [{ days: 14, below: 0 }] }), /capacity\.alerts\[0\]\.below/);
    assert.match(
      problem({
        alerts: [
          { days: 14, below: 0.1 },
          { days: 14, below: 0.1 },
        ],
      }),
      /capacity\.alerts: Each alert must differ/,
    );
    assert.match(problem({ refreshSeconds: 5 }), /capacity\.refreshSeconds/);
    assert.match(problem({ tokn: TOKEN }), /capacity: Unrecognized key/);
  });
});
