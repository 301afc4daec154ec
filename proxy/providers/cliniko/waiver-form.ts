/**
 * The signed waiver in Cliniko: a completed patient form on the patient, tied to the
 * appointment's attendee, whose content holds the waiver's text, version, the agreement,
 * the signed-at time, how it was signed and the signature itself (an SVG data URI, at most
 * 500×500, assumption C8), and a section with the intake answers, where the practitioner
 * reads them before the consult.
 *
 * At most one per appointment: before writing, the attendee's forms are read and a form of
 * the same name is taken as already stored. That read is skipped only for an appointment
 * this process created and has not yet tried to store a waiver for (no form can exist).
 */
import { ApiError } from '../../http/api-error.ts';
import type { Logger } from '../../logger.ts';
import { toClinicIso } from '../../time/clinic-time.ts';
import { escapeHtml } from '../../waiver/escape-html.ts';
import { checkSignatureDataUri } from '../../../shared/signature-svg.ts';
import type { SignedWaiver } from '../provider.ts';
import { signatureQuestion } from './assumptions.ts';
import { filter, type ClinikoClient } from './cliniko-client.ts';
import { attendeeSchema, linkedId, patientFormSchema } from './cliniko-types.ts';

/** Cliniko's limits on form content (reference §5.10). */
export const FORM_LIMITS = { name: 255, description: 10_000, answer: 10_000 } as const;
/** Appointments remembered as created here with no waiver attempt yet; oldest forgotten first. */
const FRESH_LEDGER_SIZE = 10_000;

export interface WaiverContext {
  client: ClinikoClient;
  businessId: string;
  clinicId: string;
  logger: Logger;
}

export class WaiverForms {
  readonly #context: WaiverContext;
  /** Appointments this process created whose waiver it has not tried to store yet. */
  readonly #fresh = new Set<string>();
  /** Writes in flight, by appointment: concurrent calls share one. */
  readonly #inFlight = new Map<string, Promise<void>>();

  constructor(context: WaiverContext) {
    this.#context = context;
  }

  /** Notes an appointment just created here: its waiver cannot exist yet. */
  created(appointmentId: string): void {
    this.#fresh.add(appointmentId);
    while (this.#fresh.size > FRESH_LEDGER_SIZE) this.#fresh.delete(this.#fresh.values().next().value!);
  }

  store(signed: SignedWaiver): Promise<void> {
    const key = signed.appointment.id;
    const running = this.#inFlight.get(key);
    if (running) return running;
    const write = this.#store(signed).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, write);
    return write;
  }

  async #store(signed: SignedWaiver): Promise<void> {
    const { client } = this.#context;
    const appointmentId = signed.appointment.id;
    const check = checkSignatureDataUri(signed.signatureSvg);
    if (!check.ok)
      throw new ApiError(422, 'validation_failed', 'Please sign the waiver again.', {
        fields: { 'waiver.signatureSvg': check.reason },
      });
    const name = formName(signed);
    const attendeeId = await this.#attendeeOf(appointmentId, signed.patientId);
    const fresh = this.#fresh.delete(appointmentId);
    if (!fresh) {
      const forms = await client.list(
        'patient_forms',
        [filter('patient_id', '=', signed.patientId), filter('attendee_id', '=', attendeeId)],
        {
          operation: 'patient_forms.search',
          key: 'patient_forms',
          schema: patientFormSchema,
        },
      );
      if (forms.some((f) => !f.archived_at && f.name === name)) return;
    }
    await client.write(
      'POST',
      'patient_forms',
      {
        patient_id: signed.patientId,
        attendee_id: attendeeId,
        business_id: this.#context.businessId,
        name,
        completed: true,
        restricted_to_practitioner: false,
        content: waiverFormContent(signed),
      },
      'patient_forms.create',
      patientFormSchema,
      { signature: 'waiver.signatureSvg' },
    );
  }

