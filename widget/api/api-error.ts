/**
 * A failed call to the proxy, with what the proxy said (or `network_error` when it said
 * nothing).
 */
import type { ErrorCode, Slot } from '../../shared/contract.ts';

/** Error codes the client adds to the proxy's own: the request never got an answer. */
export type ClientErrorCode = ErrorCode | 'network_error';

/** What the patient reads when the proxy (or something in its place) answered nonsense. */
export const UNAVAILABLE_MESSAGE =
  'Online booking is unavailable right now. Please try again in a few minutes.';

export class BookingApiError extends Error {
  readonly status: number;
  readonly code: ClientErrorCode;
  readonly fields: Record<string, string>;
  readonly alternatives: Slot[];
  /**
   * Whether the answer was the proxy's own JSON error. `false` when nothing answered, or
   * something else did (a web server's 404 page, a gateway's 502): the widget is then
   * probably pointed at the wrong address.
   */
  readonly fromProxy: boolean;

  constructor(
    status: number,
    code: ClientErrorCode,
    message: string,
    fields: Record<string, string> = {},
    alternatives: Slot[] = [],
    fromProxy = true,
  ) {
    super(message);
    this.name = 'BookingApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.alternatives = alternatives;
    this.fromProxy = fromProxy;
  }
}
