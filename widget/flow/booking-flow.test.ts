/**
 * The booking flow's rules, without a DOM: which step comes first, what going back keeps,
 * what a failed booking does, and when the Idempotency-Key changes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Booking, Slot } from '../../shared/contract.ts';
import {
  BookingFlow,
  EMPTY_PATIENT,
  type DetailsInput,
  type FlowCatalogue,
  type Prefill,
} from '../flow/booking-flow.ts';
import { toBookingRequest } from '../flow/booking-request.ts';
import { STEP_IDS } from './flow-types.ts';
import { STEPS } from './step-registry.ts';

const service = (id: string) => ({ id, name: `Service ${id}`, description: '', durationMinutes: 30 });
const CATALOGUE: FlowCatalogue = {
  categories: [
    { id: 'physio', name: 'Physio', services: [service('s1'), service('s2')] },
    { id: 'massage', name: 'Massage', services: [service('s3')] },
  ],
  practitioners: [
    { id: '9007199254740993', serviceIds: ['s1', 's2'] },
    { id: 'p2', serviceIds: ['s2', 's3'] },
  ],
};
const SLOT: Slot = {
  start: '2026-11-24T09:00:00+11:00',
  end: '2026-11-24T09:30:00+11:00',
  practitionerId: 'p2',
};
const OTHER_SLOT: Slot = { ...SLOT, start: '2026-11-24T10:00:00+11:00', end: '2026-11-24T10:30:00+11:00' };
const DETAILS: DetailsInput = {
  patient: {
    ...EMPTY_PATIENT,
    firstName: 'Jo',
    lastName: 'Lee',
    email: 'jo@example.com',
    phone: '0412345678',
    dateOfBirth: '1990-01-02',
  },
  answers: {},
  waiverAccepted: true,
  signature: { svg: 'data:image/svg+xml;base64,PHN2Zy8+', method: 'drawn' },
  marketingConsent: true,
  honeypot: '',
};

/** A flow on one clinic whose catalogue is loaded, as `clinic=` makes it. */
function clinicFlow(catalogue: FlowCatalogue, prefill: Prefill = {}, newKey?: () => string) {
  return BookingFlow.forClinic('clinic-a', catalogue, prefill, newKey);
}

function keys() {
  let n = 0;
  return () => `key-${++n}`;
}

/** A flow walked to the summary. */
function atConfirm(newKey = keys()) {
  const flow = clinicFlow(CATALOGUE, {}, newKey);
  flow.chooseCategory('physio');
  flow.chooseService('s2');
  flow.choosePractitioner('any');
  flow.chooseSlot(SLOT);
  flow.submitDetails(DETAILS);
  return flow;
}

