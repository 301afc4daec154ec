/**
 * The kept-answer path: a `GET` whose answer is kept (`answers.ts`) is answered before Hono
 * routes it, synchronously, so a warm request costs a lookup, the rate-limit check and a
 * write: no router, no chain of awaited middleware, no context.
 *
 * It runs the routed path's own steps, in its order, with what the route did for the request
 * that built the answer (`KeptRoute`): the request context (`startApiRequest`: id, client,
 * security headers), CORS (`addCorsHeaders` with the route's check), the clinic or practice
 * and the limits on the request, the limit the route spends (`spend`, synchronous for reads;
 * a refusal is answered by the app's own error answer), then `AnswerService.send`. Anything
 * else (a miss, another method, a path nothing was kept for) returns `undefined` and goes
 * through Hono. `proxy/http/answer-replay.test.ts` checks every header and byte against an app
 * that keeps nothing; `kept-answers.test.ts` that warm requests do not reach the router.
 */
import type { MiddlewareHandler } from 'hono';
import type { ApiRequest, AppVariables } from '../env.ts';
import type { AddressedRequest } from '../security/client-address.ts';
import { declaredGroup, spend, type RateLimitGate } from '../security/rate-limit.ts';
import { isAnswerHandler, requestKey, type AnswerService, type KeptAnswer } from './answers.ts';
import { addCorsHeaders } from './clinic-cors.ts';
import { startApiRequest } from './request-context.ts';

export interface KeptAnswerPathOptions {
  answers: AnswerService;
  /** Names the client, as the request context does. */
  clientAddressOf: (c: AddressedRequest) => string;
  /** The app's limits, as its clinic and practice middleware put them on the request. */
  limits: RateLimitGate;
  /** The app's answer to an error thrown at `routePath` (logged as `app.onError` logs it). */
  failed: (c: ApiRequest, routePath: string, error: unknown) => Response;
}

/** The request's headers as `c.req` reads them (a class, not a closure per request). */
class KeptHeaders {
  constructor(readonly headers: Headers) {}

  header(name: string): string | undefined {
    return this.headers.get(name) ?? undefined;
  }
}

/** A request answered on the kept-answer path, holding what the routed path keeps on its context. */
class KeptRequest implements ApiRequest {
  readonly req: KeptHeaders;
  readonly #variables: Partial<AppVariables> = {};

  constructor(
    request: Request,
    readonly env: unknown,
  ) {
    this.req = new KeptHeaders(request.headers);
  }

  // Like Hono's `c.get`: a variable no step has set is `undefined`.
  get<K extends keyof AppVariables>(key: K): AppVariables[K] {
    return this.#variables[key] as AppVariables[K];
  }

  set<K extends keyof AppVariables>(key: K, value: AppVariables[K]): void {
    this.#variables[key] = value;
  }
}

/**
 * Builds the app's kept-answer path: given a request and the runtime's bindings, its answer
 * when one is kept for it, else `undefined` (route it).
 */
export function keptAnswerPath(options: KeptAnswerPathOptions) {
  const { answers, clientAddressOf, limits, failed } = options;
  // No closure is made per request on the synchronous path: the proxy runs under tsx, whose
  // keep-names transform gives every function made at run time its name, at a cost per call.
  const send = (c: KeptRequest, kept: KeptAnswer): Response | Promise<Response> => {
    try {
      const sent = answers.send(c, kept.answer, kept.route.cacheControl);
      return sent instanceof Promise
        ? sent.catch((error: unknown) => failed(c, kept.route.routePath, error))
        : sent;
    } catch (error) {
      return failed(c, kept.route.routePath, error);
    }
  };
  return (request: Request, env: unknown): Response | Promise<Response> | undefined => {
    if (request.method !== 'GET') return undefined;
    const key = requestKey(request.url);
    if (!key.startsWith('/api/')) return undefined;
    const kept = answers.keptFor(key);
    if (!kept) return undefined;
    const { route } = kept;
    const c = new KeptRequest(request, env);
    startApiRequest(c, clientAddressOf);
    addCorsHeaders(c, route.allowsOrigin);
    if ('clinic' in route.scope) c.set('clinic', route.scope.clinic);
    else c.set('practice', route.scope.practice);
    c.set('limits', limits);
    let spending: Promise<void> | void;
    try {
      spending = spend(c, route.spent);
    } catch (error) {
      return failed(c, route.routePath, error);
    }
    if (!spending) return send(c, kept);
    return spending.then(
      () => send(c, kept),
      (error: unknown) => failed(c, route.routePath, error),
    );
  };
}

const REPLAYED = Symbol('replayed by the kept-answer path');

/**
 * Marks a middleware mounted in front of the answer routes as one the kept-answer path does
 * again (or that does nothing for a `GET` on an API path), so {@link assertAnswersReplayable}
 * lets it stand there.
 */
export function replayed<M extends MiddlewareHandler>(middleware: M): M {
  return Object.assign(middleware, { [REPLAYED]: true });
}

function isReplayed(handler: unknown): boolean {
  return typeof handler === 'function' && (handler as { [REPLAYED]?: true })[REPLAYED] === true;
}

/** A Hono route pattern as a regular expression over paths (`/*` also matches the path itself). */
function patternOf(path: string): RegExp {
  const source = path
    .split(/(\/\*$|\*|:[^/{]+(?:\{[^}]*\})?)/)
    .map((part) => {
      if (part === '/*') return '(?:/.*)?';
      if (part === '*') return '.*';
      if (part.startsWith(':')) return '[^/]+';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}

/**
 * Throws unless every answer route can be answered before routing by the steps the
 * kept-answer path takes: whatever runs before its handler is a {@link replayed} middleware
 * or the route's own `spends`. Checked as the app is built, so a new check in front of a
 * cached answer (a token, say) cannot be skipped by the kept-answer path unnoticed.
 */
export function assertAnswersReplayable(
  routes: ReadonlyArray<{ method: string; path: string; handler: unknown }>,
): void {
  const problems: string[] = [];
  routes.forEach((answer, index) => {
    if (!isAnswerHandler(answer.handler)) return;
    if (answer.method !== 'GET') problems.push(`${answer.method} ${answer.path} (answers are GETs)`);
    for (const before of routes.slice(0, index)) {
      if (before.method !== 'ALL' && before.method !== 'GET') continue;
      if (!patternOf(before.path).test(answer.path)) continue;
      const fine =
        before.method === 'ALL'
          ? isReplayed(before.handler)
          : before.path === answer.path && declaredGroup(before.handler) !== undefined;
      if (!fine) problems.push(`${before.method} ${before.path} runs before GET ${answer.path}`);
    }
  });
  if (problems.length > 0) {
    throw new Error(
      `The kept-answer path (http/kept-answers.ts) would skip these steps; do them there too and mark them replayed(...), or move them: ${problems.join('; ')}`,
    );
  }
}
