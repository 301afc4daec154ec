/**
 * A fake of Cloudflare Turnstile's siteverify endpoint, as msw handlers, following
 * Cloudflare's documentation:
 *
 * - `POST https://challenges.cloudflare.com/turnstile/v0/siteverify`, body form-encoded or
 *   JSON with `secret`, `response`, optional `remoteip` and `idempotency_key` (a UUID);
 * - answer `{"success","error-codes","challenge_ts","hostname","action","cdata"}`, always
 *   JSON, HTTP 200 even when the token is refused;
 * - error codes `missing-input-secret`, `invalid-input-secret`, `missing-input-response`,
 *   `invalid-input-response`, `bad-request`, `timeout-or-duplicate`, `internal-error`;
 * - a token is at most 2048 characters, valid for 300 seconds and verifiable once; the same
 *   `idempotency_key` with the same token repeats the first answer instead.
 *
 * Tests mint tokens the way the browser widget would get them (`issueToken`), and can make
 * the endpoint fail (`failNext`).
 */
import { http, HttpResponse } from 'msw';
import { SITEVERIFY_URL } from '../../../proxy/security/turnstile.ts';

interface IssuedToken {
  hostname: string;
  action: string;
  issuedAt: number;
  spent: boolean;
}

export interface SiteverifyCall {
  secret: string | undefined;
  response: string | undefined;
  remoteip: string | undefined;
  idempotencyKey: string | undefined;
}

export interface FakeSiteverifyOptions {
  /** The clinic's secret key, as Cloudflare knows it. */
  secret: string;
  now?: () => number;
}

type Failure = 'network' | 'http-500' | 'internal-error';

export function createFakeSiteverify(options: FakeSiteverifyOptions) {
  const now = options.now ?? Date.now;
  const tokens = new Map<string, IssuedToken>();
  const answered = new Map<string, { token: string; body: Record<string, unknown> }>();
  const calls: SiteverifyCall[] = [];
  const failures: Failure[] = [];
  let counter = 0;

  const refuse = (...codes: string[]) => ({ success: false, 'error-codes': codes, messages: [] });

  function verify(call: SiteverifyCall): Record<string, unknown> {
    if (!call.secret) return refuse('missing-input-secret');
    if (call.secret !== options.secret) return refuse('invalid-input-secret');
    if (!call.response) return refuse('missing-input-response');
    if (call.idempotencyKey) {
      const earlier = answered.get(call.idempotencyKey);
      if (earlier && earlier.token === call.response) return earlier.body;
    }
    const token = call.response.length <= 2048 ? tokens.get(call.response) : undefined;
    if (!token) return refuse('invalid-input-response');
    if (token.spent || now() - token.issuedAt > 300_000) return refuse('timeout-or-duplicate');
    token.spent = true;
    return {
      success: true,
      'error-codes': [],
      challenge_ts: new Date(token.issuedAt).toISOString(),
      hostname: token.hostname,
      action: token.action,
      cdata: '',
      metadata: { interactive: false },
    };
  }

  const handler = http.post(SITEVERIFY_URL, async ({ request }) => {
    const failure = failures.shift();
    if (failure === 'network') return HttpResponse.error();
    if (failure === 'http-500')
      return new HttpResponse('<html>error</html>', {
        status: 500,
        headers: { 'Content-Type': 'text/html' },
      });
    if (failure === 'internal-error') return HttpResponse.json(refuse('internal-error'));
    const type = request.headers.get('Content-Type') ?? '';
    let fields: Record<string, string | undefined>;
    try {
      fields = type.includes('application/json')
        ? ((await request.json()) as Record<string, string | undefined>)
        : Object.fromEntries(new URLSearchParams(await request.text()));
    } catch {
      return HttpResponse.json(refuse('bad-request'));
    }
    const call: SiteverifyCall = {
      secret: fields.secret,
      response: fields.response,
      remoteip: fields.remoteip,
      idempotencyKey: fields.idempotency_key,
    };
    calls.push(call);
    if (
      call.idempotencyKey !== undefined &&
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(call.idempotencyKey)
    ) {
      return HttpResponse.json(refuse('bad-request'));
    }
    const body = verify(call);
    if (call.idempotencyKey && call.response && !answered.has(call.idempotencyKey)) {
      answered.set(call.idempotencyKey, { token: call.response, body });
    }
    return HttpResponse.json(body);
  });

  return {
    handlers: [handler],
    calls,
    /** A token as the widget gets it after the visitor passes the challenge on `hostname`. */
    issueToken(issued: { hostname: string; action?: string }): string {
      counter += 1;
      const token = `0.fake-turnstile-token-${counter}-${'x'.repeat(200)}`;
      tokens.set(token, {
        hostname: issued.hostname,
        action: issued.action ?? 'book',
        issuedAt: now(),
        spent: false,
      });
      return token;
    },
    /** Makes the next call fail: no connection, an HTML 500, or Cloudflare's `internal-error`. */
    failNext(failure: Failure): void {
      failures.push(failure);
    },
  };
}

export type FakeSiteverify = ReturnType<typeof createFakeSiteverify>;
