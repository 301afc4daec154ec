/**
 * Several proxy processes (`proxy/node.ts`, as deployed) behind one PostgreSQL server, a
 * real one started for the run, booking into the fake Cliniko over HTTP: what a load
 * balancer in front of two instances, a kill -9, a late commit and a deploy do to bookings.
 * Each time, exactly one of everything.
 *
 * Every request names its own client address (`X-Forwarded-For`, trusted as from a reverse
 * proxy) so the per-client limits see different patients, as they would in production.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  availabilityResponseSchema,
  bookingResponseSchema,
  type BookingRequest,
  type Slot,
} from '../../shared/contract.ts';
import { ClinikoFake } from '../fakes/cliniko/cliniko-fake.ts';
import { PRACTITIONERS, TYPES } from '../fakes/cliniko/cliniko-seed.ts';
import { serveHandlers } from '../fakes/msw-http-server.ts';
import { DRAWN_SIGNATURE } from '../fixtures/signature.ts';
import { CLINIKO_CLINIC_ID, clinikoClinicsFile } from '../helpers/cliniko-proxy.ts';
import { eventually } from '../helpers/eventually.ts';
import { startClinikoOnPostgres, type ClinikoOnPostgres } from './cliniko-on-postgres.ts';
import { startProxyProcess, type ProxyProcess } from './proxy-process.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('several proxy instances on one PostgreSQL', () => {
  const fake = new ClinikoFake();
  let rig: ClinikoOnPostgres;
  let dir: string;
  let env: Record<string, string>;
  let a: ProxyProcess;
  let b: ProxyProcess;
  let clients = 0;
  let patients = 0;
  let slots: Slot[] = [];

  before(async () => {
    rig = await startClinikoOnPostgres(
      { upstream: { timeoutMs: 1000 }, rateLimits: { bookings: { limit: 1000, windowSeconds: 600 } } },
      { TRUSTED_PROXY_HEADER: 'X-Forwarded-For', RECONCILE_INTERVAL_MS: '500' },
      fake,
    );
    ({ dir, env } = rig);
    // The first applies the migrations; the second finds them applied.
    a = await startProxyProcess(env);
    b = await startProxyProcess(env);
    const today = new Date().toISOString().slice(0, 10);
    const week = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const res = await fetch(
      `${a.url}/api/clinics/${CLINIKO_CLINIC_ID}/availability?serviceId=${TYPES.physioFollowUp}&practitionerId=${PRACTITIONERS.tomWalker}&from=${today}&to=${week}`,
      { headers: { 'X-Forwarded-For': '198.51.100.200' } },
    );
    assert.equal(res.status, 200, await res.clone().text());
    // Far enough apart that one booking never blocks the next.
    slots = availabilityResponseSchema.parse(await res.json()).slots.filter((_, i) => i % 4 === 0);
    assert.ok(slots.length >= 8, `free times: ${slots.length}`);
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await rig?.close();
  });

  const nextSlot = () => {
    const slot = slots.shift();
    assert.ok(slot, 'a free time left');
    return slot;
  };

  function bookingBody(slot: Slot, who = `Patient${++patients}`): BookingRequest {
    return {
      serviceId: TYPES.physioFollowUp,
      practitionerId: slot.practitionerId,
      start: slot.start,
      patient: {
        firstName: 'Sam',
        lastName: who,
        email: `${who.toLowerCase()}@example.com`,
        phone: '0412 555 010',
        dateOfBirth: '1985-06-15',
      },
      waiver: { version: '3', accepted: true, signatureSvg: DRAWN_SIGNATURE },
    };
  }

  function post(proxy: ProxyProcess, body: BookingRequest, key: string) {
    clients += 1;
    return fetch(`${proxy.url}/api/clinics/${CLINIKO_CLINIC_ID}/bookings`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': key,
        'X-Forwarded-For': `203.0.113.${clients % 250}`,
      },
      body: JSON.stringify(body),
    });
  }

  /** Posts as the widget does after a 503: again, with the same key, after `Retry-After` (a few times). */
  async function postRetrying(proxy: ProxyProcess, body: BookingRequest, key: string) {
    for (let attempt = 1; ; attempt += 1) {
      const res = await post(proxy, body, key);
      if (res.status !== 503 || attempt === 3) return res;
      await sleep(Number(res.headers.get('Retry-After') ?? 1) * 1000);
    }
  }

  /** What Cliniko holds for one patient (by email). */
  function holdings(email: string) {
    const records = fake.patients.filter((p) => p.email === email);
    const appointments = records.flatMap((p) => fake.liveAppointmentsOf(p.id));
    const forms = fake.forms.filter((f) => records.some((p) => p.id === f.patientId));
    return { patients: records.length, appointments, forms: forms.length };
  }

  it('lets one of 20 patients racing for one time, split across both instances, have it', async () => {
    const slot = nextSlot();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(i % 2 === 0 ? a : b, bookingBody(slot, `Racer${i}`), `race-${i}-${Date.now()}`),
      ),
    );
    const statuses = responses.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
    assert.ok(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(','),
    );
    assert.equal(fake.liveAt(slot.practitionerId, Date.parse(slot.start)).length, 1);
  });

  it('answers one key sent to both instances at once with one booking: one patient, one appointment', async () => {
    const body = bookingBody(nextSlot());
    const key = `both-${Date.now()}`;
    const [first, second] = await Promise.all([post(a, body, key), post(b, body, key)]);
    assert.deepEqual([first.status, second.status], [201, 201]);
    const ids = await Promise.all(
      [first, second].map(async (r) => bookingResponseSchema.parse(await r.json()).booking.id),
    );
    assert.equal(ids[0], ids[1]);
    const held = holdings(body.patient.email);
    assert.deepEqual([held.patients, held.appointments.length, held.forms], [1, 1, 1]);
  });

  it('finishes on the other instance a booking whose instance was killed mid-way: one of everything', async () => {
    const victim = await startProxyProcess(env);
    const body = bookingBody(nextSlot());
    const key = `killed-${Date.now()}`;
    // The appointment is made; just as the victim sends the waiver, it dies.
    fake.beforeNext('patient_forms.create', () => process.kill(victim.pid, 'SIGKILL'));
    fake.failNext('patient_forms.create', { kind: 'refuse', status: 503 });
    await post(victim, body, key).catch(() => undefined);
    await victim.exited;
    assert.equal(holdings(body.patient.email).appointments.length, 1, 'the appointment was made');
    // The retry goes to the other instance: it waits for the dead one's lease, then finishes.
    const retried = await postRetrying(b, body, key);
    assert.equal(retried.status, 201, await retried.clone().text());
    const { booking } = bookingResponseSchema.parse(await retried.json());
    const held = holdings(body.patient.email);
    assert.deepEqual([held.patients, held.appointments.length, held.forms], [1, 1, 1]);
    assert.equal(held.appointments[0]!.id, booking.id);
  });

  it('settles a write Cliniko commits 2.5 s after a 1 s timeout: one live appointment, and a 201 on retry', async () => {
    const body = bookingBody(nextSlot());
    const key = `late-${Date.now()}`;
    fake.failNext('appointments.create', { kind: 'commit-late', ms: 2_500 });
    const sent = Date.now();
    const first = await post(a, body, key);
    assert.equal(first.status, 503, await first.clone().text());
    const retried = await postRetrying(b, body, key);
    assert.equal(retried.status, 201, await retried.clone().text());
    const { booking } = bookingResponseSchema.parse(await retried.json());
    // The late write lands 2.5 s after it was sent.
    await sleep(Math.max(0, sent + 3_000 - Date.now()));
    assert.ok(fake.appointments.filter((x) => x.startsAt === Date.parse(body.start)).length >= 1);
    await eventually(
      () => holdings(body.patient.email).appointments.length === 1,
      'the sweep to cancel the duplicate',
      { everyMs: 200 },
    );
    const held = holdings(body.patient.email);
    assert.equal(held.appointments[0]!.id, booking.id, 'the one the patient was told about');
    assert.deepEqual([held.patients, held.forms], [1, 1]);
  });

  it('answers every request in flight when an instance gets SIGTERM under load, then exits cleanly', async () => {
    // A clinic of its own (its own Cliniko account, so its own 200-a-minute budget, which the
    // tests above have spent), waiting longer for Cliniko so a loaded machine cannot turn its
    // slow answers into timeouts: what is tested is that each request gets its answer.
    const own = new ClinikoFake();
    const ownCliniko = await serveHandlers(own.handlers(), 'https://api.au2.cliniko.com');
    const config = join(dir, 'clinics-deploy.json');
    await writeFile(
      config,
      clinikoClinicsFile({ baseUrl: `${ownCliniko.origin}/v1` }, { upstream: { timeoutMs: 8000 } }),
    );
    const leaving = await startProxyProcess({ ...env, CLINICS_CONFIG: config });
    try {
      const today = new Date().toISOString().slice(0, 10);
      const week = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
      const free = await fetch(
        `${leaving.url}/api/clinics/${CLINIKO_CLINIC_ID}/availability?serviceId=${TYPES.physioFollowUp}&practitionerId=${PRACTITIONERS.tomWalker}&from=${today}&to=${week}`,
        { headers: { 'X-Forwarded-For': '192.0.2.200' } },
      );
      const [first, , , , fifth] = availabilityResponseSchema.parse(await free.json()).slots;
      // Cliniko is slow, so the requests are still running when the deploy's SIGTERM lands.
      own.failNext('available_times.list', { kind: 'slow-response', ms: 800 }, 14);
      const days = Array.from({ length: 12 }, (_, i) =>
        new Date(Date.now() + (i + 8) * 86_400_000).toISOString().slice(0, 10),
      );
      const reads = days.map((day, i) =>
        fetch(
          `${leaving.url}/api/clinics/${CLINIKO_CLINIC_ID}/availability?serviceId=${TYPES.physioFollowUp}&practitionerId=${PRACTITIONERS.tomWalker}&from=${day}&to=${day}`,
          { headers: { 'X-Forwarded-For': `192.0.2.${i}` } },
        ),
      );
      const books = [first!, fifth!].map((slot, i) =>
        post(leaving, bookingBody(slot), `deploy-${i}-${Date.now()}`),
      );
      await sleep(300);
      process.kill(leaving.pid, 'SIGTERM');
      const answered = await Promise.allSettled([...reads, ...books]);
      const reset = answered.filter((r) => r.status === 'rejected');
      assert.equal(reset.length, 0, `connections reset: ${reset.length}`);
      const statuses = answered.map((r) => (r.status === 'fulfilled' ? r.value.status : 0));
      const bodies = await Promise.all(
        answered.map(async (r) => (r.status === 'fulfilled' && r.value.status >= 300 ? r.value.text() : '')),
      );
      assert.ok(
        statuses.every((s) => s === 200 || s === 201),
        `${statuses.join(',')} ${bodies.filter(Boolean).join(' ')}`,
      );
      assert.equal(await leaving.exited, 0);
      assert.match(leaving.output(), /process\.stopped/);
    } finally {
      await leaving.stop();
      await ownCliniko.close();
    }
  });
});
