/**
 * What a fake practice system will do to its next requests, per operation: a fault to meet
 * (refuse, lose the answer, answer late; each fake says which it knows) and something to
 * run just before (reception books the slot). Queued by tests, taken by the fake as each
 * request for the operation arrives, first queued first.
 */
export class FaultPlan<Operation extends string, Fault> {
  readonly #faults: Array<{ operation: Operation; fault: Fault }> = [];
  readonly #hooks: Array<{ operation: Operation; run: () => void }> = [];

  /** The next `times` requests for `operation` meet `fault`. */
  failNext(operation: Operation, fault: Fault, times = 1): void {
    for (let i = 0; i < times; i += 1) this.#faults.push({ operation, fault });
  }

  /** Runs `run` just before the next request for `operation` is handled. */
  beforeNext(operation: Operation, run: () => void): void {
    this.#hooks.push({ operation, run });
  }

  /** For a request for `operation`, now: runs its hook, and gives its fault (or null). */
  take(operation: Operation): Fault | null {
    const hookAt = this.#hooks.findIndex((h) => h.operation === operation);
    if (hookAt >= 0) this.#hooks.splice(hookAt, 1)[0]!.run();
    const faultAt = this.#faults.findIndex((f) => f.operation === operation);
    return faultAt >= 0 ? this.#faults.splice(faultAt, 1)[0]!.fault : null;
  }
}
