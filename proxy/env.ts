/**
 * Hono's typed environment for this app: what middleware puts on the context.
 */
import type { Clinic } from './clinic.ts';
import type { Practice } from './practice.ts';
import type { AddressedRequest } from './security/client-address.ts';
import type { RateLimitGate, RouteGroup } from './security/rate-limit.ts';

export interface AppVariables {
  /** The clinic named by `:clinicId`, resolved by the clinic middleware. */
  clinic: Clinic;
  /** The practice named by `:practiceId`, resolved by the practice middleware. */
  practice: Practice;
  requestId: string;
  /** The client's address as a rate-limit key (see `security/client-address.ts`). */
  clientAddress: string;
  /**
   * On API paths: the headers the answer will carry (security, request id, CORS), gathered
   * before the handler runs so the answer is built once (see `http/request-context.ts`).
   */
  responseHeaders: Record<string, string>;
  /** The rate limits a route spends from (see `security/rate-limit.ts`). */
  limits: RateLimitGate;
  /** Whether the path's clinic or practice takes calls from an origin (set by its CORS middleware). */
  allowsOrigin: (origin: string) => boolean;
  /** The limit the route spent (set by `spends`), so a kept answer's requests spend the same. */
  spent: RouteGroup;
}

/**
 * What the API's shared steps read and write of a request: its variables, headers and
 * bindings. A Hono `Context<AppEnv>` is one; so is the kept-answer path's request
 * (`http/kept-answers.ts`), which answers before Hono routes: both run the same steps.
 */
export interface ApiRequest extends AddressedRequest {
  get<K extends keyof AppVariables>(key: K): AppVariables[K];
  set<K extends keyof AppVariables>(key: K, value: AppVariables[K]): void;
}

export interface AppEnv {
  Variables: AppVariables;
}
