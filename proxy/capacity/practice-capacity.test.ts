/** Capacity over several clinics (a practice's locations) in one report. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildClinics } from '../clinic.ts';
import { clinicConfigSchema } from '../config/clinic-config.ts';
import { DEMO_CLINIC } from '../config/demo-clinic.ts';
import { createJsonLogger } from '../logger.ts';
import { FIXED_NOW } from '../../test/helpers/demo-proxy.ts';
import { assertTotalsAddUp } from '../../test/helpers/capacity.ts';
import { capacityClinicOf } from './capacity-reads.ts';
import { capacityReport } from './capacity-report.ts';
import { CapacitySnapshots } from './capacity-snapshots.ts';
import { practiceCapacity } from './practice-capacity.ts';

const window = { fromDate: '2026-11-23', toDate: '2026-11-29' };

function twoLocations() {
  const configs = [
    clinicConfigSchema.parse(DEMO_CLINIC),
    clinicConfigSchema.parse({ ...DEMO_CLINIC, id: 'demo-north', name: 'Harbourside Health North' }),
  ];
  return buildClinics(configs, {
    fetch: () => Promise.reject(new Error('no network')),
    now: () => FIXED_NOW,
    logger: createJsonLogger({ write: () => undefined }),
  });
}

describe('practiceCapacity', () => {
  it('reports each location and the totals across them, from the clinics’ own snapshots', async () => {
    const clinics = twoLocations();
    const snapshots = new CapacitySnapshots({ now: () => FIXED_NOW });
    const practice = await practiceCapacity(clinics, window, snapshots, FIXED_NOW);
    const single = await Promise.all(
      clinics.map(async (clinic) =>
        capacityReport([(await snapshots.get(capacityClinicOf(clinic), window)).capacity], window, {
          maxAgeSeconds: 300,
        }),
      ),
    );

    assert.deepEqual(
      practice.locations.map((l) => [l.id, l.totals]),
      single.map((s) => [s.locations[0]!.id, s.totals]),
    );
    assert.equal(practice.totals.freeMinutes, single[0]!.totals.freeMinutes + single[1]!.totals.freeMinutes);
    assert.equal(
      practice.totals.bookedMinutes,
      single[0]!.totals.bookedMinutes + single[1]!.totals.bookedMinutes,
    );
    // The same practitioner ids at two locations stay two rows, each with its location.
    assert.equal(practice.practitioners.length, single[0]!.practitioners.length * 2);
    assert.deepEqual(
      practice.days[0]!.practitioners.map((p) => p.locationId),
      [
        ...single[0]!.days[0]!.practitioners.map(() => 'demo'),
        ...single[1]!.days[0]!.practitioners.map(() => 'demo-north'),
      ],
    );
    // A service both offer is one row, with both locations' time.
    assert.equal(practice.services.length, single[0]!.services.length);
    const [first] = practice.services;
    assert.equal(
      first!.totals.freeSlots,
      single[0]!.services[0]!.totals.freeSlots + single[1]!.services[0]!.totals.freeSlots,
    );
    assertTotalsAddUp(practice);
    assert.equal(practice.maxAgeSeconds, 300);
  });
});
