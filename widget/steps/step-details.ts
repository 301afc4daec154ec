/**
 * Step 4: the patient's details, the clinic's intake questions, and the waiver: its text,
 * an "I agree" box and a signature, drawn on the pad or typed. Loaded only when the
 * patient reaches step 3, so the first steps do not pay for it.
 *
 * A submit with problems shows a summary above the form that counts them and links to each
 * field, and focus goes to it. Once shown, a field's message follows what is typed: it goes
 * as soon as the field is right, and only then.
 *
 * When the clinic asks for it, an unticked "news and offers" box (its own words) comes after
 * the signature: never needed to book, and never ticked for the patient.
 *
 * Takes the clinic's profile (waiver, questions, zone), the details so far and the proxy's
 * messages as properties; reports every change (`details-change`), a valid submit
 * (`details-submit`) and Back (`step-back`).
 */
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { HONEYPOT_FIELD } from '../../shared/bot-checks.ts';
import {
  RETURNING_PATIENT_QUESTION,
  checkIntake,
  visibleQuestions,
  type IntakeAnswers,
  type IntakeQuestion,
} from '../../shared/intake.ts';
import type { ClinicProfile } from '../../shared/contract.ts';
import type { DetailsInput, PatientForm, Signature } from '../flow/flow-types.ts';
import { typedNameFromSvg, typedNameToSvg, svgDataUri } from '../signature/signature-svg.ts';
import { FocusKeeper } from '../internal/focus-keeper.ts';
import { safeDefine } from '../internal/safe-define.ts';
import { SignaturePad } from '../signature/signature-pad.ts';
import { baseStyles } from '../styles/base.styles.ts';
import { controlStyles } from '../styles/controls.styles.ts';
import { todayIn } from '../time/clinic-time.ts';
import { patientProblems, type PatientField } from './details-validation.ts';

interface FieldSpec {
  name: PatientField;
  label: string;
  type?: string;
  autocomplete?: string;
  inputmode?: string;
  hint?: string;
  optional?: boolean;
}

const FIELDS: FieldSpec[] = [
  { name: 'firstName', label: 'First name', autocomplete: 'given-name' },
  { name: 'lastName', label: 'Last name', autocomplete: 'family-name' },
  {
    name: 'email',
    label: 'Email',
    type: 'email',
    autocomplete: 'email',
    hint: 'Your confirmation goes here.',
  },
  {
    name: 'phone',
    label: 'Mobile',
    type: 'tel',
    autocomplete: 'tel',
    hint: 'For reminders and if we need to reach you.',
  },
  { name: 'dateOfBirth', label: 'Date of birth', type: 'date', autocomplete: 'bday' },
];

const MEDICARE_FIELDS: FieldSpec[] = [
  {
    name: 'medicareNumber',
    label: 'Medicare card number',
    inputmode: 'numeric',
    autocomplete: 'off',
    hint: '10 digits, on the front of the card.',
    optional: true,
  },
  {
    name: 'medicareIrn',
    label: 'Reference number',
    inputmode: 'numeric',
    autocomplete: 'off',
    hint: 'The digit beside your name.',
    optional: true,
  },
];

/** Proxy field paths (`patient.email`) to this form's element ids. */
function fieldId(path: string): string {
  if (path.startsWith('patient.')) return path.slice('patient.'.length);
  if (path.startsWith('answers.')) return `q-${path.slice('answers.'.length)}`;
  if (path === 'waiver.accepted') return 'agree';
  if (path.startsWith('waiver')) return 'signature';
  return path;
}

/** `details-change` and `details-submit`: what the form holds. */
export type DetailsEvent = CustomEvent<{ details: DetailsInput }>;

export class StepDetails extends LitElement {
  static override styles = [
    baseStyles,
    controlStyles,
    css`
      .waiver-text {
        max-height: 220px;
        overflow: auto;
        padding: 12px;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        white-space: pre-line;
        font-size: 0.9375em;
      }
      .error-summary {
        margin-bottom: var(--_space);
        padding: calc(var(--_space) * 0.75);
        border: 2px solid var(--_error);
        border-radius: var(--_radius);
      }
      .error-summary h3 {
        font-size: 1.0625em;
      }
      .error-summary ul {
        margin: 4px 0 0;
        padding-inline-start: 1.25em;
      }
      .error-summary .button-link {
        color: var(--_error);
        text-align: start;
      }
      .signed {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
      }
      .signed img {
        max-width: 260px;
        height: auto;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: #fff;
        /* The signature is dark ink on white as sent; forced colours must not paint the
           white away and leave the ink on a dark background. */
        forced-color-adjust: none;
      }
      .hp {
        position: absolute;
        left: -10000px;
        width: 1px;
        height: 1px;
        overflow: hidden;
      }
      .choices {
        display: grid;
        gap: 6px;
      }
      textarea {
        min-height: 88px;
      }
      .agree {
        margin-top: 12px;
      }
    `,
  ];

