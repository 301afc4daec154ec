/**
 * One signed POST of a webhook body: Standard Webhooks headers (`webhook-id`, the same on
 * every retry; `webhook-timestamp`, this attempt's; `webhook-signature`, by the
 * `standardwebhooks` library with the webhook's `whsec_` secret), to an address the guard
 * allows, with a time limit on the whole exchange and a size limit on the answer, which is
 * read only to be discarded (its body is never kept or logged). Redirects are not followed.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { AddressRefused, addressProblem, pinnedLookup } from './address-guard.ts';

/** How long one attempt may take, connection to last byte. */
export const SEND_TIMEOUT_MS = 10_000;
/** The most of an answer that is read; a longer one is cut off (the status still counts). */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface SendOptions {
  allowLoopback: boolean;
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** The attempt's time (the signature's timestamp); now by default. */
  now?: () => Date;
  /** A resolver for tests; the system's by default. */
  lookup?: ReturnType<typeof pinnedLookup>;
}

/** What an attempt came to: an HTTP status (with `Retry-After` if any) or a code for why there was none. */
export type SendResult =
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'error'; code: 'timeout' | 'network' | 'address_refused' };

/** The Standard Webhooks headers of one attempt. */
export function signedHeaders(
  secret: string,
  eventId: string,
  at: Date,
  body: string,
): Record<string, string> {
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(eventId, at, body),
  };
}

export function sendWebhook(
  url: string,
  secret: string,
  eventId: string,
  body: string,
  options: SendOptions,
): Promise<SendResult> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  // A literal address never reaches a lookup: check it here.
  if (isIP(host) !== 0 && addressProblem(host, options.allowLoopback) !== null) {
    return Promise.resolve({ kind: 'error', code: 'address_refused' });
  }
  const at = (options.now ?? (() => new Date()))();
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const req = send(target, {
      method: 'POST',
      lookup: options.lookup ?? pinnedLookup(options.allowLoopback),
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'clinic-booking-webhooks/1',
        ...signedHeaders(secret, eventId, at, body),
      },
    });
    const timer = setTimeout(() => finish({ kind: 'error', code: 'timeout' }), timeoutMs);
    req.on('error', (error) =>
      finish({ kind: 'error', code: error instanceof AddressRefused ? 'address_refused' : 'network' }),
    );
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const retryAfter = res.headers['retry-after'];
      const result: SendResult = {
        kind: 'status',
        status,
        ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
      };
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > maxBytes) finish(result);
      });
      res.on('end', () => finish(result));
      res.on('error', () => finish(result));
    });
    req.end(body);
  });
}