  /** The attendee of the patient on this appointment: what ties a form to the appointment. */
  async #attendeeOf(appointmentId: string, patientId: string): Promise<string> {
    const attendees = await this.#context.client.list(
      `individual_appointments/${appointmentId}/attendees`,
      [],
      {
        operation: 'attendees.list',
        key: 'attendees',
        schema: attendeeSchema,
      },
    );
    const attendee = attendees.find((a) => linkedId(a.patient, 'patients') === patientId) ?? attendees[0];
    if (!attendee) {
      this.#context.logger.log('warn', 'cliniko.attendee_missing', {
        clinicId: this.#context.clinicId,
        appointmentId,
      });
      throw new ApiError(
        502,
        'upstream_error',
        'The clinic’s booking system gave an unexpected answer. Please try again: you will not be booked twice.',
      );
    }
    return attendee.id;
  }
}

/** The form's name: the waiver's title and version, so a retry recognises it. */
export function formName(signed: Pick<SignedWaiver, 'waiver'>): string {
  return truncate(`${signed.waiver.title} (version ${signed.waiver.version})`, FORM_LIMITS.name);
}

/** The form's `content`: the waiver section(s), then the intake answers when there are any. */
export function waiverFormContent(signed: SignedWaiver): { sections: Array<Record<string, unknown>> } {
  const signedAt = toClinicIso(signed.signedAt, signed.timezone);
  const [first = '', ...rest] = descriptions(signed.waiver.text);
  const sections: Array<Record<string, unknown>> = [
    {
      name: truncate(signed.waiver.title, FORM_LIMITS.name),
      ...(first ? { description: first } : {}),
      ...(rest.length === 0 ? { questions: waiverQuestions(signed, signedAt) } : {}),
    },
    ...rest.map((description, i) => ({
      name: truncate(`${signed.waiver.title} (continued)`, FORM_LIMITS.name),
      description,
      ...(i === rest.length - 1 ? { questions: waiverQuestions(signed, signedAt) } : {}),
    })),
  ];
  if (signed.intake.length > 0) {
    sections.push({
      name: 'Intake answers',
      questions: signed.intake.map(({ question, answer }) => ({
        name: truncate(question, FORM_LIMITS.name),
        type: 'paragraph',
        answer: truncate(paragraphHtml(answer), FORM_LIMITS.answer),
      })),
    });
  }
  return { sections };
}

function waiverQuestions(signed: SignedWaiver, signedAt: string): Array<Record<string, unknown>> {
  return [
    {
      name: 'Waiver',
      type: 'text',
      answer: truncate(`${signed.waiver.id}, version ${signed.waiver.version}`, FORM_LIMITS.answer),
    },
    {
      name: 'Agreement',
      type: 'checkboxes',
      required: true,
      answers: [{ value: 'I have read and agree to this waiver.', selected: true }],
    },
    { name: 'Signed at', type: 'text', answer: `${signedAt} (${signed.timezone}), when booking online` },
    {
      name: 'Signed by',
      type: 'text',
      answer: signed.signatureMethod === 'typed' ? 'Name typed by the patient' : 'Drawn by the patient',
    },
    signatureQuestion('Signature', signed.signatureSvg),
  ];
}

/** The waiver text as HTML paragraphs, split into descriptions Cliniko accepts (at most 10,000 characters each). */
export function descriptions(text: string): string[] {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .flatMap((p) => chunk(`<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`, FORM_LIMITS.description));
  const out: string[] = [];
  for (const paragraph of paragraphs) {
    const last = out.at(-1);
    if (last !== undefined && last.length + paragraph.length <= FORM_LIMITS.description)
      out[out.length - 1] = last + paragraph;
    else out.push(paragraph);
  }
  return out;
}

/** A paragraph answer: Cliniko takes limited HTML, so the patient's text is escaped and its lines kept. */
export function paragraphHtml(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

/** Splits an over-long paragraph, never inside an entity or a `<br>`. */
function chunk(html: string, max: number): string[] {
  if (html.length <= max) return [html];
  const inner = html.slice(3, -4);
  const parts: string[] = [];
  let rest = inner;
  while (rest.length > 0) {
    let cut = Math.min(rest.length, max - 7);
    const amp = rest.lastIndexOf('&', cut);
    const lt = rest.lastIndexOf('<', cut);
    if (cut < rest.length) {
      if (amp > cut - 8 && !rest.slice(amp, cut).includes(';')) cut = amp;
      if (lt > cut - 5 && !rest.slice(lt, cut).includes('>')) cut = lt;
    }
    parts.push(`<p>${rest.slice(0, cut)}</p>`);
    rest = rest.slice(cut);
  }
  return parts;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
