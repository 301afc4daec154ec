/**
 * A hanging practice system does not hang the patient: past the booking's deadline they get
 * a 503 asking them to retry, the booking goes on and records its answer, and the retry
 * gets that answer (one appointment).
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { setupServer } from 'msw/node';
import {
  availabilityResponseSchema,
  bookingResponseSchema,
  errorResponseSchema,
} from '../../shared/contract.ts';
import { PRACTITIONERS, TYPES } from '../../test/fakes/cliniko/cliniko-seed.ts';
import { CLINIKO_CLINIC_ID, createClinikoProxy } from '../../test/helpers/cliniko-proxy.ts';
import { bookingFor, newKey, postBooking } from '../../test/helpers/demo-proxy.ts';

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
after(() => server.close());

describe('the booking deadline', () => {
  it('answers 503 at the deadline while Cliniko hangs, and the retry gets the booking that landed', async () => {
    const proxy = createClinikoProxy({ app: { bookingDeadlineMs: 1_000 } });
    server.use(...proxy.fake.handlers());
    const res = await proxy.app.request(
      `/api/clinics/${CLINIKO_CLINIC_ID}/availability?serviceId=${TYPES.physioFollowUp}&practitionerId=${PRACTITIONERS.tomWalker}&from=2026-11-24&to=2026-11-24`,
    );
    const [slot] = availabilityResponseSchema.parse(await res.json()).slots;
    const body = bookingFor(slot!, TYPES.physioFollowUp);
    const key = newKey();
    proxy.fake.failNext('appointments.create', { kind: 'slow-response', ms: 2_000 });
    const slow = await postBooking(proxy.app, body, key, CLINIKO_CLINIC_ID);
    assert.equal(slow.status, 503);
    const { error } = errorResponseSchema.parse(await slow.json());
    assert.match(error.message, /try again/);
    assert.ok(Number(slow.headers.get('Retry-After')) > 0);

    // The widget retries after Retry-After; the retry answers from the booking's record.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const retried = await postBooking(proxy.app, body, key, CLINIKO_CLINIC_ID);
    assert.equal(retried.status, 201, await retried.clone().text());
    const { booking } = bookingResponseSchema.parse(await retried.json());
    assert.equal(proxy.fake.requestsFor('appointments.create').length, 1);
    assert.deepEqual(
      proxy.fake.liveAt(PRACTITIONERS.tomWalker, Date.parse(slot!.start)).map((a) => a.id),
      [booking.id],
    );
  });
});
