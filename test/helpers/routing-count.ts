/**
 * Counts the requests an app's Hono router matches, so a test can tell the answers sent
 * before routing (the kept-answer path, `proxy/http/kept-answers.ts`) from routed ones.
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../../proxy/env.ts';

/** Starts counting `app`'s router matches; call after its first request (the router is built then). */
export function countRouting(app: Hono<AppEnv>): { readonly matched: number } {
  const counter = { matched: 0 };
  const router = app.router;
  const match = router.match.bind(router);
  router.match = (method, path) => {
    counter.matched += 1;
    return match(method, path);
  };
  return counter;
}
