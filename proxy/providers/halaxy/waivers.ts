/**
 * The signed waiver in Halaxy: a clinical note (`DocumentReference`) on the patient,
 * authored by the booked practitioner, with a short HTML summary and the signed PDF.
 *
 * Halaxy notes are create-only: they cannot be read back or searched, so the proxy cannot
 * ask Halaxy whether a waiver is already stored. It keeps its own record in the store's
 * waiver ledger (shared by every instance, kept across restarts, until well after the
 * appointment), writes under a store lock per appointment so two instances never both
 * write, and the booking service stores the waiver only once the appointment exists. What
 * remains: a note whose response was lost (Halaxy stored it, the proxy never heard) is
 * written again by the retry, giving the clinic a second copy; a waiver is never lost.
 */
import type { Logger } from '../../logger.ts';
import { withLock } from '../../store/leased-lock.ts';
import type { Store } from '../../store/store.ts';
import { DAY_MS } from '../../store/tokens.ts';
import { toClinicIso } from '../../time/clinic-time.ts';
import { checkSignatureDataUri } from '../../../shared/signature-svg.ts';
import { sha256Hex } from '../../security/sha256.ts';
import { escapeHtml } from '../../waiver/escape-html.ts';
import { renderWaiverPdf } from '../../waiver/waiver-pdf.ts';
import type { SignedWaiver } from '../provider.ts';
import { waiverDocumentReference } from './assumptions.ts';
import type { FhirClient } from './fhir-client.ts';
import { documentReferenceSchema } from './fhir-types.ts';

export interface WaiverContext {
  fhir: FhirClient;
  clinicId: string;
  logger: Logger;
  docStatus: 'final' | 'preliminary';
  /** The waiver ledger and the locks. */
  store: Store;
}

/** How long after its appointment a waiver stays in the ledger. */
const LEDGER_KEEP_MS = 30 * DAY_MS;

export class WaiverStore {
  readonly #context: WaiverContext;
  /** Writes in flight in this process, by appointment: concurrent calls share one. */
  readonly #inFlight = new Map<string, Promise<void>>();

  constructor(context: WaiverContext) {
    this.#context = context;
  }

  store(signed: SignedWaiver): Promise<void> {
    const key = signed.appointment.id;
    const running = this.#inFlight.get(key);
    if (running) return running;
    const write = this.#storeOnce(signed).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, write);
    return write;
  }

  async #storeOnce(signed: SignedWaiver): Promise<void> {
    const { store, clinicId } = this.#context;
    const id = `${clinicId}|${signed.appointment.id}`;
    if (await store.waivers.has(id)) return;
    await withLock(store.locks, `halaxy-waiver|${id}`, async () => {
      if (await store.waivers.has(id)) return;
      await this.#write(signed);
      const keepUntil = Math.max(store.now(), signed.appointment.end.getTime()) + LEDGER_KEEP_MS;
      await store.waivers.add(id, keepUntil);
    });
  }

  async #write(signed: SignedWaiver): Promise<void> {
    const { fhir, docStatus } = this.#context;
    const check = checkSignatureDataUri(signed.signatureSvg);
    const patientName = `${signed.patient.firstName} ${signed.patient.lastName}`;
    const pdf = await renderWaiverPdf({
      clinicName: signed.clinicName,
      waiver: signed.waiver,
      patientName,
      dateOfBirth: signed.patient.dateOfBirth,
      signatureSvg: check.ok ? check.svg : '',
      signatureMethod: signed.signatureMethod,
      signedAt: signed.signedAt,
      timezone: signed.timezone,
      intake: signed.intake,
    });
    const signedAt = toClinicIso(signed.signedAt, signed.timezone);
    const digest = await sha256Hex(pdf);
    const title = `${signed.waiver.title} (version ${signed.waiver.version})`;
    await fhir.post(
      'DocumentReference',
      waiverDocumentReference({
        baseUrl: fhir.baseUrl,
        patientId: signed.patientId,
        roleId: signed.appointment.practitionerId,
        date: signedAt,
        description: `Signed waiver: ${title}`,
        docStatus,
        html:
          `<p>${escapeHtml(title)} signed electronically by ${escapeHtml(patientName)} on ${escapeHtml(signedAt)} ` +
          `(${signed.signatureMethod} signature) when booking online. The signed PDF is attached; its SHA-256 is ${digest}.</p>` +
          intakeHtml(signed.intake),
        pdfBase64: toBase64(pdf),
        fileName: `waiver-${slug(signed.waiver.id)}-v${slug(signed.waiver.version)}-signed.pdf`,
      }),
      { operation: 'waivers.create', schema: documentReferenceSchema },
    );
  }
}

/** The intake answers as an HTML list for the note, so the practitioner reads them before the consult. */
function intakeHtml(intake: SignedWaiver['intake']): string {
  if (intake.length === 0) return '';
  const items = intake
    .map(({ question, answer }) => `<li><b>${escapeHtml(question)}</b><br>${escapeHtml(answer)}</li>`)
    .join('');
  return `<p><b>Intake answers</b></p><ul>${items}</ul>`;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'waiver'
  );
}

/** Base64 without `Buffer`, in chunks so large files do not overflow the call stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
