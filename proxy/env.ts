/**
 * Hono's typed environment for this app: what middleware puts on the context.
 */
import type { Clinic } from './clinic.ts';
import type { RateLimitGate } from './security/rate-limit.ts';

export interface AppVariables {
  /** The clinic named by `:clinicId`, resolved by the clinic middleware. */
  clinic: Clinic;
  requestId: string;
  /** The client's address as a rate-limit key (see `security/client-address.ts`). */
  clientAddress: string;
  /** The rate limits a route spends from (see `security/rate-limit.ts`). */
  limits: RateLimitGate;
}

export interface AppEnv {
  Variables: AppVariables;
}
