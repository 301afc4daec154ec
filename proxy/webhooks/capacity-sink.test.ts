import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newWebhookSecret } from '../../test/helpers/webhook-receiver.ts';
import type { CapacityEvent } from '../capacity/capacity-events.ts';
import { clinicConfigSchema } from '../config/clinic-config.ts';
import { DEMO_CLINIC } from '../config/demo-clinic.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { webhookSignalSink } from './capacity-sink.ts';

const event: CapacityEvent = {
  id: 'cap_0001',
  type: 'capacity.low',
  timestamp: '2026-11-23T09:00:00+11:00',
  data: {
    clinic: { id: 'demo', name: 'Harbourside Health' },
    alert: { days: 14, below: 0.1 },
    window: { from: '2026-11-23', to: '2026-12-06' },
    freeShare: 0.08,
    freeMinutes: 480,
    bookedMinutes: 5520,
  },
};

describe('capacity signals through the clinic’s webhooks', () => {
  it('queues each crossing once for each webhook that takes it, under the crossing’s id', async () => {
    const config = clinicConfigSchema.parse({
      ...DEMO_CLINIC,
      webhooks: [
        { url: 'https://marketing.example.com/hook', secret: newWebhookSecret(), events: ['capacity.low'] },
        { url: 'https://crm.example.com/hook', secret: newWebhookSecret(), events: ['booking.created'] },
        { url: 'https://all.example.com/hook', secret: newWebhookSecret() },
      ],
    });
    const store = createMemoryStore();
    const logged: string[] = [];
    const sink = webhookSignalSink([{ config }], store, {
      deliver: async (_clinicId, e) => void logged.push(e.id),
    });
    await sink.deliver('demo', event);
    // A hand-over repeated after a crash.
    await sink.deliver('demo', event);
    const rows = await store.webhooks.list({}, 10);
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r) => r.eventId === 'cap_0001' && r.type === 'capacity.low'));
    assert.deepEqual(rows[0]?.payload, { type: event.type, timestamp: event.timestamp, data: event.data });
    assert.deepEqual(logged, ['cap_0001', 'cap_0001']);
  });
});
