/**
 * The signed waiver in Halaxy: a clinical note (`DocumentReference`) on the patient,
 * authored by the booked practitioner, with a short HTML summary and the signed PDF.
 *
 * Halaxy notes are create-only: they cannot be read back or searched, so the proxy cannot
 * ask Halaxy whether a waiver is already stored. It keeps its own bounded record of the
 * appointments whose waiver it stored (and shares one write between concurrent calls), and
 * the booking service stores the waiver only once the appointment exists. What remains:
 * a note whose response was lost, or stored just before the proxy restarted, is written
 * again by the patient's retry, giving the clinic a second copy; a waiver is never lost.
 */
import type { Logger } from '../../logger.ts';
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
}

/** Appointments remembered as having their waiver; the oldest are forgotten first. */
export const WAIVER_LEDGER_SIZE = 10_000;

export class WaiverStore {
  readonly #context: WaiverContext;
  /** Appointment id → the write (in flight or done). Insertion-ordered, so bounded as a queue. */
  readonly #stored = new Map<string, Promise<void>>();

  constructor(context: WaiverContext) {
    this.#context = context;
  }

  store(signed: SignedWaiver): Promise<void> {
    const key = signed.appointment.id;
    const existing = this.#stored.get(key);
    if (existing) return existing;
    const write = this.#write(signed);
    this.#stored.set(key, write);
    write.catch(() => {
      if (this.#stored.get(key) === write) this.#stored.delete(key);
    });
    while (this.#stored.size > WAIVER_LEDGER_SIZE) this.#stored.delete(this.#stored.keys().next().value!);
    return write;
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
