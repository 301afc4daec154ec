/**
 * Hono's typed environment for this app: what middleware puts on the context.
 */
import type { Clinic } from './clinic.ts';
import type { Practice } from './practice.ts';
import type { RateLimitGate } from './security/rate-limit.ts';

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
}

export interface AppEnv {
  Variables: AppVariables;
}
