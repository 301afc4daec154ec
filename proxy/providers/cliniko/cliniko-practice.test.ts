/**
 * Several businesses on one Cliniko account, as several clinics of one practice: each books
 * into its own business, reads only its own practitioners, and the practice lists both.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bookingResponseSchema, practiceResponseSchema } from '../../../shared/contract.ts';
import {
  BUSINESS_ID,
  OTHER_BUSINESS_ID,
  PRACTITIONERS,
  TYPES,
} from '../../../test/fakes/cliniko/cliniko-seed.ts';
import { clinicApi } from '../../../test/helpers/clinic-api.ts';
import {
  CLINIKO_POOL_CLINIC_ID,
  CLINIKO_PRACTICE_ID,
  createClinikoPracticeProxy,
} from '../../../test/helpers/cliniko-practice.ts';
import { testServer } from '../../../test/helpers/msw-server.ts';

const server = testServer();
const TUESDAY = '2026-11-24';

function setup() {
  const proxy = createClinikoPracticeProxy();
  server.use(...proxy.fake.handlers());
  const [harbour, pool] = proxy.clinics.map((clinic) => clinicApi({ app: proxy.app, clinic: clinic.config }));
  return { proxy, harbour: harbour!, pool: pool! };
}

describe('Cliniko: a practice of two businesses', () => {
  it('lists both locations, in order, from the one account', async () => {
    const { proxy } = setup();
    const res = await proxy.app.request(`/api/practices/${CLINIKO_PRACTICE_ID}`);
    assert.equal(res.status, 200);
    const { practice } = practiceResponseSchema.parse(await res.json());
    assert.deepEqual(
      practice.clinics.map((c) => [c.id, c.name, c.address]),
      [
        ['harbour', 'Harbour Allied Health', '1 Harbour Street, Sydney NSW 2000'],
        [CLINIKO_POOL_CLINIC_ID, 'Harbour Allied Health Pool', '2 Wharf Road, Balmain NSW 2041'],
      ],
    );
  });

  it('shows each location only its own business’s practitioners and services', async () => {
    const { harbour, pool } = setup();
    const atPool = await pool.bootstrap();
    assert.deepEqual(
      atPool.practitioners.map((p) => p.id),
      [PRACTITIONERS.oliviaHart],
    );
    const poolServices = atPool.categories.flatMap((c) => c.services.map((s) => s.id)).sort();
    assert.deepEqual(poolServices, [TYPES.physioFollowUp, TYPES.hydrotherapy].sort());
    const atHarbour = await harbour.bootstrap();
    assert.ok(!atHarbour.practitioners.some((p) => p.id === PRACTITIONERS.oliviaHart));
    assert.ok(!atHarbour.categories.some((c) => c.services.some((s) => s.id === TYPES.hydrotherapy)));
    // A service both offer: "anyone" at the pool is only whoever works there.
    const anyone = await pool.slots(TYPES.physioFollowUp, 'any', TUESDAY);
    assert.ok(anyone.length > 0);
    assert.deepEqual([...new Set(anyone.map((s) => s.practitionerId))], [PRACTITIONERS.oliviaHart]);
  });

  it('books at the second location into its business, and at the first into the first', async () => {
    const { proxy, harbour, pool } = setup();
    const [poolSlot] = await pool.slots(TYPES.hydrotherapy, PRACTITIONERS.oliviaHart, TUESDAY);
    const res = await pool.book(pool.request(poolSlot!, TYPES.hydrotherapy));
    assert.equal(res.status, 201, await res.clone().text());
    const { booking } = bookingResponseSchema.parse(await res.json());
    const stored = proxy.fake.appointments.find((a) => a.id === booking.id);
    assert.equal(stored?.businessId, OTHER_BUSINESS_ID);
    assert.equal(stored?.practitionerId, PRACTITIONERS.oliviaHart);
    assert.equal(stored?.typeId, TYPES.hydrotherapy);
    // The time is taken at the pool, for the pool.
    const after = await pool.slots(TYPES.hydrotherapy, PRACTITIONERS.oliviaHart, TUESDAY);
    assert.ok(!after.some((s) => s.start === poolSlot!.start));

    const [harbourSlot] = await harbour.slots(TYPES.physioFollowUp, PRACTITIONERS.priyaNair, TUESDAY);
    const second = await harbour.book(
      harbour.request(harbourSlot!, TYPES.physioFollowUp, { email: 'other.patient@example.com' }),
    );
    assert.equal(second.status, 201, await second.clone().text());
    const { booking: atHarbour } = bookingResponseSchema.parse(await second.json());
    assert.equal(proxy.fake.appointments.find((a) => a.id === atHarbour.id)?.businessId, BUSINESS_ID);
  });
});