describe('the booking flow', () => {
  it('starts at step 1 with several categories, and skips it when there is one', () => {
    assert.equal(clinicFlow(CATALOGUE).state.step, 'category');
    const single = clinicFlow({ ...CATALOGUE, categories: [CATALOGUE.categories[0]!] });
    assert.equal(single.state.step, 'service');
    assert.equal(single.state.categoryId, 'physio');
    assert.deepEqual(single.visibleSteps, ['service', 'time', 'details', 'confirm']);
    assert.equal(single.canGoBack, false);
  });

  it('starts where the page prefilled: a category, a service, or a service and practitioner', () => {
    assert.equal(clinicFlow(CATALOGUE, { category: 'massage' }).state.step, 'service');
    const withService = clinicFlow(CATALOGUE, { service: 's3' });
    assert.deepEqual(
      [withService.state.step, withService.state.categoryId, withService.state.serviceId],
      ['service', 'massage', 's3'],
    );
    const withBoth = clinicFlow(CATALOGUE, { service: 's1', practitioner: '9007199254740993' });
    assert.deepEqual([withBoth.state.step, withBoth.state.practitionerId], ['time', '9007199254740993']);
    assert.equal(clinicFlow(CATALOGUE, { service: 's1', practitioner: 'any' }).state.step, 'time');
  });

  it('ignores a prefill that does not exist, or a practitioner who does not offer the service', () => {
    assert.equal(clinicFlow(CATALOGUE, { category: 'nope', service: 'nope' }).state.step, 'category');
    const mismatch = clinicFlow(CATALOGUE, { service: 's3', practitioner: '9007199254740993' });
    assert.equal(mismatch.state.step, 'service');
    assert.equal(mismatch.state.practitionerId, null);
  });

  it('walks the five steps, and going back keeps everything entered', () => {
    const flow = atConfirm();
    assert.equal(flow.state.step, 'confirm');
    flow.back();
    assert.equal(flow.state.step, 'details');
    assert.deepEqual(flow.state.details, DETAILS);
    flow.back();
    flow.back();
    assert.equal(flow.state.step, 'service');
    assert.deepEqual([flow.state.serviceId, flow.state.practitionerId, flow.state.slot], ['s2', 'any', SLOT]);
    flow.back();
    assert.equal(flow.state.step, 'category');
    assert.equal(flow.canGoBack, false);
  });

  it('forgets the time when the service or practitioner changes, but not the details', () => {
    const flow = atConfirm();
    flow.goTo('service');
    flow.chooseService('s1');
    assert.equal(flow.state.slot, null);
    assert.equal(flow.state.practitionerId, 'any', '"any" still applies to the new service');
    assert.deepEqual(flow.state.details, DETAILS);
    flow.choosePractitioner('p2');
    assert.equal(flow.state.step, 'service', 'p2 does not offer s1');
    flow.choosePractitioner('9007199254740993');
    assert.equal(flow.state.step, 'time');
  });

  it('keeps the Idempotency-Key for a retry and makes a new one when the booking changes', () => {
    const flow = atConfirm();
    assert.equal(flow.beginBooking(), 'key-1');
    assert.equal(flow.beginBooking(), null, 'a second click while booking sends nothing');
    flow.bookingFailed({ code: 'upstream_unavailable', message: 'Cliniko is not answering.' });
    assert.equal(flow.state.step, 'confirm');
    assert.equal(flow.state.submission.status, 'failed');
    assert.equal(flow.beginBooking(), 'key-1', 'the retry reuses the key');
    flow.bookingFailed({ code: 'network_error', message: 'Offline.' });
    flow.goTo('time');
    flow.chooseSlot(OTHER_SLOT);
    flow.submitDetails(DETAILS);
    assert.equal(flow.beginBooking(), 'key-2', 'a different time is a different booking');
  });

  it('keeps the key when the patient looks back without changing anything', () => {
    const flow = atConfirm();
    flow.goTo('details');
    flow.submitDetails(structuredClone(DETAILS));
    assert.equal(flow.beginBooking(), 'key-1');
    flow.bookingFailed({ code: 'network_error', message: 'Offline.' });
    flow.goTo('details');
    flow.submitDetails({ ...DETAILS, patient: { ...DETAILS.patient, email: 'other@example.com' } });
    assert.equal(flow.beginBooking(), 'key-2');
  });

  it('returns to the times with alternatives when the slot was taken, keeping the details', () => {
    const flow = atConfirm();
    flow.beginBooking();
    flow.bookingFailed({
      code: 'slot_taken',
      message: 'That time was just taken.',
      alternatives: [OTHER_SLOT],
    });
    assert.equal(flow.state.step, 'time');
    assert.equal(flow.state.slot, null);
    assert.equal(flow.state.notice, 'That time was just taken.');
    assert.deepEqual(flow.state.alternatives, [OTHER_SLOT]);
    assert.deepEqual(flow.state.details, DETAILS);
    flow.chooseSlot(OTHER_SLOT);
    assert.equal(flow.state.step, 'details');
    assert.deepEqual(flow.state.alternatives, []);
  });

  it('returns to the details with each message by its field when the proxy refuses them', () => {
    const flow = atConfirm();
    flow.beginBooking();
    const fields = { 'patient.email': 'Enter an email address like name@example.com.' };
    flow.bookingFailed({ code: 'validation_failed', message: 'Check the highlighted fields.', fields });
    assert.equal(flow.state.step, 'details');
    assert.deepEqual(flow.state.fieldErrors, fields);
  });

  it('books, then "book another" starts over for the same patient with a fresh waiver', () => {
    const flow = atConfirm();
    flow.beginBooking();
    const booking: Booking = {
      id: '1',
      start: SLOT.start,
      end: SLOT.end,
      serviceId: 's2',
      serviceName: 'S',
      practitionerId: 'p2',
      practitionerName: 'P',
      timezone: 'Australia/Sydney',
    };
    flow.bookingSucceeded(booking);
    assert.equal(flow.state.step, 'done');
    assert.equal(flow.canGoBack, false);
    flow.goTo('details');
    assert.equal(flow.state.step, 'done', 'a finished booking cannot be edited');
    flow.bookAnother();
    assert.equal(flow.state.step, 'category');
    assert.equal(flow.state.details.patient.email, 'jo@example.com');
    assert.equal(flow.state.details.signature, null);
    assert.equal(flow.state.details.waiverAccepted, false);
    assert.equal(flow.state.details.marketingConsent, false, 'consent is asked again for the next booking');
    assert.equal(flow.state.idempotencyKey, null);
  });

  it('tells subscribers about every change', () => {
    const flow = clinicFlow(CATALOGUE);
    const steps: string[] = [];
    const stop = flow.subscribe((s) => steps.push(s.step));
    flow.chooseCategory('massage');
    flow.chooseService('s3');
    stop();
    flow.choosePractitioner('p2');
    assert.deepEqual(steps, ['service', 'service']);
  });
});

