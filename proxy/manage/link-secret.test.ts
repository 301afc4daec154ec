import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveLinkSecret, SECRET_FILE } from './link-secret.ts';

const SECRET = 'a-shared-secret-of-at-least-32-chars!';

describe('the manage-link secret', () => {
  it('comes from MANAGE_LINK_SECRET, which must be long enough', () => {
    assert.deepEqual(
      resolveLinkSecret({ env: { MANAGE_LINK_SECRET: SECRET }, anyClinicTakesChanges: true }),
      {
        secret: SECRET,
        source: 'env',
      },
    );
    assert.throws(
      () => resolveLinkSecret({ env: { MANAGE_LINK_SECRET: 'short' }, anyClinicTakesChanges: true }),
      /at least 32 characters/,
    );
  });

  it('is generated once and kept in the embedded store’s folder, owner-readable only', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cb-secret-'));
    try {
      const first = resolveLinkSecret({ env: {}, dataDir, anyClinicTakesChanges: true });
      const again = resolveLinkSecret({ env: {}, dataDir, anyClinicTakesChanges: true });
      assert.equal(first.source, 'data-dir');
      assert.equal(again.secret, first.secret, 'the same after a restart');
      assert.ok(first.secret.length >= 32);
      const file = join(dataDir, SECRET_FILE);
      assert.equal(readFileSync(file, 'utf8').trim(), first.secret);
      assert.equal(statSync(file).mode & 0o777, 0o600);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('is required in production or with a shared database when a clinic takes changes', () => {
    for (const source of [
      { env: { NODE_ENV: 'production' }, dataDir: '/nonexistent', anyClinicTakesChanges: true },
      { env: {}, databaseUrl: 'postgres://db/clinic', anyClinicTakesChanges: true },
    ]) {
      assert.throws(() => resolveLinkSecret(source), /MANAGE_LINK_SECRET is not set/);
    }
    const none = resolveLinkSecret({ env: { NODE_ENV: 'production' }, anyClinicTakesChanges: false });
    assert.equal(none.source, 'process', 'no clinic takes changes: no secret needed');
  });
});
