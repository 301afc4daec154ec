/**
 * The widget's endpoint map (`shared/endpoints.ts`) against the proxy: at the type level,
 * each endpoint's path and method exist in `AppType` and the proxy answers exactly the
 * type the widget expects (`tsc` fails otherwise); at run time, the app has each route.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExtractSchema } from 'hono/types';
import type { AppType } from '../proxy/app.ts';
import { createDemoProxy } from '../test/helpers/demo-proxy.ts';
import { ENDPOINTS, endpointPath, type EndpointName, type Endpoints } from './endpoints.ts';

// Hono's own extraction: inferring `Hono<E, S, B>` by hand (three of its four parameters)
// kept only the clinic routes, so the practice endpoint could not be checked.
type Schema = ExtractSchema<AppType>;
/** The routes at one path (the schema is a union of the sub-apps' schemas). */
type RouteAt<S, P extends PropertyKey> = S extends unknown ? (P extends keyof S ? S[P] : never) : never;
type ProxyRoute<K extends EndpointName> = RouteAt<Schema, Endpoints[K]['path']>;
type MethodKey<K extends EndpointName> = `$${Lowercase<Endpoints[K]['method']>}`;
type ProxyAnswer<K extends EndpointName> =
  ProxyRoute<K> extends Record<MethodKey<K>, { output: infer O }> ? O : 'no such route';
/** True when A and B are the same type (not merely assignable one way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// Each line fails to compile when the proxy's route or answer differs from the widget's map.
const answersMatch: { [K in EndpointName]: Same<ProxyAnswer<K>, Endpoints[K]['response']> } = {
  practice: true,
  bootstrap: true,
  availability: true,
  createBooking: true,
  getManaged: true,
  reschedule: true,
  cancel: true,
};

describe('the widget’s endpoints', () => {
  it('are answered by the proxy with the types the widget reads (checked by tsc)', () => {
    assert.ok(Object.values(answersMatch).every(Boolean));
  });

  it('are routes of the proxy app, with their methods', () => {
    const { app } = createDemoProxy();
    const routes = new Set(app.routes.map((r) => `${r.method} ${r.path}`));
    for (const { method, path } of Object.values(ENDPOINTS)) {
      assert.ok(routes.has(`${method} ${path}`), `${method} ${path}`);
    }
  });

  it('fill in their parameters, encoded', () => {
    assert.equal(endpointPath('bootstrap', { clinicId: 'a b/c' }), '/api/clinics/a%20b%2Fc/bootstrap');
    assert.equal(endpointPath('practice', { practiceId: 'a b' }), '/api/practices/a%20b');
    assert.equal(
      endpointPath('cancel', { clinicId: 'demo', token: 'a.b/c' }),
      '/api/clinics/demo/manage/a.b%2Fc/cancel',
    );
  });
});