describe('the booking request', () => {
  it('sends the practitioner who is free at the chosen time, ids as strings, and leaves out blank optional fields', () => {
    const flow = atConfirm();
    const profile = { waiver: { id: 'w', version: '3', title: 'T', text: 'x' } } as Parameters<
      typeof toBookingRequest
    >[1];
    const request = toBookingRequest(flow.state, profile);
    assert.equal(request.practitionerId, 'p2');
    assert.equal(request.start, SLOT.start);
    assert.equal(request.waiver.version, '3');
    assert.equal('medicareNumber' in request.patient, false);
    assert.equal('note' in request.patient, false);
    assert.equal(request.website, '');
  });

  it('sends the visit’s source, and the consent answer only when the clinic asked for it', () => {
    const flow = atConfirm();
    const waiver = { id: 'w', version: '3', title: 'T', text: 'x' };
    type Profile = Parameters<typeof toBookingRequest>[1];
    const asks = { waiver, marketingConsent: { label: 'News from us' } } as Profile;
    const silent = { waiver } as Profile;
    const source = { utm_source: 'google', landingPath: '/book' };
    const request = toBookingRequest(flow.state, asks, undefined, source);
    assert.deepEqual(request.source, source);
    assert.equal(request.marketingConsent, true, 'the patient ticked the box (DETAILS)');
    flow.saveDetails({ ...flow.state.details, marketingConsent: false });
    assert.equal(toBookingRequest(flow.state, asks).marketingConsent, false, 'unticked is sent as false');
    const without = toBookingRequest(flow.state, silent, undefined, {});
    assert.equal('marketingConsent' in without, false, 'no box, no answer');
    assert.equal('source' in without, false, 'an empty source is left out');
  });
});

describe('the step registry', () => {
  it('lists every step once, in the order the flow walks them', () => {
    assert.deepEqual(
      STEPS.map((s) => s.id),
      [...STEP_IDS],
    );
  });
});

