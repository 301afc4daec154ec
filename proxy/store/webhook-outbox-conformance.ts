/**
 * The webhooks outbox's part of the store conformance suite (`store-conformance.ts`), run on
 * every engine: one row per event and endpoint, leases that keep two senders off one event,
 * settling only by the lease's holder, and the operator's list, retry and purge.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoreUnderTest } from './store-conformance.ts';
import type { BookingContact, NewWebhookDelivery } from './webhook-outbox.ts';

const event = (eventId: string, endpoint = 'ep-1', clinicId = 'demo'): NewWebhookDelivery => ({
  eventId,
  endpoint,
  clinicId,
  type: 'booking.created',
  payload: {
    type: 'booking.created',
    timestamp: '2026-11-23T20:00:00+11:00',
    data: { booking: { id: eventId } },
  },
});

const contact = (name: string): BookingContact => ({
  clinicId: 'demo',
  appointmentId: `appt-${name}`,
  data: { patient: { firstName: name }, marketingConsent: true },
  keepUntil: Date.UTC(2026, 10, 23, 9) + 61_000,
});

export function webhookOutboxConformance(fresh: () => Promise<StoreUnderTest>) {
  describe('webhooks outbox', () => {
    it('keeps one row per event and endpoint however often it is written', async () => {
      const { store } = await fresh();
      assert.equal(await store.webhooks.enqueue([event('msg_1'), event('msg_1', 'ep-2')]), 2);
      assert.equal(await store.webhooks.enqueue([event('msg_1'), event('msg_1', 'ep-2')]), 0);
      const rows = await store.webhooks.list({}, 10);
      assert.deepEqual(rows.map((r) => [r.eventId, r.endpoint, r.status, r.attempts]).sort(), [
        ['msg_1', 'ep-1', 'pending', 0],
        ['msg_1', 'ep-2', 'pending', 0],
      ]);
      assert.deepEqual(rows[0]?.payload, event('msg_1').payload);
    });

    it('writes deliveries with a booking’s completion, and none when the claim was lost', async () => {
      const { store, advance } = await fresh();
      const claim = await store.idempotency.claim('demo|k', 'fp', 5_000);
      assert.ok(claim.state === 'claimed');
      advance(6_000);
      const taker = await store.idempotency.claim('demo|k', 'fp', 5_000);
      assert.ok(taker.state === 'claimed');
      assert.equal(
        await store.idempotency.complete('demo|k', claim.token, { id: 'a' }, store.now() + 60_000, {
          deliveries: [event('msg_lost')],
          contact: contact('lost'),
        }),
        false,
      );
      assert.deepEqual(await store.webhooks.list({}, 10), []);
      assert.equal(
        await store.idempotency.complete('demo|k', taker.token, { id: 'a' }, store.now() + 60_000, {
          deliveries: [event('msg_won')],
          contact: contact('won'),
        }),
        true,
      );
      assert.deepEqual(
        (await store.webhooks.list({}, 10)).map((r) => r.eventId),
        ['msg_won'],
      );
      assert.equal(await store.webhooks.contactOf('demo', 'appt-lost'), null);
      assert.deepEqual(await store.webhooks.contactOf('demo', 'appt-won'), contact('won').data);
      assert.equal(await store.webhooks.contactOf('other', 'appt-won'), null);
      advance(60_000);
      assert.equal(await store.webhooks.contactOf('demo', 'appt-won'), null);
    });

    it('leases a due delivery to one claimant until the lease ends, then to the next', async () => {
      const { store, advance } = await fresh();
      await store.webhooks.enqueue([event('msg_1')]);
      const [first] = await store.webhooks.claim(10, 30_000);
      assert.equal(first?.eventId, 'msg_1');
      assert.deepEqual(first?.payload, event('msg_1').payload);
      assert.deepEqual(await store.webhooks.claim(10, 30_000), []);
      advance(30_001);
      const [again] = await store.webhooks.claim(10, 30_000);
      assert.equal(again?.eventId, 'msg_1');
      // The first holder's lease is gone: its late result changes nothing.
      assert.equal(await store.webhooks.settle('msg_1', 'ep-1', first.token, { kind: 'delivered' }), false);
      assert.equal(await store.webhooks.settle('msg_1', 'ep-1', again.token, { kind: 'delivered' }), true);
      const [row] = await store.webhooks.list({}, 10);
      assert.equal(row?.status, 'delivered');
      assert.equal(row?.attempts, 1);
      assert.equal(row?.payload, null);
      assert.deepEqual(await store.webhooks.claim(10, 30_000), []);
    });

    it('gives each of 20 deliveries to exactly one of 10 simultaneous claimants', async () => {
      const { store } = await fresh();
      await store.webhooks.enqueue(Array.from({ length: 20 }, (_, i) => event(`msg_${i}`)));
      const claims = await Promise.all(Array.from({ length: 10 }, () => store.webhooks.claim(5, 60_000)));
      const ids = claims.flat().map((c) => c.eventId);
      assert.equal(ids.length, 20);
      assert.equal(new Set(ids).size, 20);
    });

    it('claims only the endpoints asked for, when asked', async () => {
      const { store } = await fresh();
      await store.webhooks.enqueue([event('msg_1', 'ep-1'), event('msg_1', 'ep-2'), event('msg_2', 'ep-3')]);
      const mine = await store.webhooks.claim(10, 60_000, ['ep-2', 'ep-3']);
      assert.deepEqual(mine.map((c) => c.endpoint).sort(), ['ep-2', 'ep-3']);
      assert.deepEqual(await store.webhooks.claim(10, 60_000, []), []);
      assert.deepEqual(
        (await store.webhooks.claim(10, 60_000)).map((c) => c.endpoint),
        ['ep-1'],
      );
    });

    it('waits out a retry’s time, counts attempts, keeps the last error code, and fails for good', async () => {
      const { store, advance } = await fresh();
      await store.webhooks.enqueue([event('msg_1')]);
      const [claim] = await store.webhooks.claim(1, 60_000);
      const retryAt = store.now() + 10_000;
      assert.ok(
        await store.webhooks.settle('msg_1', 'ep-1', claim!.token, {
          kind: 'retry',
          error: 'http_503',
          nextAttemptAt: retryAt,
        }),
      );
      let [row] = await store.webhooks.list({ status: 'pending' }, 10);
      assert.deepEqual([row?.attempts, row?.lastError, row?.nextAttemptAt], [1, 'http_503', retryAt]);
      assert.deepEqual(await store.webhooks.claim(1, 60_000), []);
      advance(10_000);
      const [second] = await store.webhooks.claim(1, 60_000);
      assert.ok(
        await store.webhooks.settle('msg_1', 'ep-1', second!.token, { kind: 'failed', error: 'http_404' }),
      );
      [row] = await store.webhooks.list({ status: 'failed' }, 10);
      assert.deepEqual([row?.attempts, row?.lastError], [2, 'http_404']);
      assert.deepEqual(row?.payload, event('msg_1').payload);
      advance(60_000);
      assert.deepEqual(await store.webhooks.claim(1, 60_000), []);
    });

    it('retries failed deliveries on request, and purges finished ones but never pending ones', async () => {
      const { store, advance } = await fresh();
      await store.webhooks.enqueue([event('msg_a'), event('msg_b', 'ep-1', 'other'), event('msg_c')]);
      for (const claim of await store.webhooks.claim(10, 60_000)) {
        const outcome =
          claim.eventId === 'msg_c'
            ? ({ kind: 'delivered' } as const)
            : ({ kind: 'failed', error: 'http_410' } as const);
        await store.webhooks.settle(claim.eventId, claim.endpoint, claim.token, outcome);
      }
      assert.equal(await store.webhooks.retry({ clinicId: 'demo' }), 1);
      assert.deepEqual(
        (await store.webhooks.list({ status: 'pending' }, 10)).map((r) => [r.eventId, r.attempts]),
        [['msg_a', 0]],
      );
      // A delivered row has no body left to send again.
      assert.equal(await store.webhooks.retry({ eventId: 'msg_c' }), 0);
      advance(1_000);
      assert.equal(await store.webhooks.purge(store.now()), 2);
      assert.deepEqual(
        (await store.webhooks.list({}, 10)).map((r) => r.eventId),
        ['msg_a'],
      );
    });

    it('fails the due, unheld deliveries of a clinic to an endpoint it no longer has, keeping their bodies', async () => {
      const { store, advance } = await fresh();
      await store.webhooks.enqueue([
        event('msg_1', 'ep-gone'),
        event('msg_1', 'ep-kept'),
        event('msg_2', 'ep-gone', 'other'),
        event('msg_3', 'ep-held'),
      ]);
      await store.webhooks.claim(10, 60_000, ['ep-held']);
      advance(1_000);
      // Not due long enough yet: nothing changes.
      assert.equal(await store.webhooks.failUnknown(['demo'], ['ep-kept'], store.now() - 5_000, 'gone'), 0);
      advance(10_000);
      assert.equal(await store.webhooks.failUnknown(['demo'], ['ep-kept'], store.now() - 5_000, 'gone'), 1);
      const failed = await store.webhooks.list({ status: 'failed' }, 10);
      assert.deepEqual(
        failed.map((r) => [r.eventId, r.endpoint, r.lastError, r.attempts]),
        [['msg_1', 'ep-gone', 'gone', 0]],
      );
      assert.deepEqual(failed[0]?.payload, event('msg_1').payload);
      // Another clinic's, the kept endpoint's and the one being sent stay pending.
      assert.deepEqual(
        (await store.webhooks.list({ status: 'pending' }, 10))
          .map((r) => `${r.eventId} ${r.endpoint}`)
          .sort(),
        ['msg_1 ep-kept', 'msg_2 ep-gone', 'msg_3 ep-held'],
      );
      assert.equal(await store.webhooks.retry({ eventId: 'msg_1' }), 1);
    });

    it('purges pending deliveries only when asked by name, of one clinic when asked, never one being sent', async () => {
      const { store, advance } = await fresh();
      await store.webhooks.enqueue([
        event('msg_1', 'ep-1'),
        event('msg_2', 'ep-2'),
        event('msg_3', 'ep-1', 'other'),
      ]);
      await store.webhooks.claim(10, 60_000, ['ep-2']);
      advance(1_000);
      assert.equal(await store.webhooks.purge(store.now()), 0);
      assert.equal(await store.webhooks.purge(store.now(), ['pending'], 'demo'), 1);
      assert.deepEqual((await store.webhooks.list({}, 10)).map((r) => r.eventId).sort(), ['msg_2', 'msg_3']);
      advance(60_000);
      assert.equal(await store.webhooks.purge(store.now(), ['pending']), 2);
      assert.deepEqual(await store.webhooks.list({}, 10), []);
    });

    it('lists newest first, filtered by status, clinic and event', async () => {
      const { store, advance } = await fresh();
      await store.webhooks.enqueue([event('msg_old')]);
      advance(1_000);
      await store.webhooks.enqueue([event('msg_new', 'ep-1', 'other')]);
      assert.deepEqual(
        (await store.webhooks.list({}, 10)).map((r) => r.eventId),
        ['msg_new', 'msg_old'],
      );
      assert.deepEqual(
        (await store.webhooks.list({ clinicId: 'demo' }, 10)).map((r) => r.eventId),
        ['msg_old'],
      );
      assert.deepEqual(
        (await store.webhooks.list({ eventId: 'msg_new' }, 10)).map((r) => r.clinicId),
        ['other'],
      );
      assert.deepEqual(await store.webhooks.list({ status: 'failed' }, 10), []);
      assert.equal((await store.webhooks.list({}, 1)).length, 1);
    });
  });
}
