/**
 * What every request starts with: its id (a caller's `X-Request-Id` when well formed, else a
 * new one), its client address, and for API paths the response headers it will be answered
 * with, gathered into one plain record before any handler runs.
 *
 * Why a record: Node's server writes a response built from a string or bytes and a plain
 * header record straight to the socket. A middleware that touches `c.res` before or after
 * the handler (as `hono/cors` and `hono/secure-headers` do) makes it rebuild the answer as a
 * Web `Response` and stream it. So middleware adds to the record (`c.get('responseHeaders')`),
 * handlers build their response once with {@link respond}, and anything built some other
 * way (`c.json` in a new route) gets the record added on the way out.
 */
import type { MiddlewareHandler } from 'hono';
import type { ApiRequest, AppEnv } from '../env.ts';
import type { AddressedRequest } from '../security/client-address.ts';
import { API_SECURITY_HEADERS, isApiPath } from '../security/security-headers.ts';

const REQUEST_ID = /^[\w\-=]{1,255}$/;

/** Responses built with the request's header record already in them. */
const complete = new WeakSet<Response>();

export interface RequestContextOptions {
  /** Names the client of a request (see `security/client-address.ts`). */
  clientAddressOf: (c: AddressedRequest) => string;
}

/** Mount first: sets `requestId`, `clientAddress` and, on API paths, `responseHeaders`. */
export function requestContext(options: RequestContextOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!isApiPath(c.req.path)) {
      const id = requestIdOf(c);
      c.set('requestId', id);
      c.set('clientAddress', options.clientAddressOf(c));
      c.header('X-Request-Id', id);
      return next();
    }
    const headers = startApiRequest(c, options.clientAddressOf);
    await next();
    if (!complete.has(c.res)) addMissingHeaders(c.res, headers);
  };
}

/**
 * The first step of every API request, routed or answered from a kept answer: sets its id,
 * its client and the header record its answer will carry (security headers, request id).
 */
export function startApiRequest(
  c: ApiRequest,
  clientAddressOf: (c: AddressedRequest) => string,
): Record<string, string> {
  const id = requestIdOf(c);
  c.set('requestId', id);
  c.set('clientAddress', clientAddressOf(c));
  const headers: Record<string, string> = { ...API_SECURITY_HEADERS, 'X-Request-Id': id };
  c.set('responseHeaders', headers);
  return headers;
}

/** A caller's `X-Request-Id` when well formed, else a new one. */
function requestIdOf(c: AddressedRequest): string {
  const given = c.req.header('X-Request-Id');
  return given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}

/** What {@link respond} reads of a request: its header record, when it is an API request. */
export interface RespondingRequest {
  get(key: 'responseHeaders'): Record<string, string> | undefined;
}

/** Builds the response once, with the request's header record and `headers` on top. */
export function respond(
  c: RespondingRequest,
  status: number,
  body: string | Uint8Array | null,
  headers?: Record<string, string>,
): Response {
  const base = c.get('responseHeaders');
  const res = new Response(body as BodyInit | null, {
    status,
    headers: base ? (headers ? { ...base, ...headers } : base) : (headers ?? {}),
  });
  if (base) complete.add(res);
  return res;
}

/** {@link respond} with a JSON body. */
export function respondJson(
  c: RespondingRequest,
  status: number,
  value: unknown,
  headers?: Record<string, string>,
): Response {
  return respond(c, status, JSON.stringify(value), { 'Content-Type': 'application/json', ...headers });
}

/** Adds `token` to a `Vary` list once, whatever is already there. */
export function varyWith(vary: string | undefined, token: string): string {
  if (!vary) return token;
  const lower = token.toLowerCase();
  return vary
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .includes(lower)
    ? vary
    : `${vary}, ${token}`;
}

function addMissingHeaders(res: Response, headers: Record<string, string>) {
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'Vary') {
      let vary = res.headers.get('Vary') ?? undefined;
      for (const token of value.split(',')) vary = varyWith(vary, token.trim());
      if (vary) res.headers.set('Vary', vary);
    } else if (!res.headers.has(name)) {
      res.headers.set(name, value);
    }
  }
}