describe('the location step, at a practice', () => {
  const LOCATIONS = [
    { id: 'city', name: 'City', address: '1 Harbour St' },
    { id: 'beach', name: 'Beach', address: '2 Shore Rd' },
  ];
  /** Another clinic's catalogue: its own services, so nothing of the first applies. */
  const BEACH: FlowCatalogue = {
    categories: [
      { id: 'massage', name: 'Massage', services: [service('s3')] },
      { id: 'exercise', name: 'Exercise', services: [service('s4')] },
    ],
    practitioners: [{ id: 'p2', serviceIds: ['s3', 's4'] }],
  };
  const practiceFlow = (prefill: Prefill = {}) =>
    new BookingFlow({ locations: LOCATIONS, prefill, newKey: keys() });

  it('comes first, before the numbered steps, and waits for nothing until a location is chosen', () => {
    const flow = practiceFlow();
    assert.equal(flow.state.step, 'location');
    assert.equal(flow.firstStep, 'location');
    assert.equal(flow.state.locationId, null);
    assert.equal(flow.state.awaitingClinic, false, 'no clinic is loaded before the patient chooses');
    assert.deepEqual(flow.visibleSteps, ['category', 'service', 'time', 'details', 'confirm']);
    assert.equal(flow.canGoBack, false);
  });

  it('waits for the chosen clinic, then starts its steps', () => {
    const flow = practiceFlow();
    flow.chooseLocation('beach');
    assert.equal(flow.state.step, 'location', 'still on the step while its clinic loads');
    assert.equal(flow.state.awaitingClinic, true);
    assert.equal(flow.location?.name, 'Beach');
    flow.clinicLoaded('city', CATALOGUE);
    assert.equal(flow.state.awaitingClinic, true, 'a late answer for another location is ignored');
    flow.clinicLoaded('beach', BEACH);
    assert.equal(flow.state.step, 'category');
    assert.equal(flow.catalogue, BEACH, 'the chosen clinic’s catalogue');
  });

  it('ignores a location that is not the practice’s', () => {
    const flow = practiceFlow();
    flow.chooseLocation('elsewhere');
    assert.equal(flow.state.locationId, null);
    assert.equal(flow.state.awaitingClinic, false);
  });

  it('is one Back from step 1, with the choice and everything after it kept', () => {
    const flow = practiceFlow();
    flow.chooseLocation('city');
    flow.clinicLoaded('city', CATALOGUE);
    flow.chooseCategory('physio');
    flow.chooseService('s2');
    flow.choosePractitioner('p2');
    flow.back();
    flow.back();
    assert.equal(flow.state.step, 'category');
    assert.equal(flow.canGoBack, true);
    flow.back();
    assert.equal(flow.state.step, 'location');
    assert.equal(flow.state.locationId, 'city', 'the choice is kept');
    flow.chooseLocation('city');
    assert.equal(flow.state.step, 'category', 'the same location continues at once');
    assert.equal(flow.state.awaitingClinic, false);
    assert.deepEqual(
      [flow.state.categoryId, flow.state.serviceId, flow.state.practitionerId],
      ['physio', 's2', 'p2'],
    );
  });

  it('forgets what belonged to the old clinic when another is chosen, but not the patient', () => {
    const flow = practiceFlow();
    flow.chooseLocation('city');
    flow.clinicLoaded('city', CATALOGUE);
    flow.chooseCategory('physio');
    flow.chooseService('s2');
    flow.choosePractitioner('p2');
    flow.chooseSlot(SLOT);
    flow.submitDetails({ ...DETAILS, answers: { pain: 'knee' } });
    flow.goTo('location');
    assert.equal(flow.state.step, 'location', 'the summary can go back to the location step');
    flow.chooseLocation('beach');
    assert.equal(flow.catalogue, null);
    assert.deepEqual(
      [flow.state.categoryId, flow.state.serviceId, flow.state.practitionerId, flow.state.slot],
      [null, null, null, null],
    );
    assert.equal(flow.state.idempotencyKey, null, 'a booking elsewhere is a new booking');
    assert.deepEqual(flow.state.details.answers, {}, 'the old clinic’s questions');
    assert.equal(flow.state.details.waiverAccepted, false, 'the new clinic’s waiver is signed afresh');
    assert.equal(flow.state.details.patient.email, 'jo@example.com', 'the patient’s details stay');
  });

  it('is skipped when the page names a location (location=), and Back never reaches it', () => {
    const flow = practiceFlow({ location: 'beach' });
    assert.equal(flow.state.locationId, 'beach');
    assert.equal(flow.state.awaitingClinic, true, 'the root loads that clinic straight away');
    assert.equal(flow.isShown('location'), false);
    flow.clinicLoaded('beach', BEACH);
    assert.equal(flow.state.step, 'category');
    assert.equal(flow.firstStep, 'category');
    assert.equal(flow.canGoBack, false);
    flow.goTo('location');
    assert.equal(flow.state.step, 'category');
  });

  it('is shown when the page names a location the practice does not have', () => {
    const flow = practiceFlow({ location: 'moon' });
    assert.equal(flow.state.step, 'location');
    assert.equal(flow.isShown('location'), true);
  });

  it('is skipped at a practice of one clinic', () => {
    const flow = new BookingFlow({ locations: [LOCATIONS[1]!] });
    assert.equal(flow.isShown('location'), false);
    assert.equal(flow.state.locationId, 'beach');
    assert.equal(flow.state.awaitingClinic, true);
    flow.clinicLoaded('beach', BEACH);
    assert.equal(flow.state.step, 'category');
    assert.deepEqual(flow.visibleSteps, ['category', 'service', 'time', 'details', 'confirm']);
  });

  it('applies the page’s prefill to each clinic’s catalogue', () => {
    const flow = practiceFlow({ service: 's3', practitioner: 'any' });
    flow.chooseLocation('beach');
    flow.clinicLoaded('beach', BEACH);
    assert.equal(flow.state.step, 'time', 'the prefill starts at the times here');
    assert.deepEqual(flow.visibleSteps, ['time', 'details', 'confirm']);
    flow.back();
    assert.equal(flow.state.step, 'location');
  });

  it('"Book another" starts again at the location step with the choice kept', () => {
    const flow = practiceFlow();
    flow.chooseLocation('city');
    flow.clinicLoaded('city', CATALOGUE);
    flow.chooseCategory('massage');
    flow.chooseService('s3');
    flow.choosePractitioner('p2');
    flow.chooseSlot(SLOT);
    flow.submitDetails(DETAILS);
    flow.beginBooking();
    flow.bookingSucceeded({ id: 'b1' } as Booking);
    flow.bookAnother();
    assert.equal(flow.state.step, 'location');
    assert.equal(flow.state.locationId, 'city');
  });
});
