import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clinicConfigSchema } from '../config/clinic-config.ts';
import { DEMO_CLINIC } from '../config/demo-clinic.ts';
import { DemoProvider } from '../providers/demo/demo-provider.ts';
import { DEMO_PRACTITIONERS, DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';
import { toClinicIso } from '../time/clinic-time.ts';
import { clinicTimesOf, prepareRules } from './rules-check.ts';

const NOW = new Date('2026-11-22T22:00:00Z');

describe('the rules judge', () => {
  it('judges a slot by the clinic times it is handed, worked out once by the caller, not again', async () => {
    // Physio follow-ups on Mondays from 9 to 12 only.
    const config = clinicConfigSchema.parse({
      ...DEMO_CLINIC,
      rules: [
        {
          type: 'service-hours',
          serviceIds: [DEMO_SERVICE_IDS.physioFollowUp],
          hours: { mon: [['09:00', '12:00']] },
        },
      ],
    });
    const provider = new DemoProvider({ timezone: config.timezone, now: () => NOW });
    const catalogue = await provider.getCatalogue();
    const service = catalogue.categories
      .flatMap((c) => c.services)
      .find((s) => s.id === DEMO_SERVICE_IDS.physioFollowUp)!;
    const { judge } = await prepareRules(
      { config, provider },
      { catalogue, service, fromDate: '2026-11-23', toDate: '2026-11-23', now: NOW, newPatient: false },
    );
    // Monday 23 November, 10:00 to 10:30 in Sydney (UTC+11).
    const slot = {
      start: new Date('2026-11-22T23:00:00Z'),
      end: new Date('2026-11-22T23:30:00Z'),
      practitionerId: DEMO_PRACTITIONERS[0]!.id,
    };
    const local = clinicTimesOf(slot, config.timezone);
    assert.deepEqual(local, {
      start: toClinicIso(slot.start, config.timezone),
      end: toClinicIso(slot.end, config.timezone),
    });
    assert.equal(local.start, '2026-11-23T10:00:00+11:00');
    assert.equal(judge(slot, local), null);
    // Handed other times for the same instants, it judges those: it never reads the clock itself.
    const afternoon = { start: '2026-11-23T15:00:00+11:00', end: '2026-11-23T15:30:00+11:00' };
    assert.match(judge(slot, afternoon) ?? '', /not offered at that time/);
  });
});