  /** The clinic's profile: its waiver, intake questions and time zone. */
  @property({ attribute: false }) profile!: ClinicProfile;
  /** What was entered before: the form starts from it (so Back and Change keep everything). */
  @property({ attribute: false }) details!: DetailsInput;
  /** The proxy's messages by dotted path (`patient.email`), shown when the step opens. */
  @property({ attribute: false }) fieldErrors: Record<string, string> = {};
  /** What the proxy said about them, shown in the summary of problems. */
  @property({ attribute: false }) notice: string | null = null;
  /** The chosen service and its category: which intake questions apply. */
  @property({ attribute: false }) serviceId: string | null = null;
  @property({ attribute: false }) categoryId: string | null = null;

  /** What the form holds, seeded from the flow so going back and forth keeps it. */
  @state() private draft: DetailsInput | null = null;
  @state() private errors: Record<string, string> = {};
  @state() private typing = false;
  @state() private typedName = '';

  constructor() {
    super();
    // Drawing on the pad after clearing it replaces the pad (which had focus) with the signature.
    new FocusKeeper(this, () => this.renderRoot.querySelector<HTMLElement>('#signature'));
  }

  override connectedCallback() {
    super.connectedCallback();
    // Messages the proxy sent back (a 422) are shown by their fields and in the summary.
    const fromProxy = Object.fromEntries(
      Object.entries(this.fieldErrors).map(([path, m]) => [fieldId(path), m]),
    );
    if (Object.keys(fromProxy).length) {
      this.errors = fromProxy;
      void this.updateComplete.then(() => this.#focusSummary());
    }
  }

  protected override willUpdate() {
    if (!this.draft) {
      const details = this.details;
      this.draft = structuredClone(details);
      this.typing = details.signature?.method === 'typed';
      // Back here after Change: the field shows the name that will be sent, read from the signature.
      this.typedName = this.typing ? (typedNameFromSvg(details.signature!.svg) ?? '') : '';
    }
  }

  override render() {
    const draft = this.draft!;
    const { waiver } = this.profile;
    const questions = this.#questions();
    return html`<form novalidate @submit=${this.#submit}>
      ${this.#renderSummary(questions)}
      <h3 class="section-title">About you</h3>
      <div class="grid-2">${FIELDS.map((f) => this.#renderField(f, draft.patient))}</div>
      <details ?open=${Boolean(draft.patient.medicareNumber)}>
        <summary class="button-link">Add a Medicare card (optional)</summary>
        <div class="grid-2">${MEDICARE_FIELDS.map((f) => this.#renderField(f, draft.patient))}</div>
      </details>
      <div class="field">
        <label for="note">A note for your practitioner <span class="hint">(optional)</span></label>
        <textarea
          id="note"
          maxlength="1000"
          aria-describedby="note-error"
          .value=${live(draft.patient.note)}
          aria-invalid=${Boolean(this.errors.note)}
          @input=${(e: Event) => this.#setPatient('note', (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        ${this.#error('note')}
      </div>
      ${
        questions.length
          ? html`<h3 class="section-title">A few questions</h3>
              ${questions.map((q) => this.#renderQuestion(q, draft.answers))}`
          : nothing
      }
      <h3 class="section-title" id="waiver-title">${waiver.title}</h3>
      <div class="waiver-text" part="waiver-text" role="region" aria-labelledby="waiver-title" tabindex="0">
        ${waiver.text}
      </div>
      <div class="field agree">
        <label class="check">
          <input
            id="agree"
            type="checkbox"
            required
            .checked=${live(draft.waiverAccepted)}
            aria-invalid=${Boolean(this.errors.agree)}
            aria-describedby="agree-error"
            @change=${(e: Event) =>
              this.#update({ waiverAccepted: (e.target as HTMLInputElement).checked }, 'agree')}
          />
          <span>I have read and agree to the ${waiver.title.toLowerCase()}.</span>
        </label>
        ${this.#error('agree')}
      </div>
      ${this.#renderSignature(draft.signature)}
      ${
        this.profile.marketingConsent
          ? html`<div class="field agree">
              <label class="check">
                <input
                  id="marketing"
                  type="checkbox"
                  .checked=${live(draft.marketingConsent)}
                  @change=${(e: Event) =>
                    this.#update({ marketingConsent: (e.target as HTMLInputElement).checked })}
                />
                <span>${this.profile.marketingConsent.label} <span class="hint">(optional)</span></span>
              </label>
            </div>`
          : nothing
      }
      <div class="hp" aria-hidden="true">
        <label
          >Leave this empty
          <input
            name=${HONEYPOT_FIELD}
            tabindex="-1"
            autocomplete="off"
            .value=${live(draft.honeypot)}
            @input=${(e: Event) => this.#update({ honeypot: (e.target as HTMLInputElement).value })}
        /></label>
      </div>
      <div class="actions">
        <button type="button" class="button-secondary" @click=${this.#back}>Back</button>
        <button type="submit" class="button-primary" part="next-button">Review booking</button>
      </div>
    </form>`;
  }

  #renderField(spec: FieldSpec, patient: PatientForm) {
    const id = spec.name;
    const described = [spec.hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');
    return html`<div class="field">
      <label for=${id}
        >${spec.label}${spec.optional ? html` <span class="hint">(optional)</span>` : nothing}</label
      >
      <input
        id=${id}
        name=${id}
        type=${spec.type ?? 'text'}
        autocomplete=${spec.autocomplete ?? 'on'}
        inputmode=${spec.inputmode ?? nothing}
        ?required=${!spec.optional}
        aria-invalid=${Boolean(this.errors[id])}
        aria-describedby=${described}
        .value=${live(patient[spec.name])}
        @input=${(e: Event) => this.#setPatient(spec.name, (e.target as HTMLInputElement).value)}
      />
      ${spec.hint ? html`<span class="hint" id="${id}-hint">${spec.hint}</span>` : nothing} ${this.#error(id)}
    </div>`;
  }

  #renderQuestion(question: IntakeQuestion, answers: IntakeAnswers): TemplateResult {
    const id = `q-${question.id}`;
    const answer = answers[question.id];
    const label = html`${question.label}${question.required ? nothing : html` <span class="hint">(optional)</span>`}`;
    const help = question.help ? html`<span class="hint" id="${id}-hint">${question.help}</span>` : nothing;
    const described = `${question.help ? `${id}-hint ` : ''}${id}-error`;
    const invalid = Boolean(this.errors[id]);
    const set = (value: string | string[]) =>
      this.#update({ answers: { ...this.draft!.answers, [question.id]: value } }, id);
    if (question.type === 'single-choice' || question.type === 'yes-no' || question.type === 'multi-choice') {
      const options = question.type === 'yes-no' ? ['yes', 'no'] : (question.options ?? []);
      const multi = question.type === 'multi-choice';
      const chosen = Array.isArray(answer) ? answer : answer ? [answer] : [];
      // Radios are a radiogroup, which can say it is required and invalid; a group of
      // checkboxes cannot, so its boxes say they are invalid and its legend that one is needed.
      return html`<fieldset
        class="field"
        id=${id}
        tabindex="-1"
        role=${multi ? nothing : 'radiogroup'}
        aria-required=${!multi && question.required ? 'true' : nothing}
        aria-invalid=${!multi && invalid ? 'true' : nothing}
        aria-describedby=${described}
      >
        <legend>
          ${label}${multi && question.required ? html`<span class="visually-hidden"> (choose at least one)</span>` : nothing}
        </legend>
        ${help}
        <div class="choices">
          ${options.map(
            (option) =>
              html`<label class="check">
                <input
                  type=${multi ? 'checkbox' : 'radio'}
                  name=${id}
                  aria-invalid=${multi && invalid ? 'true' : nothing}
                  .checked=${live(chosen.includes(option))}
                  @change=${(e: Event) => {
                    const on = (e.target as HTMLInputElement).checked;
                    if (!multi) set(option);
                    else set(on ? [...chosen, option] : chosen.filter((c) => c !== option));
                  }}
                />
                ${question.type === 'yes-no' ? (option === 'yes' ? 'Yes' : 'No') : option}
              </label>`,
          )}
        </div>
        ${this.#error(id)}
      </fieldset>`;
    }
    const value = typeof answer === 'string' ? answer : '';
    const onInput = (e: Event) => set((e.target as HTMLInputElement).value);
    const control =
      question.type === 'long-text'
        ? html`<textarea
            id=${id}
            ?required=${question.required}
            aria-describedby=${described}
            aria-invalid=${invalid}
            .value=${live(value)}
            @input=${onInput}
          ></textarea>`
        : html`<input
            id=${id}
            type=${question.type === 'date' ? 'date' : question.type === 'number' ? 'number' : 'text'}
            ?required=${question.required}
            aria-describedby=${described}
            aria-invalid=${invalid}
            .value=${live(value)}
            @input=${onInput}
          />`;
    return html`<div class="field">
      <label for=${id}>${label}</label>${help}${control}${this.#error(id)}
    </div>`;
  }

  #renderSignature(signature: Signature | null) {
    const error = this.#error('signature');
    if (signature && !this.typing) {
      return html`<div class="field" id="signature" tabindex="-1">
        <span class="field-label"><strong>Your signature</strong></span>
        <div class="signed">
          <img src=${signature.svg} alt="Your signature" width="250" height="80" />
          <button type="button" class="button-link" @click=${this.#signAgain}>Clear and sign again</button>
        </div>
      </div>`;
    }
    return html`<div class="field">
      ${
        this.typing
          ? html`<label for="signature">Type your full name to sign</label>`
          : html`<span id="signature-label"><strong>Sign below</strong></span>`
      }
      ${
        this.typing
          ? html`<input
              id="signature"
              required
              aria-describedby="signature-error"
              aria-invalid=${Boolean(this.errors.signature)}
              autocomplete="name"
              .value=${live(this.typedName)}
              @input=${(e: Event) => this.#typeName((e.target as HTMLInputElement).value)}
            />`
          : html`<cb-signature-pad
              id="signature"
              tabindex="-1"
              label="Signature pad"
              ?invalid=${Boolean(this.errors.signature)}
              aria-describedby="signature-error"
              @change=${this.#drawn}
            ></cb-signature-pad>`
      }
      ${error}
      <button type="button" class="button-link" @click=${this.#toggleTyping}>
        ${this.typing ? 'Draw my signature instead' : 'I can’t draw a signature: type my name instead'}
      </button>
    </div>`;
  }

  #error(id: string) {
    const message = this.errors[id];
    return html`<span class="error-text" id="${id}-error">${message ?? nothing}</span>`;
  }

  /** The problems, counted, each a link to its field, in the form's order. */
  #renderSummary(questions: IntakeQuestion[]) {
    const order = [
      ...[...FIELDS, ...MEDICARE_FIELDS].map((f) => f.name),
      'note',
      ...questions.map((q) => `q-${q.id}`),
      'agree',
      'signature',
    ];
    const ids = Object.keys(this.errors).sort(
      (a, b) => (order.indexOf(a) + 1 || order.length + 1) - (order.indexOf(b) + 1 || order.length + 1),
    );
    if (!ids.length) return nothing;
    const fromProxy = Object.keys(this.fieldErrors).length > 0 && this.notice;
    return html`<section class="error-summary" tabindex="-1" aria-labelledby="error-summary-title">
      <h3 id="error-summary-title">
        ${ids.length === 1 ? 'There is 1 problem to fix' : `There are ${ids.length} problems to fix`}
      </h3>
      ${fromProxy ? html`<p>${this.notice}</p>` : nothing}
      <ul>
        ${ids.map(
          (id) =>
            html`<li>
              <button type="button" class="button-link" @click=${() => this.#focusField(id)}>
                ${this.#summaryLine(id, questions)}
              </button>
            </li>`,
        )}
      </ul>
    </section>`;
  }

  #questions(): IntakeQuestion[] {
    const { serviceId, categoryId } = this;
    if (!serviceId || !categoryId) return [];
    return visibleQuestions(this.profile.intake, { serviceId, categoryId }, this.draft!.answers).filter(
      (q) => q.id !== RETURNING_PATIENT_QUESTION,
    );
  }

  /** A question's message names the question ("Please answer this question." alone would not). */
  #summaryLine(id: string, questions: IntakeQuestion[]): string {
    const question = questions.find((q) => `q-${q.id}` === id);
    return question ? `${question.label}: ${this.errors[id]}` : this.errors[id]!;
  }

  #setPatient(field: PatientField, value: string) {
    this.#update({ patient: { ...this.draft!.patient, [field]: value } }, field);
  }

  /**
   * Changes the form and keeps it in the flow, so Back and Change never lose a keystroke.
   * @param field the field changed: a message shown for it is checked again
   */
  #update(patch: Partial<DetailsInput>, field?: string) {
    this.draft = { ...this.draft!, ...patch };
    this.#emit('details-change', this.draft);
    if (field) this.#recheck(field);
  }

  /**
   * After a change to a field with a message: the message goes once the field is right (or
   * says what is still wrong). Other fields keep theirs, including the proxy's; messages of
   * questions no longer shown go with them.
   */
  #recheck(field: string) {
    const shown = new Set(this.#questions().map((q) => `q-${q.id}`));
    const kept = Object.entries(this.errors).filter(([id]) => !id.startsWith('q-') || shown.has(id));
    const errors = Object.fromEntries(kept);
    if (field in errors) {
      const now = this.#validate().errors[field];
      if (now) errors[field] = now;
      else delete errors[field];
    }
    if (
      Object.keys(errors).join() !== Object.keys(this.errors).join() ||
      errors[field] !== this.errors[field]
    )
      this.errors = errors;
  }

  #drawn(event: Event) {
    const pad = event.target as SignaturePad;
    const value = pad.value;
    this.#update({ signature: value ? { svg: value, method: 'drawn' } : null }, 'signature');
  }

  #typeName(name: string) {
    this.typedName = name;
    this.#update(
      {
        signature:
          name.trim().length >= 2 ? { svg: svgDataUri(typedNameToSvg(name)), method: 'typed' } : null,
      },
      'signature',
    );
  }

  #toggleTyping() {
    this.typing = !this.typing;
    this.typedName = '';
    this.#update({ signature: null });
  }

  /** "Clear and sign again": the pad takes the signature's place, and focus goes to it. */
  async #signAgain() {
    this.#update({ signature: null });
    await this.updateComplete;
    this.renderRoot.querySelector<SignaturePad>('cb-signature-pad')?.focus();
  }

  /**
   * A message per field that needs fixing, and the answers to send: only those to questions
   * still shown, so a hidden follow-up's old answer is dropped.
   */
  #validate(): { errors: Record<string, string>; answers: IntakeAnswers } {
    const draft = this.draft!;
    const errors: Record<string, string> = {
      ...patientProblems(draft.patient, todayIn(this.profile.timezone)),
    };
    const { serviceId, categoryId } = this;
    const intake = checkIntake(
      this.profile.intake,
      { serviceId: serviceId!, categoryId: categoryId! },
      draft.answers,
    );
    for (const [id, message] of Object.entries(intake.errors)) errors[`q-${id}`] = message;
    if (!draft.waiverAccepted) errors.agree = 'Tick the box to agree to the waiver.';
    if (!draft.signature) {
      const pad = this.renderRoot.querySelector<SignaturePad>('cb-signature-pad');
      errors.signature = this.typing
        ? 'Type your full name to sign.'
        : (pad?.problem ?? 'Sign in the box, or type your name instead.');
    }
    return { errors, answers: intake.answers };
  }

  async #submit(event: Event) {
    event.preventDefault();
    const { errors, answers } = this.#validate();
    this.errors = errors;
    if (Object.keys(errors).length) {
      await this.updateComplete;
      this.#focusSummary();
      return;
    }
    this.#emit('details-submit', { ...this.draft!, answers });
  }

  #back() {
    this.dispatchEvent(new CustomEvent('step-back', { bubbles: true }));
  }

  #emit(type: 'details-change' | 'details-submit', details: DetailsInput) {
    this.dispatchEvent(new CustomEvent(type, { detail: { details }, bubbles: true }));
  }

  /** Focus goes to the summary, which says how many problems there are and leads to each. */
  #focusSummary() {
    this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus();
  }

  /** A summary link: focus the field (the first choice of a group; the pad of a drawn signature). */
  #focusField(id: string) {
    const field = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
    if (!field) return;
    field.closest('details')?.setAttribute('open', '');
    const target = field.matches('fieldset, div') ? field.querySelector<HTMLElement>('input') : field;
    (target ?? field).focus();
  }
}

safeDefine('cb-signature-pad', SignaturePad);
safeDefine('cb-step-details', StepDetails);

declare global {
  interface HTMLElementTagNameMap {
    'cb-step-details': StepDetails;
  }
  interface HTMLElementEventMap {
    'details-change': DetailsEvent;
    'details-submit': DetailsEvent;
    /** A step's own Back button. */
    'step-back': Event;
  }
}
