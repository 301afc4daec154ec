/**
 * The proxy's Hono app. Runtime-agnostic: no `node:*` imports here, so it runs on Node
 * (see `node.ts`), in a worker, or inside a browser test through msw.
 *
 * Every answer is JSON; every error is `{"error":{"code","message",...}}` with a stable
 * code, and nothing from an upstream body, a credential or a stack trace reaches a client.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Clinic } from './clinic.ts';
import type { ApiRequest, AppEnv, AppVariables } from './env.ts';
import { ApiError } from './http/api-error.ts';
import { AnswerService } from './http/answers.ts';
import { payloadTooLarge, requestBodyLimit } from './http/body-limit.ts';
import { clinicCors, practiceCors } from './http/clinic-cors.ts';
import { webCompression, type Compression } from './http/compression.ts';
import { assertAnswersReplayable, keptAnswerPath, replayed } from './http/kept-answers.ts';
import { requestContext, respondJson } from './http/request-context.ts';
import { createJsonLogger, type Logger } from './logger.ts';
import { availabilityRoutes } from './routes/availability.ts';
import { bookingRoutes } from './routes/bookings.ts';
import { capacityRoutes } from './routes/capacity.ts';
import { CapacitySnapshots } from './capacity/capacity-snapshots.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { catalogueRoutes } from './routes/catalogue.ts';
import { clinicProfileRoutes } from './routes/clinic-profile.ts';
import { manageRoutes } from './routes/manage.ts';
import { practiceRoutes } from './routes/practice.ts';
import { practiceCapacityRoutes } from './routes/practice-capacity.ts';
import type { PracticeConfig } from './config/practice-config.ts';
import { resolvePractices } from './practice.ts';
import type { BookingChange } from './manage/manage-booking.ts';
import { createManageTokens, randomManageSecret } from './manage/manage-token.ts';
import { widgetRoutes, type WidgetLoader } from './routes/widget.ts';
import {
  clientAddressResolver,
  type ConnectionAddress,
  type TrustedProxy,
} from './security/client-address.ts';
import {
  assertRoutesDeclareLimits,
  DEFAULT_RATE_LIMITS,
  NO_RATE_LIMITS,
  rateLimitGate,
  type RateLimitPolicy,
} from './security/rate-limit.ts';
import { RateLimiter } from './security/rate-limiter.ts';
import { securityHeaders } from './security/security-headers.ts';
import { createTurnstileVerifier } from './security/turnstile.ts';
import { createMemoryStore } from './store/memory-store.ts';
import type { Store } from './store/store.ts';

/** The largest request body accepted; a drawn signature is a few kilobytes. */
export const MAX_BODY_BYTES = 256 * 1024;

export interface AppOptions {
  clinics: Clinic[];
  /** Groups of the clinics shown by one widget (`/api/practices/:practiceId`); default none. */
  practices?: readonly PracticeConfig[];
  /** Loads built files from dist/: the widget (`widget.js` and its chunks) and the dashboard (`dashboard/…`); absent when not built. */
  widget?: WidgetLoader;
  /** The widget's release, sent with its files as `X-Widget-Version`. */
  widgetVersion?: string;
  /** Serves the demo pages and other static files; mounted after every API route. */
  assets?: MiddlewareHandler;
  now?: () => Date;
  logger?: Logger;
  /**
   * The connection's remote address. The Node entry passes `getConnInfo`'s; without it
   * every client shares one per-client rate limit.
   */
  clientAddress?: ConnectionAddress;
  /** Believe this reverse proxy's forwarding header for the client's address (see docs/security.md). */
  trustedProxy?: TrustedProxy;
  /** Rate limits; default {@link DEFAULT_RATE_LIMITS}. `false` turns them off (benchmarks only). */
  rateLimits?: RateLimitPolicy | false;
  /** `fetch` for Cloudflare Turnstile's siteverify; default the global one. */
  fetch?: typeof fetch;
  /**
   * Compresses answers; the Node entry passes brotli and gzip (`http/node-compression.ts`).
   * Default: gzip where the runtime has `CompressionStream`.
   */
  compression?: Compression;
  /** Keep serialised answers between requests (`http/answer-cache.ts`); default true. */
  cacheAnswers?: boolean;
  /**
   * Shared state: idempotency records, locks, booking rate limits (see `store/`). Default
   * this process's memory; the Node entry opens PostgreSQL or PGlite. Give the clinics'
   * providers the same store (`buildClinics`).
   */
  store?: Store;
  /** True while the process shuts down: `GET /readyz` then answers 503 so balancers move on. */
  draining?: () => boolean;
  /** The longest a patient waits for a booking's answer (see `routes/bookings.ts`). */
  bookingDeadlineMs?: number;
  /**
   * Signs the change-or-cancel links (`MANAGE_LINK_SECRET`, at least 32 characters; see
   * `manage/link-secret.ts`). Default a random one for this process: links then stop working
   * when it restarts, which only tests and benchmarks can accept.
   */
  manageLinkSecret?: string;
  /**
   * Built capacity shared by the feeds and the alert monitor (`capacity/alert-monitor.ts`),
   * so a check and a dashboard reuse one build; default one of the app's own.
   */
  capacitySnapshots?: CapacitySnapshots;
  /**
   * Told of each move and cancel a patient's request made, after its webhook events are in
   * the outbox (which holds them whether or not anything listens here).
   */
  onBookingChanged?: (change: BookingChange) => void | Promise<void>;
}

