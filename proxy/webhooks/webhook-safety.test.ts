import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newWebhookSecret } from '../../test/helpers/webhook-receiver.ts';
import { addressProblem, pinnedLookup } from './address-guard.ts';
import { outcomeOf, RETRY_FOR_MS } from './retry-policy.ts';
import { webhookConfigSchema, webhookProblems, webhooksConfigSchema } from './webhook-config.ts';
import { sendWebhook } from './webhook-sender.ts';

describe('webhook addresses', () => {
  it('refuses private, loopback, link-local, metadata and reserved addresses, IPv4 and IPv6', () => {
    for (const address of [
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.10',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '127.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254',
      'fc00::1',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
      '::ffff:127.0.0.1',
      '64:ff9b::a00:1',
      '224.0.0.1',
    ])
      assert.notEqual(addressProblem(address, false), null, address);
  });

  it('allows public addresses, and loopback only when development allows it', () => {
    for (const address of ['93.184.216.34', '104.16.0.1', '2606:4700::6810:84e5'])
      assert.equal(addressProblem(address, false), null, address);
    assert.equal(addressProblem('127.0.0.1', true), null);
    assert.equal(addressProblem('::1', true), null);
    assert.notEqual(addressProblem('10.0.0.1', true), null);
  });

  it('checks the resolved address of a name, and connects to that address only', async () => {
    const resolveTo =
      (...addresses: string[]) =>
      (_host: string, callback: (e: Error | null, a: Array<{ address: string; family: number }>) => void) =>
        callback(
          null,
          addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
        );
    const ask = (lookup: ReturnType<typeof pinnedLookup>, all: boolean) =>
      new Promise<{ error: Error | null; address: unknown }>((resolve) =>
        lookup('crm.example.com', { all }, (error, address) => resolve({ error, address })),
      );
    const rebinding = await ask(pinnedLookup(false, resolveTo('93.184.216.34', '169.254.169.254')), false);
    assert.match(String(rebinding.error), /resolves to a private, link-local or reserved address/);
    const fine = await ask(pinnedLookup(false, resolveTo('93.184.216.34')), false);
    assert.deepEqual(fine, { error: null, address: '93.184.216.34' });
    const all = await ask(pinnedLookup(false, resolveTo('93.184.216.34')), true);
    assert.deepEqual(all.address, [{ address: '93.184.216.34', family: 4 }]);
  });

  it('never opens a connection to a literal private address', async () => {
    const result = await sendWebhook('https://169.254.169.254/latest', newWebhookSecret(), 'msg_1', '{}', {
      allowLoopback: false,
    });
    assert.deepEqual(result, { kind: 'error', code: 'address_refused' });
    const v6 = await sendWebhook('https://[::ffff:10.0.0.1]/', newWebhookSecret(), 'msg_1', '{}', {
      allowLoopback: true,
    });
    assert.deepEqual(v6, { kind: 'error', code: 'address_refused' });
  });
});

describe('webhook config', () => {
  const secret = newWebhookSecret();
  it('takes https URLs, and plain http to loopback only', () => {
    assert.ok(
      webhookConfigSchema.safeParse({ url: 'https://hooks.zapier.com/hooks/catch/1/a/', secret }).success,
    );
    assert.ok(webhookConfigSchema.safeParse({ url: 'http://127.0.0.1:9000/hook', secret }).success);
    for (const url of [
      'http://crm.example.com/hook',
      'ftp://crm.example.com/',
      'https://user:pw@crm.example.com/',
      'not a url',
    ])
      assert.ok(!webhookConfigSchema.safeParse({ url, secret }).success, url);
  });

  it('takes only Standard Webhooks secrets of 24 to 64 bytes, and known events', () => {
    const url = 'https://crm.example.com/hook';
    for (const bad of [
      's3cret',
      'whsec_',
      `whsec_${Buffer.alloc(8).toString('base64')}`,
      'whsec_not base64!',
    ])
      assert.ok(!webhookConfigSchema.safeParse({ url, secret: bad }).success, bad);
    assert.ok(!webhookConfigSchema.safeParse({ url, secret, events: ['booking.deleted'] }).success);
    assert.ok(!webhookConfigSchema.safeParse({ url, secret, extra: 1 }).success);
    assert.ok(
      !webhooksConfigSchema.safeParse([
        { url, secret },
        { url, secret },
      ]).success,
      'a URL listed twice',
    );
  });

  it('refuses loopback webhooks at start-up unless development allows them', () => {
    const clinics = [{ id: 'acme', webhooks: [{ url: 'http://localhost:9000/hook', secret }] }];
    assert.match(webhookProblems(clinics, false)[0] ?? '', /acme.*webhooks\[0\].*WEBHOOKS_ALLOW_LOOPBACK/);
    assert.deepEqual(webhookProblems(clinics, true), []);
  });
});

describe('webhook retries', () => {
  const at = Date.UTC(2026, 10, 23);
  const context = (attempts: number, now = at) => ({ attempts, createdAt: at, now, random: () => 0.5 });

  it('delivers on 2xx, retries network errors, timeouts, 408, 429 and 5xx with growing waits', () => {
    assert.deepEqual(outcomeOf({ kind: 'status', status: 204 }, context(0)), { kind: 'delivered' });
    const waits = [0, 1, 2, 3].map((attempts) => {
      const outcome = outcomeOf({ kind: 'status', status: 503 }, context(attempts));
      assert.equal(outcome.kind, 'retry');
      return outcome.kind === 'retry' ? outcome.nextAttemptAt - at : 0;
    });
    assert.ok(
      waits.every((w, i) => i === 0 || w > waits[i - 1]!),
      String(waits),
    );
    for (const result of [
      { kind: 'error', code: 'timeout' },
      { kind: 'error', code: 'network' },
      { kind: 'status', status: 408 },
      { kind: 'status', status: 429 },
    ] as const)
      assert.equal(outcomeOf(result, context(5)).kind, 'retry');
  });

  it('keeps retrying for at least a day, then gives up', () => {
    let now = at;
    let attempts = 0;
    for (;;) {
      const outcome = outcomeOf(
        { kind: 'error', code: 'network' },
        { ...context(attempts, now), random: Math.random },
      );
      if (outcome.kind !== 'retry') break;
      now = outcome.nextAttemptAt;
      attempts += 1;
    }
    assert.ok(now - at >= 24 * 3_600_000, `gave up after ${(now - at) / 3_600_000} h`);
    assert.ok(now - at <= RETRY_FOR_MS);
  });

  it('honours Retry-After in seconds and as a date', () => {
    const seconds = outcomeOf({ kind: 'status', status: 429, retryAfter: '3600' }, context(0));
    assert.ok(seconds.kind === 'retry' && seconds.nextAttemptAt >= at + 3_600_000);
    const date = outcomeOf(
      { kind: 'status', status: 503, retryAfter: new Date(at + 7_200_000).toUTCString() },
      context(0),
    );
    assert.ok(date.kind === 'retry' && date.nextAttemptAt >= at + 7_200_000);
  });

  it('fails other 4xx after three tries', () => {
    assert.equal(outcomeOf({ kind: 'status', status: 400 }, context(0)).kind, 'retry');
    assert.equal(outcomeOf({ kind: 'status', status: 410 }, context(1)).kind, 'retry');
    assert.deepEqual(outcomeOf({ kind: 'status', status: 404 }, context(2)), {
      kind: 'failed',
      error: 'http_404',
    });
  });
});
