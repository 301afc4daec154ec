import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import {
  clientAddressResolver,
  clientKeyOf,
  trustedProxyFromEnv,
  type TrustedProxy,
} from './client-address.ts';

/** Answers with the resolved client key; the "connection" address comes from a test header. */
async function resolve(headers: Record<string, string>, trustedProxy?: TrustedProxy): Promise<string> {
  const resolver = clientAddressResolver({
    connection: (c) => c.req.header('x-test-peer'),
    ...(trustedProxy ? { trustedProxy } : {}),
  });
  const app = new Hono().get('/', (c) => c.text(resolver(c)));
  return Promise.resolve(app.request('/', { headers })).then((r) => r.text());
}

describe('client addresses', () => {
  it('keys IPv4 as is, IPv4-mapped IPv6 as IPv4, and IPv6 by its /64', () => {
    assert.equal(clientKeyOf('203.0.113.7'), '203.0.113.7');
    assert.equal(clientKeyOf('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(clientKeyOf('203.0.113.7:51234'), '203.0.113.7');
    assert.equal(clientKeyOf('2001:db8:1:2:aaaa:bbbb:cccc:dddd'), '2001:db8:1:2::/64');
    assert.equal(clientKeyOf('2001:db8:1:2::9'), '2001:db8:1:2::/64');
    assert.equal(clientKeyOf('[2001:db8::1]'), '2001:db8:0:0::/64');
  });

  it('refuses what is not an address', () => {
    for (const junk of [
      '',
      'localhost',
      '999.1.1.1',
      '1.2.3',
      'evil<script>',
      '1:2:3:4:5:6:7:8:9',
      '2001:db8::1::2',
      `${'a:'.repeat(40)}`,
    ]) {
      assert.equal(clientKeyOf(junk), null, junk);
    }
  });

  it('uses the connection address and ignores forwarding headers unless a trusted proxy is configured', async () => {
    assert.equal(
      await resolve({ 'x-test-peer': '198.51.100.1', 'X-Forwarded-For': '203.0.113.9' }),
      '198.51.100.1',
    );
    assert.equal(await resolve({ 'X-Forwarded-For': '203.0.113.9' }), 'unknown');
  });

  it('behind a trusted proxy, takes the entry that proxy appended, not what the client wrote', async () => {
    const proxy = { header: 'X-Forwarded-For', hops: 1 };
    const spoofed = { 'x-test-peer': '10.0.0.2', 'X-Forwarded-For': '1.1.1.1, 203.0.113.9' };
    assert.equal(await resolve(spoofed, proxy), '203.0.113.9');
    assert.equal(
      await resolve(
        { 'x-test-peer': '10.0.0.2', 'X-Forwarded-For': '1.1.1.1, 203.0.113.9, 10.0.0.5' },
        { header: 'X-Forwarded-For', hops: 2 },
      ),
      '203.0.113.9',
    );
    assert.equal(
      await resolve(
        { 'x-test-peer': '10.0.0.2', 'CF-Connecting-IP': '203.0.113.10' },
        { header: 'CF-Connecting-IP', hops: 1 },
      ),
      '203.0.113.10',
    );
  });

  it('falls back to the connection when the trusted header is missing or junk', async () => {
    const proxy = { header: 'X-Forwarded-For', hops: 1 };
    assert.equal(await resolve({ 'x-test-peer': '10.0.0.2' }, proxy), '10.0.0.2');
    assert.equal(
      await resolve({ 'x-test-peer': '10.0.0.2', 'X-Forwarded-For': 'not-an-ip' }, proxy),
      '10.0.0.2',
    );
  });

  it('reads TRUSTED_PROXY_HEADER and TRUSTED_PROXY_HOPS, and names a bad variable', () => {
    assert.equal(trustedProxyFromEnv({}), undefined);
    assert.deepEqual(trustedProxyFromEnv({ TRUSTED_PROXY_HEADER: 'X-Forwarded-For' }), {
      header: 'X-Forwarded-For',
      hops: 1,
    });
    assert.deepEqual(
      trustedProxyFromEnv({ TRUSTED_PROXY_HEADER: 'X-Forwarded-For', TRUSTED_PROXY_HOPS: '2' }),
      { header: 'X-Forwarded-For', hops: 2 },
    );
    assert.throws(
      () => trustedProxyFromEnv({ TRUSTED_PROXY_HEADER: 'X Forwarded: For' }),
      /TRUSTED_PROXY_HEADER/,
    );
    assert.throws(
      () => trustedProxyFromEnv({ TRUSTED_PROXY_HEADER: 'X-Real-IP', TRUSTED_PROXY_HOPS: '0' }),
      /TRUSTED_PROXY_HOPS/,
    );
  });
});
