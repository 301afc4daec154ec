/**
 * msw for one Node test file: listening for its tests, refusing any request no handler
 * answers (so a test never reaches a real practice system), the tests' own handlers dropped
 * after each, closed at the end.
 */
import { after, afterEach, before } from 'node:test';
import type { RequestHandler } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';

export function testServer(...handlers: RequestHandler[]): SetupServer {
  const server = setupServer(...handlers);
  before(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  after(() => server.close());
  return server;
}
