/**
 * Focus is never lost to the page (WCAG 2.4.3). When a render of an element removes the
 * control inside it that had focus (a "Try again" replaced by the loading message, a step
 * replaced by the next, a signature pad replaced by the signature), focus moves to what took
 * its place: the step's heading, the status message, the signature. Controls that cannot act
 * for a moment stay focusable instead (`aria-disabled`), so they keep focus themselves.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class FocusKeeper implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #target: () => HTMLElement | null;
  #hadFocus = false;

  /** @param target where focus goes when it would be lost, e.g. the heading */
  constructor(host: ReactiveControllerHost & HTMLElement, target: () => HTMLElement | null) {
    this.#host = host;
    this.#target = target;
    host.addController(this);
  }

  hostUpdate(): void {
    this.#hadFocus = this.#host.matches(':focus-within');
  }

  hostUpdated(): void {
    if (this.#hadFocus && !this.#host.matches(':focus-within')) this.#target()?.focus();
  }
}
