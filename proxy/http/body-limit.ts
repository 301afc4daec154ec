/**
 * The request body limit, for requests that carry one. GET, HEAD and OPTIONS pass untouched
 * (reading `body` there would build a whole Web `Request` per request for nothing).
 *
 * A refused body has not been read, and what is left of it would be read as the next request
 * on the connection; so the refusal says `Connection: close` and the server closes it.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './api-error.ts';

/** The 413 for a body over the limit; closes the connection (the rest of the body is unread). */
export function payloadTooLarge(): ApiError {
  return new ApiError(413, 'payload_too_large', 'The request is too large.', {
    headers: { Connection: 'close' },
  });
}

export function requestBodyLimit(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw payloadTooLarge();
    },
  });
  return (c, next) => {
    const method = c.req.method;
    return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? next() : limit(c, next);
  };
}
