import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sha256, sha256Hex } from './sha256.ts';

describe('sha256', () => {
  it('gives the standard digests of a string (as UTF-8) and of bytes', async () => {
    // FIPS 180-2 test vector, and the empty input.
    assert.equal(await sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(
      await sha256Hex(new Uint8Array()),
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    assert.equal(await sha256Hex('Zoë'), await sha256Hex(new TextEncoder().encode('Zoë')));
    assert.equal((await sha256('abc')).length, 32);
  });
});
