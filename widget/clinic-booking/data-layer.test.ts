/**
 * What the widget pushes to Google Tag Manager's data layer for each of its events: GA4's
 * recommended ecommerce shapes, and never anything about the patient.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Service } from '../../shared/contract.ts';
import { EVENTS } from './booking-events.ts';
import { dataLayerEntries } from './data-layer.ts';

const SERVICE: Service = {
  id: 's-initial',
  name: 'Initial physiotherapy',
  description: '',
  durationMinutes: 45,
  price: { amountCents: 12_050, currency: 'AUD' },
};

describe('dataLayerEntries', () => {
  it('a step is cb_step_change with where the patient is', () => {
    const detail = { step: 'time', stepNumber: 3, stepCount: 5 };
    assert.deepEqual(dataLayerEntries(EVENTS.stepChange, detail, SERVICE), [
      { event: 'cb_step_change', cb_step: 'time', cb_step_number: 3, cb_step_count: 5 },
    ]);
  });

  it('reaching the details step is also begin_checkout with the service as the item, after clearing ecommerce', () => {
    const entries = dataLayerEntries(
      EVENTS.stepChange,
      { step: 'details', stepNumber: 4, stepCount: 5 },
      SERVICE,
    );
    assert.deepEqual(entries.slice(1), [
      { ecommerce: null },
      {
        event: 'begin_checkout',
        ecommerce: {
          currency: 'AUD',
          value: 120.5,
          items: [{ item_id: 's-initial', item_name: 'Initial physiotherapy', price: 120.5, quantity: 1 }],
        },
      },
    ]);
  });

  it('a service without a price is worth 0 AUD', () => {
    const free = { ...SERVICE, price: undefined };
    const entries = dataLayerEntries(
      EVENTS.stepChange,
      { step: 'details', stepNumber: 4, stepCount: 5 },
      free,
    );
    assert.deepEqual((entries[2]!.ecommerce as { value: number; currency: string }).value, 0);
    assert.deepEqual((entries[2]!.ecommerce as { value: number; currency: string }).currency, 'AUD');
  });

  it('a booking is purchase with its id as transaction_id, value, currency and items', () => {
    const detail = {
      bookingId: 'b-77',
      serviceId: 's-initial',
      serviceName: 'Initial physiotherapy',
      practitionerId: 'p1',
      practitionerName: 'Sam Lee',
      start: '2026-12-03T09:00:00+11:00',
      value: 120.5,
      currency: 'AUD',
    };
    assert.deepEqual(dataLayerEntries(EVENTS.bookingComplete, detail), [
      { ecommerce: null },
      {
        event: 'purchase',
        ecommerce: {
          transaction_id: 'b-77',
          currency: 'AUD',
          value: 120.5,
          items: [{ item_id: 's-initial', item_name: 'Initial physiotherapy', price: 120.5, quantity: 1 }],
        },
      },
    ]);
  });

  it('a failed attempt is cb_booking_failed with the stable code, not the message', () => {
    const entries = dataLayerEntries(EVENTS.bookingFailed, {
      code: 'slot_taken',
      message: 'That time was just taken.',
    });
    assert.deepEqual(entries, [{ event: 'cb_booking_failed', cb_error_code: 'slot_taken' }]);
  });

  const CHANGED = {
    bookingId: '1790000000000000005',
    serviceId: 's-initial',
    serviceName: 'Initial physiotherapy',
    practitionerId: 'p-1',
    practitionerName: 'Dr Aisha Khan',
    start: '2026-11-26T10:00:00+11:00',
  };

  it('a move from the link is cb_booking_rescheduled with the booking and service, nothing else', () => {
    const entries = dataLayerEntries(EVENTS.bookingRescheduled, {
      ...CHANGED,
      previousStart: '2026-11-25T09:00:00+11:00',
    });
    assert.deepEqual(entries, [
      {
        event: 'cb_booking_rescheduled',
        cb_booking_id: CHANGED.bookingId,
        cb_service_id: 's-initial',
        cb_service_name: 'Initial physiotherapy',
      },
    ]);
  });

  it('a cancel from the link is cb_booking_cancelled and GA4’s refund of the booking’s purchase', () => {
    assert.deepEqual(dataLayerEntries(EVENTS.bookingCancelled, CHANGED), [
      {
        event: 'cb_booking_cancelled',
        cb_booking_id: CHANGED.bookingId,
        cb_service_id: 's-initial',
        cb_service_name: 'Initial physiotherapy',
      },
      { ecommerce: null },
      { event: 'refund', ecommerce: { transaction_id: CHANGED.bookingId } },
    ]);
  });

  it('an event it does not know pushes nothing', () => {
    assert.deepEqual(dataLayerEntries('cb-something-else', {}), []);
  });
});