export function createApp(options: AppOptions) {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? createJsonLogger();
  const clinics = new Map(options.clinics.map((clinic) => [clinic.config.id, clinic]));
  const practices = resolvePractices(options.practices ?? [], clinics);
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const store = options.store ?? createMemoryStore();
  const manageTokens = createManageTokens(options.manageLinkSecret ?? randomManageSecret());
  const bookingDeps = {
    now,
    logger,
    store,
    manageTokens,
    verifyTurnstile: createTurnstileVerifier({ fetch: fetchImpl, logger }),
    ...(options.bookingDeadlineMs ? { deadlineMs: options.bookingDeadlineMs } : {}),
  };
  const clientAddressOf = clientAddressResolver({
    ...(options.clientAddress ? { connection: options.clientAddress } : {}),
    ...(options.trustedProxy ? { trustedProxy: options.trustedProxy } : {}),
  });
  const limits =
    options.rateLimits === false
      ? NO_RATE_LIMITS
      : rateLimitGate({
          local: new RateLimiter({ now: () => now().getTime() }),
          shared: store.rateLimits,
          policy: options.rateLimits ?? DEFAULT_RATE_LIMITS,
          logger,
        });
  const snapshots = options.capacitySnapshots ?? new CapacitySnapshots({ now });
  // The feeds' own limits, one counter for the clinic and practice feeds alike.
  const capacityLimiter = new RateLimiter({ now: () => now().getTime() });
  const answers = new AnswerService({
    now: () => now().getTime(),
    compression: options.compression ?? webCompression(),
    keep: options.cacheAnswers ?? true,
  });

  const clinicApi = new Hono<AppEnv>()
    .route('/', clinicProfileRoutes(answers))
    .route('/', catalogueRoutes(answers))
    .route('/', availabilityRoutes(now, answers))
    .route('/', bookingRoutes(bookingDeps))
    .route('/', capacityRoutes({ now, snapshots, limiter: capacityLimiter }))
    .route(
      '/',
      manageRoutes({
        now,
        logger,
        store,
        tokens: manageTokens,
        ...(options.onBookingChanged ? { onChanged: options.onBookingChanged } : {}),
      }),
    );

  /**
   * Puts the clinic or practice a path names on the context, or answers 404 with `code`.
   * Guessing ids spends the sender's allowance like any other request.
   */
  const named =
    <K extends 'clinic' | 'practice'>(
      key: K,
      param: 'clinicId' | 'practiceId',
      known: ReadonlyMap<string, AppVariables[K]>,
      code: 'clinic_not_found' | 'practice_not_found',
      notFound: string,
    ): MiddlewareHandler<AppEnv> =>
    async (c, next) => {
      const found = known.get(c.req.param(param) ?? '');
      if (!found) {
        await limits.client(c, 'other');
        throw new ApiError(404, code, `This booking page is not set up correctly: ${notFound}`);
      }
      c.set(key, found);
      c.set('limits', limits);
      await next();
    };

  // Each middleware here is replayed(...): the kept-answer path (http/kept-answers.ts) does
  // its work again for a kept answer (or it does nothing for a GET on an API path).
  const app = new Hono<AppEnv>()
    .use(replayed(requestContext({ clientAddressOf })))
    .use(replayed(securityHeaders()))
    // Also matches the clinic's own path, so CORS runs once for it.
    .use('/api/clinics/:clinicId/*', replayed(clinicCors(clinics)))
    .use('/api/practices/:practiceId/*', replayed(practiceCors(practices)))
    .use('/api/*', replayed(requestBodyLimit(MAX_BODY_BYTES)))
    .use(
      '/api/clinics/:clinicId/*',
      replayed(named('clinic', 'clinicId', clinics, 'clinic_not_found', 'the clinic was not found.')),
    )
    .use(
      '/api/practices/:practiceId/*',
      replayed(
        named('practice', 'practiceId', practices, 'practice_not_found', 'the practice was not found.'),
      ),
    )
    // Readable from any origin: a widget refused by a clinic's allowedOrigins asks it
    // whether the proxy is up at all, to tell a setup problem from a network one.
    .get('/healthz', (c) => respondJson(c, 200, { ok: true }, { 'Access-Control-Allow-Origin': '*' }))
    .get('/readyz', async (c) => {
      const draining = options.draining?.() ?? false;
      const storeReady = await store.ready();
      const ready = !draining && storeReady;
      return c.json({ ready, store: storeReady ? 'ready' : 'unavailable', draining }, ready ? 200 : 503, {
        'Cache-Control': 'no-store',
      });
    })
    .route('/', widgetRoutes(options.widget, options.widgetVersion))
    .route('/', dashboardRoutes(options.widget))
    .route('/api/clinics/:clinicId', clinicApi)
    .route('/api/practices/:practiceId', practiceRoutes(answers))
    .route(
      '/api/practices/:practiceId',
      practiceCapacityRoutes({ now, snapshots, limiter: capacityLimiter }),
    );

  if (options.assets) app.get('*', options.assets);
  // Fails at start-up, never in production: every clinic route says which limit it spends.
  assertRoutesDeclareLimits(app.routes, '/api/clinics/:clinicId');
  assertRoutesDeclareLimits(app.routes, '/api/practices/:practiceId');
  // And nothing stands in front of a cached answer that the kept-answer path would skip.
  assertAnswersReplayable(app.routes);

  app.notFound(async (c) => {
    // Probing for API paths spends the sender's allowance too.
    if (c.req.path.startsWith('/api/')) await limits.client(c, 'other');
    return jsonAnswer(c, 404, new ApiError(404, 'not_found', 'Nothing is here.').toBody());
  });

  /** Logs a failed request as `request.failed` and says which error answers it. */
  const failure = (c: ApiRequest, method: string, routePath: string, error: unknown): ApiError => {
    const apiError = toApiError(error);
    const level = apiError.status >= 500 ? 'error' : 'info';
    logger.log(level, 'request.failed', {
      requestId: c.get('requestId'),
      method,
      path: routePath,
      status: apiError.status,
      code: apiError.code,
      ...(apiError.status === 500 ? { error: error instanceof Error ? error.name : typeof error } : {}),
    });
    return apiError;
  };

  app.onError((error, c) => {
    const apiError = failure(c, c.req.method, c.req.routePath, error);
    return jsonAnswer(c, apiError.status, apiError.toBody(), apiError.headers);
  });

  // Kept answers are sent before Hono routes (see `http/kept-answers.ts`); the rest is routed.
  const kept = keptAnswerPath({
    answers,
    clientAddressOf,
    limits,
    failed: (c, routePath, error) => {
      const apiError = failure(c, 'GET', routePath, error);
      return respondJson(c, apiError.status, apiError.toBody(), apiError.headers);
    },
  });
  const routed = app.fetch;
  app.fetch = (request, env, executionCtx) => kept(request, env) ?? routed(request, env, executionCtx);

  return app;
}

/** A JSON answer built once on API paths (with the request's headers), else through Hono. */
function jsonAnswer(c: Context<AppEnv>, status: number, body: unknown, headers?: Record<string, string>) {
  return c.get('responseHeaders')
    ? respondJson(c, status, body, headers)
    : c.json(body, status as 404, headers);
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException && error.status === 413) return payloadTooLarge();
  if (error instanceof HTTPException && error.status < 500) {
    return new ApiError(400, 'bad_request', 'The request could not be understood.');
  }
  return new ApiError(
    500,
    'internal_error',
    'Something went wrong on our side. Please try again in a moment.',
  );
}

export type AppType = ReturnType<typeof createApp>;
