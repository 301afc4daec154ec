/**
 * Pins each UNCONFIRMED assumption about Halaxy's API (see `assumptions.ts`): when a clinic
 * with a live key settles one differently, the matching test here is the one to change.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allowsOnlineBooking,
  appointmentsOfRoleParams,
  feePrice,
  findPractitionerRoleParam,
  isBookingConflict,
  isMedicareFunder,
  MEDICARE_FUNDER_SEARCH,
  medicareCoverage,
  PAGE_SIZE,
  readFindEntry,
  roleOffersService,
  serviceBelongsToClinic,
  serviceDurationMinutes,
  serviceFeeId,
  waiverDocumentReference,
} from './assumptions.ts';
import type { HealthcareService, PractitionerRole } from './fhir-types.ts';

const BASE = 'https://au-api.halaxy.com/main';
const T = 'https://terminology.halaxy.com/StructureDefinition';

function service(extension: HealthcareService['extension'], providedBy?: string): HealthcareService {
  return {
    resourceType: 'HealthcareService',
    id: '567387',
    extension,
    ...(providedBy ? { providedBy: { reference: `${BASE}/Organization/${providedBy}` } } : {}),
  };
}

describe('Halaxy assumptions', () => {
  it('A1: pages of 100', () => {
    assert.equal(PAGE_SIZE, 100);
  });

  it('A2: $find takes the bare PractitionerRole id', () => {
    assert.equal(findPractitionerRoleParam('PR-1650721'), 'PR-1650721');
  });

  it('A3: reads $find entries as Appointments (role from the participant) or Slots (the role asked about)', () => {
    assert.deepEqual(
      readFindEntry(
        {
          resourceType: 'Appointment',
          start: '2026-11-24T10:00:00+11:00',
          participant: [{ actor: { reference: `${BASE}/PractitionerRole/PR-2` } }],
        },
        'PR-1',
      ),
      { start: '2026-11-24T10:00:00+11:00', roleId: 'PR-2' },
    );
    assert.deepEqual(readFindEntry({ resourceType: 'Slot', start: '2026-11-24T10:00:00+11:00' }, 'PR-1'), {
      start: '2026-11-24T10:00:00+11:00',
      roleId: 'PR-1',
    });
    assert.deepEqual(
      readFindEntry({ resourceType: 'Appointment', start: '2026-11-24T10:00:00+11:00' }, 'PR-1'),
      { start: '2026-11-24T10:00:00+11:00', roleId: 'PR-1' },
    );
    assert.equal(readFindEntry({ resourceType: 'Slot' }, 'PR-1'), null);
  });

  it('A4: a practitioner’s appointments are searched with actor=PractitionerRole/id', () => {
    assert.deepEqual(appointmentsOfRoleParams('PR-1650721'), { actor: 'PractitionerRole/PR-1650721' });
  });

  it('A5: a $book clash is a 409, or a 400/422 that says conflict or duplicate', () => {
    const says = (code: string) => ({
      resourceType: 'OperationOutcome' as const,
      issue: [{ severity: 'error', code }],
    });
    assert.equal(isBookingConflict(409, null), true);
    assert.equal(isBookingConflict(422, says('conflict')), true);
    assert.equal(isBookingConflict(400, says('duplicate')), true);
    assert.equal(isBookingConflict(422, says('required')), false);
    assert.equal(isBookingConflict(500, says('conflict')), false);
  });

  it('A6: online booking and duration come from extensions matched by the URL’s last segment', () => {
    const online = (value: string) => ({
      url: `${T}/healthcare-service-allow-online-booking`,
      valueString: value,
    });
    const minutes = { url: `${T}/healthcare-service-duration`, valueQuantity: { value: 45, unit: 'minute' } };
    assert.equal(allowsOnlineBooking(service([online('Yes - any bookable appointment time')])), true);
    assert.equal(allowsOnlineBooking(service([online('Yes - only appointments matching the type')])), true);
    assert.equal(allowsOnlineBooking(service([online('No')])), false);
    assert.equal(allowsOnlineBooking(service([])), null, 'missing: the caller hides the type');
    assert.equal(serviceDurationMinutes(service([minutes])), 45);
    assert.equal(
      serviceDurationMinutes(service([{ url: 'x/duration', valueQuantity: { value: 1, unit: 'h' } }])),
      null,
    );
    assert.equal(
      serviceDurationMinutes(service([{ url: 'x/anything', valueQuantity: { value: 30, code: 'min' } }])),
      30,
    );
  });

  it('A7: a type belongs to this clinic unless another clinic provides it', () => {
    assert.equal(serviceBelongsToClinic(service([]), 'CL-1'), true);
    assert.equal(serviceBelongsToClinic(service([], 'PG-9'), 'CL-1'), true);
    assert.equal(serviceBelongsToClinic(service([], 'CL-1'), 'CL-1'), true);
    assert.equal(serviceBelongsToClinic(service([], 'CL-2'), 'CL-1'), false);
  });

  it('A8: a role offers the types it lists, or every type when it lists none', () => {
    const role = (ids?: string[]): PractitionerRole => ({
      resourceType: 'PractitionerRole',
      id: 'PR-1',
      ...(ids
        ? { healthcareService: ids.map((id) => ({ reference: `/main/HealthcareService/${id}` })) }
        : {}),
    });
    assert.equal(roleOffersService(role(['1', '2']), '2'), true);
    assert.equal(roleOffersService(role(['1']), '2'), false);
    assert.equal(roleOffersService(role(), '2'), true);
    assert.equal(roleOffersService(role([]), '2'), true);
  });

  it('A9: the price is the linked fee’s base price component', () => {
    const linked = service([
      {
        url: `${T}/healthcare-service-charge-item-definition`,
        valueReference: { reference: `${BASE}/ChargeItemDefinition/8801` },
      },
    ]);
    assert.equal(serviceFeeId(linked), '8801');
    assert.equal(serviceFeeId(service([])), null);
    assert.deepEqual(
      feePrice({
        resourceType: 'ChargeItemDefinition',
        id: '8801',
        propertyGroup: [
          {
            priceComponent: [
              { type: 'surcharge', amount: { value: 5 } },
              { type: 'base', amount: { value: 89.95, currency: 'aud' } },
            ],
          },
        ],
      }),
      { amountCents: 8995, currency: 'AUD' },
    );
    assert.equal(feePrice({ resourceType: 'ChargeItemDefinition', id: '1' }), null);
  });

  it('A10: Medicare is a Coverage on the patient, paid by the Medicare funder', () => {
    assert.deepEqual(medicareCoverage(BASE, '123', 'FD-9', '2123456701', '1'), {
      resourceType: 'Coverage',
      status: 'active',
      beneficiary: { reference: `${BASE}/Patient/123`, type: 'Patient' },
      subscriber: { reference: `${BASE}/Patient/123`, type: 'Patient' },
      subscriberID: '2123456701',
      dependent: '1',
      payor: [{ reference: `${BASE}/Organization/FD-9`, type: 'Organization' }],
    });
    assert.equal('dependent' in medicareCoverage(BASE, '123', 'FD-9', '2123456701', undefined), false);
  });

  it('A11: the waiver note carries an HTML body and the PDF in one DocumentReference', () => {
    const note = waiverDocumentReference({
      baseUrl: BASE,
      patientId: '123',
      roleId: 'PR-7',
      date: '2026-11-23T09:00:00+11:00',
      description: 'Signed waiver',
      docStatus: 'final',
      html: '<p>Signed</p>',
      pdfBase64: 'JVBERi0=',
      fileName: 'waiver.pdf',
    });
    assert.deepEqual(note.content, [{ attachment: { contentType: 'text/html', data: '<p>Signed</p>' } }]);
    assert.deepEqual(note.attachments, [
      { contentType: 'application/pdf', data: 'JVBERi0=', title: 'waiver.pdf' },
    ]);
    assert.deepEqual(note.author, [{ reference: `${BASE}/PractitionerRole/PR-7`, type: 'PractitionerRole' }]);
    assert.equal(note.docStatus, 'final');
  });

  it('A13: the Medicare funder is searched by name and is an active FD- organisation named Medicare', () => {
    assert.deepEqual(MEDICARE_FUNDER_SEARCH, { name: 'Medicare' });
    const org = (id: string, name: string, active?: boolean) => ({
      resourceType: 'Organization' as const,
      id,
      name,
      ...(active === undefined ? {} : { active }),
    });
    assert.equal(isMedicareFunder(org('FD-9001', 'Medicare')), true);
    assert.equal(isMedicareFunder(org('FD-1', '  MEDICARE  Australia ')), true);
    assert.equal(isMedicareFunder(org('OG-4410', 'Medicare')), false, 'not a funder');
    assert.equal(isMedicareFunder(org('FD-9002', 'Medicare Benefits Schedule (old)')), false);
    assert.equal(isMedicareFunder(org('FD-9001', 'Medicare', false)), false, 'inactive');
  });
});
