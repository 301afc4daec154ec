/**
 * `<cb-signature-pad>`: a form-associated drawing pad. Pointer events cover mouse, touch
 * and pen alike; the value is the drawing as an SVG data URI, or empty until the drawing
 * is a real signature (an empty pad or a trivial scribble is refused with a message).
 *
 * The ink is the pad's text colour, dark on white, so under forced colours it follows the
 * system's colours with the pad instead of vanishing into a forced background.
 */
import { LitElement, css, html, svg } from 'lit';
import { property, state } from 'lit/decorators.js';
import { baseStyles } from '../styles/base.styles.ts';
import { controlStyles } from '../styles/controls.styles.ts';
import {
  PAD_HEIGHT,
  PAD_WIDTH,
  signatureProblem,
  strokePath,
  strokesToSvg,
  svgDataUri,
  type Point,
  type Stroke,
} from './signature-svg.ts';

export class SignaturePad extends LitElement {
  static formAssociated = true;

  static override styles = [
    baseStyles,
    controlStyles,
    css`
      .pad {
        position: relative;
        border: 1px solid var(--_border-strong);
        border-radius: var(--_radius);
        background: #fff;
        color: #111;
      }
      :host([invalid]) .pad {
        border: 2px solid var(--_error);
      }
      svg {
        display: block;
        width: 100%;
        height: auto;
        border-radius: inherit;
        touch-action: none;
        cursor: crosshair;
      }
      .baseline {
        position: absolute;
        right: 16px;
        bottom: 36px;
        left: 16px;
        border-bottom: 1px dashed var(--_border);
        pointer-events: none;
      }
      .row {
        display: flex;
        justify-content: space-between;
        align-items: center;
        margin-top: 4px;
      }
    `,
  ];

  /** The accessible name of the drawing area. */
  @property() label = 'Signature';
  /** Shown as invalid (the form decides when, e.g. after a submit attempt). */
  @property({ type: Boolean, reflect: true }) invalid = false;

  @state() private strokes: Stroke[] = [];
  #current: Point[] | null = null;
  readonly #internals: ElementInternals;

  constructor() {
    super();
    this.#internals = this.attachInternals();
  }

  /** The signature as an SVG data URI, or `''` when there is not yet a signature. */
  get value(): string {
    return signatureProblem(this.strokes) ? '' : svgDataUri(strokesToSvg(this.strokes));
  }

  /** Why the drawing is not accepted yet, or `null`. */
  get problem(): string | null {
    return signatureProblem(this.strokes);
  }

  /** True when nothing is drawn. */
  get empty(): boolean {
    return this.strokes.length === 0;
  }

  clear() {
    this.strokes = [];
    this.#changed();
  }

  /** Focuses the drawing area (the pad to sign on), e.g. after its signature was cleared. */
  override focus(options?: FocusOptions) {
    this.renderRoot.querySelector<SVGElement>('svg')?.focus(options);
  }

  override render() {
    return html`<div class="pad">
        <svg
          viewBox="0 0 ${PAD_WIDTH} ${PAD_HEIGHT}"
          role="img"
          aria-label="${this.label}: ${this.empty ? 'empty' : 'signed'}"
          part="signature-canvas"
          tabindex="-1"
          @pointerdown=${this.#down}
          @pointermove=${this.#move}
          @pointerup=${this.#up}
          @pointercancel=${this.#up}
        >
          <g
            fill="none"
            stroke="currentColor"
            stroke-width="2.5"
            stroke-linecap="round"
            stroke-linejoin="round"
          >
            ${this.strokes.map((s) => svg`<path d=${strokePath(s)}></path>`)}
          </g>
        </svg>
        <div class="baseline"></div>
      </div>
      <div class="row">
        <span class="hint">Sign with your finger, a pen or the mouse.</span>
        <button type="button" class="button-link" ?disabled=${this.empty} @click=${this.#clearAndFocus}>
          Clear signature
        </button>
      </div>`;
  }

  /** The button disables itself (nothing left to clear), so focus moves on to the pad. */
  async #clearAndFocus() {
    this.clear();
    await this.updateComplete;
    this.focus();
  }

  #point(event: PointerEvent, surface: Element): Point {
    const box = surface.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * PAD_WIDTH;
    const y = ((event.clientY - box.top) / box.height) * PAD_HEIGHT;
    return [Math.min(PAD_WIDTH, Math.max(0, x)), Math.min(PAD_HEIGHT, Math.max(0, y))];
  }

  #down(event: PointerEvent) {
    if (event.button !== 0) return;
    event.preventDefault();
    try {
      // Keeps the stroke going when the finger or pen strays outside the pad.
      (event.currentTarget as Element).setPointerCapture(event.pointerId);
    } catch {
      // A pointer the browser no longer tracks: draw without capture.
    }
    this.#current = [this.#point(event, event.currentTarget as Element)];
    this.strokes = [...this.strokes, this.#current];
  }

  #move(event: PointerEvent) {
    if (!this.#current) return;
    const surface = event.currentTarget as Element;
    const events = event.getCoalescedEvents?.() ?? [];
    for (const e of events.length ? events : [event]) this.#current.push(this.#point(e, surface));
    this.strokes = [...this.strokes.slice(0, -1), [...this.#current]];
  }

  #up() {
    if (!this.#current) return;
    this.#current = null;
    this.#changed();
  }

  #changed() {
    const value = this.value;
    this.#internals.setFormValue(value || null);
    const problem = this.problem;
    if (problem) this.#internals.setValidity({ customError: true }, problem);
    else this.#internals.setValidity({});
    this.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cb-signature-pad': SignaturePad;
  }
}
