/**
 * The privacy boundary: the capacity feed's provider has the four schedule reads and
 * nothing that reaches a patient, and a feed is built without ever touching one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clinicConfigSchema } from '../config/clinic-config.ts';
import { DEMO_CAPACITY_TOKEN, DEMO_CLINIC } from '../config/demo-clinic.ts';
import { createApp } from '../app.ts';
import { createJsonLogger } from '../logger.ts';
import { CachingProvider } from '../providers/caching-provider.ts';
import { DemoProvider } from '../providers/demo/demo-provider.ts';
import type { BookingProvider } from '../providers/provider.ts';
import { FIXED_NOW } from '../../test/helpers/demo-proxy.ts';
import { readCapacity } from '../../test/helpers/capacity.ts';
import { CAPACITY_READS, capacityClinicOf } from './capacity-reads.ts';

const PATIENT_METHODS = [
  'findOrCreatePatient',
  'findAppointment',
  'createAppointment',
  'storeWaiver',
] as const;

function demoClinic(provider: BookingProvider) {
  return { config: clinicConfigSchema.parse(DEMO_CLINIC), provider };
}

describe('the capacity feed’s provider', () => {
  it('has the schedule reads only: no patient search, lookup or write, whatever a caller tries', () => {
    const inner = new DemoProvider({ timezone: 'Australia/Sydney', now: () => FIXED_NOW });
    const { provider } = capacityClinicOf(demoClinic(inner));
    assert.deepEqual(Object.keys(provider).sort(), [...CAPACITY_READS].sort());
    assert.ok(Object.isFrozen(provider));
    for (const method of PATIENT_METHODS) {
      assert.equal(method in provider, false, method);
      assert.equal((provider as unknown as Record<string, unknown>)[method], undefined, method);
    }
    // @ts-expect-error -- the type has no patient search either: this line fails to compile if one is added.
    void provider.findOrCreatePatient;
  });

  it('builds a feed without touching any patient method of the practice system', async () => {
    const demo = new DemoProvider({ timezone: 'Australia/Sydney', now: () => FIXED_NOW });
    const touched: string[] = [];
    const guarded = new Proxy(demo, {
      get(target, name, receiver) {
        if ((PATIENT_METHODS as readonly PropertyKey[]).includes(name)) {
          touched.push(String(name));
          throw new Error(`${String(name)} must not be reached by the capacity feed`);
        }
        const value = Reflect.get(target, name, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const { config } = demoClinic(guarded);
    const app = createApp({
      clinics: [
        {
          config,
          provider: new CachingProvider(guarded, {
            timezone: config.timezone,
            now: () => FIXED_NOW.getTime(),
          }),
        },
      ],
      now: () => FIXED_NOW,
      logger: createJsonLogger({ write: () => undefined }),
    });
    const { body } = await readCapacity(app, 'demo', DEMO_CAPACITY_TOKEN);
    assert.ok(body.totals.freeSlots > 0 && body.totals.bookedMinutes > 0);
    assert.deepEqual(touched, []);
  });
});
