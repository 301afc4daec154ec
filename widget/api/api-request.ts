/**
 * One request to the proxy, built from the endpoint map (`shared/endpoints.ts`): the path and
 * method come from there, the answer is checked for the shape the widget reads, and every
 * failure becomes a {@link BookingApiError} with a message a patient can act on.
 */
import { ENDPOINTS, endpointPath, type EndpointName, type Endpoints } from '../../shared/endpoints.ts';
import { BookingApiError, UNAVAILABLE_MESSAGE } from './api-error.ts';
import { errorOf, type Guard } from './answer-shapes.ts';

export interface EndpointCall<K extends EndpointName> {
  params: Endpoints[K]['params'];
  query?: Endpoints[K]['query'];
  body?: Endpoints[K]['body'];
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/**
 * Calls `name` on the proxy at `root` and returns its answer, once `isAnswer` accepts it.
 * @param root the proxy's origin (and optional path prefix), without a trailing slash
 */
export async function callEndpoint<K extends EndpointName>(
  root: string,
  name: K,
  call: EndpointCall<K>,
  isAnswer: Guard<Endpoints[K]['response']>,
): Promise<Endpoints[K]['response']> {
  const query = call.query
    ? `?${new URLSearchParams(
        Object.entries(call.query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      )}`
    : '';
  const init: RequestInit = {
    method: ENDPOINTS[name].method,
    credentials: 'omit',
    ...(call.signal ? { signal: call.signal } : {}),
  };
  if (call.body !== undefined) {
    init.headers = { 'Content-Type': 'application/json', ...call.headers };
    init.body = JSON.stringify(call.body);
  } else if (call.headers) {
    init.headers = call.headers;
  }
  let response: Response;
  try {
    response = await fetch(`${root}${endpointPath(name, call.params)}${query}`, init);
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new BookingApiError(
      0,
      'network_error',
      'We could not reach the booking service. Check your connection and try again.',
      {},
      [],
      false,
    );
  }
  const body = (await response.json().catch(() => null)) as unknown;
  if (response.ok && isAnswer(body)) return body;
  const error = response.ok ? null : errorOf(body);
  if (!error) {
    // Not the proxy's answer: a web server's page, a gateway's error, or a body of the wrong shape.
    throw new BookingApiError(
      response.status,
      response.ok || response.status >= 500 ? 'upstream_error' : 'bad_request',
      UNAVAILABLE_MESSAGE,
      {},
      [],
      false,
    );
  }
  throw new BookingApiError(response.status, error.code, error.message, error.fields, error.alternatives);
}
