/**
 * Routes that answer from the answer cache (`answer-cache.ts`): the key is the request's
 * path and query; a kept answer is sent with no await in between; a 304 comes from the kept
 * ETag; each compressed form is made once per answer. One `AnswerService` per app.
 *
 * Each kept answer also remembers how its route treated the request that built it (which
 * clinic or practice, its CORS check, the limit it spent), so a later request for the same
 * key can be answered before Hono routes it (`kept-answers.ts`) by the same steps.
 */
import type { Context, Handler, TypedResponse } from 'hono';
import type { Clinic } from '../clinic.ts';
import type { ApiRequest, AppEnv } from '../env.ts';
import type { Practice } from '../practice.ts';
import type { RouteGroup } from '../security/rate-limit.ts';
import { AnswerCache, type BuiltAnswer, type StoredAnswer } from './answer-cache.ts';
import type { OriginCheck } from './clinic-cors.ts';
import { chooseCoding, type Compression } from './compression.ts';
import { respond, varyWith } from './request-context.ts';

export interface AnswerServiceOptions {
  now: () => number;
  compression: Compression;
  /** False builds every answer afresh (for comparisons); default true. */
  keep?: boolean;
}

const ANSWER_HANDLER = Symbol('answer handler');

/** True for a handler made by {@link AnswerService.route}. */
export function isAnswerHandler(handler: unknown): boolean {
  return typeof handler === 'function' && (handler as { [ANSWER_HANDLER]?: true })[ANSWER_HANDLER] === true;
}

/** How a kept answer's route treated its requests: what the kept-answer path does again. */
export interface KeptRoute {
  /** The route's pattern, as Hono names it in logs (`/api/clinics/:clinicId/availability`). */
  routePath: string;
  cacheControl: string;
  /** The path's clinic or practice. */
  scope: { clinic: Clinic } | { practice: Practice };
  /** Its CORS check (`clinic-cors.ts`). */
  allowsOrigin: OriginCheck;
  /** The limit it spends (`spends`). */
  spent: RouteGroup;
}

/** A kept answer and its route, for the kept-answer path. */
export interface KeptAnswer {
  answer: StoredAnswer;
  route: KeptRoute;
}

export class AnswerService {
  readonly #cache: AnswerCache;
  readonly #compression: Compression;
  readonly #routes = new WeakMap<StoredAnswer, KeptRoute>();

  constructor(options: AnswerServiceOptions) {
    this.#cache = new AnswerCache({ now: options.now, ...(options.keep === false ? { maxEntries: 0 } : {}) });
    this.#compression = options.compression;
  }

  /**
   * A GET handler answering from the cache, building with `build` on a miss. Answers for
   * queries with parameters outside `params` are sent but not kept, so made-up parameters
   * cannot crowd out real answers.
   */
  route<T>(
    cacheControl: string,
    params: readonly string[],
    build: (c: Context<AppEnv>) => Promise<BuiltAnswer & { body: T }>,
  ) {
    // Typed as the JSON it sends (what `build` made, serialised), so the app's type
    // (`AppType`) names each answer and `shared/endpoints.test.ts` can check the widget's.
    type Answer = Response & TypedResponse<T, 200, 'json'>;
    const handler: Handler<AppEnv, string, object, Answer | Promise<Answer>> = (c) => {
      const key = requestKey(c.req.url);
      const kept = this.#cache.kept(key);
      if (kept) {
        this.#remember(c, kept, cacheControl);
        return this.send(c, kept, cacheControl) as Answer | Promise<Answer>;
      }
      return this.#cache
        .answer(key, async () => {
          const built = await build(c);
          return onlyKnownParams(c, params) ? built : { ...built, changesAt: -Infinity };
        })
        .then((answer) => {
          this.#remember(c, answer, cacheControl);
          return this.send(c, answer, cacheControl) as Answer | Promise<Answer>;
        });
    };
    return Object.assign(handler, { [ANSWER_HANDLER]: true });
  }

  /**
   * The answer kept for `key` (a request's path and query) while it holds, with how its
   * route treated the request that built it; `undefined` when none is kept or its route is
   * not yet known.
   */
  keptFor(key: string): KeptAnswer | undefined {
    const answer = this.#cache.kept(key);
    const route = answer && this.#routes.get(answer);
    return route ? { answer, route } : undefined;
  }

  /** Notes how the route treated `c`, once per answer (every request for one key is routed alike). */
  #remember(c: Context<AppEnv>, answer: StoredAnswer, cacheControl: string) {
    if (this.#routes.has(answer)) return;
    const clinic = c.get('clinic');
    const practice = c.get('practice');
    const allowsOrigin = c.get('allowsOrigin');
    const spent = c.get('spent');
    if (!allowsOrigin || !spent || (!clinic && !practice)) return;
    this.#routes.set(answer, {
      routePath: c.req.routePath,
      cacheControl,
      scope: clinic ? { clinic } : { practice },
      allowsOrigin,
      spent,
    });
  }

  /** Sends a stored answer: 304 when the client holds it, else compressed as the client accepts. */
  send(c: ApiRequest, answer: StoredAnswer, cacheControl: string): Response | Promise<Response> {
    const codings = this.#compression.codings;
    const compressible = answer.compressible() && codings.length > 0;
    const coding = compressible ? chooseCoding(c.req.header('Accept-Encoding'), codings) : null;
    const etag = `"${answer.tag}${coding ? `-${coding}` : ''}"`;
    const vary = compressible ? varyWith(c.get('responseHeaders').Vary, 'Accept-Encoding') : undefined;
    const headers: Record<string, string> = { ETag: etag, 'Cache-Control': cacheControl };
    if (vary) headers.Vary = vary;
    const ifNoneMatch = c.req.header('If-None-Match');
    if (ifNoneMatch && matchesTag(ifNoneMatch, answer.tag)) return respond(c, 304, null, headers);
    headers['Content-Type'] = 'application/json';
    if (!coding) return respond(c, 200, answer.bytes, headers);
    headers['Content-Encoding'] = coding;
    const ready = answer.compressedIfReady(coding);
    if (ready) return respond(c, 200, ready, headers);
    return answer.compressed(coding, this.#compression).then((bytes) => respond(c, 200, bytes, headers));
  }
}

/** A request's path and query, from its URL: what an answer depends on (the clinic is in the path). */
export function requestKey(url: string): string {
  return url.slice(url.indexOf('/', url.indexOf('//') + 2));
}

function onlyKnownParams(c: Context, params: readonly string[]): boolean {
  return Object.keys(c.req.queries()).every((name) => params.includes(name));
}

/**
 * `If-None-Match` against an answer's tag, by weak comparison: any of its representations
 * (plain, brotli, gzip) matches, as they carry the same content.
 */
function matchesTag(ifNoneMatch: string, tag: string): boolean {
  for (const part of ifNoneMatch.split(',')) {
    let candidate = part.trim();
    if (candidate === '*') return true;
    if (candidate.startsWith('W/')) candidate = candidate.slice(2);
    if (candidate === `"${tag}"` || candidate === `"${tag}-br"` || candidate === `"${tag}-gzip"`) return true;
  }
  return false;
}
